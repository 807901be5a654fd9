import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type ContextKey, parseAppConfig } from '../../infra/app-config.js';
import { addRecert, type RecertStacks } from '../../infra/recert.js';

/**
 * A fresh app with bundling skipped (esbuild never runs) writing into a temporary directory. The built-in
 * CloudFormation validation (~3 s a synth) is left to the one real `cdk synth` in cdk-synth.test.ts.
 */
export function testApp(): App {
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'recert-cdk-')),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
}

export interface SynthesizedRecert extends RecertStacks {
  readonly app: App;
  readonly statelessTemplate: Template;
  readonly statefulTemplate: Template;
}

/** Builds Recert exactly as infra/app.ts does, from the given context values, and returns both templates. */
export function synthRecert(context: Partial<Record<ContextKey, unknown>> = {}): SynthesizedRecert {
  const app = testApp();
  const stacks = addRecert(app, parseAppConfig(context));
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}

/** The logical id CloudFormation knows `construct` by (its L1 resource's id). */
export function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnResource;
  return Stack.of(construct).getLogicalId(resource);
}
