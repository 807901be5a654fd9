import { App } from 'aws-cdk-lib';
import { CONTEXT_KEYS, type ContextKey, parseAppConfig } from './app-config.js';
import { addRecert } from './recert.js';

// The only place that reads CDK context and the environment; everything else receives typed values.
const app = new App();
const context: Partial<Record<ContextKey, unknown>> = Object.fromEntries(
  CONTEXT_KEYS.map((key) => [key, app.node.tryGetContext(key)]),
);
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

addRecert(app, parseAppConfig(context), account && region ? { account, region } : undefined);
app.synth();
