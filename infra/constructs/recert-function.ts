import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { EntryPoint, TableAction } from '../../functions/entry-points.js';
import { BUNDLING } from './bundling-options.js';
import { timelineAssetCopyCommands } from './timeline-assets.js';

/** Repository root: `entry` paths in functions/entry-points.ts are relative to it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How long function logs are kept: long enough to investigate a monthly reminder cycle, bounded for cost. */
export const FUNCTION_LOG_RETENTION = RetentionDays.ONE_MONTH;

/** The table as functions see it: the index names let a grant name each index ARN instead of `index/*`. */
export interface RecertTableRef {
  readonly table: Pick<ITableV2, 'tableName' | 'tableArn'>;
  readonly indexNames: readonly string[];
}

/** Environment variables that carry a Secrets Manager ARN (read by functions/common/config.ts). */
export type SecretEnvName = 'TOKEN_KEY_SECRET_ARN' | 'PROVIDER_SECRETS_ARN' | 'TURNSTILE_SECRET_ARN';

/** The part of a secret a function needs (a `Secret` is not assignable to `ISecret` under exactOptionalPropertyTypes). */
export type ReadableSecret = Pick<ISecret, 'secretArn' | 'grantRead'>;

export interface RecertFunctionProps {
  /** The entry point from functions/entry-points.ts this function deploys. */
  readonly entryPoint: EntryPoint;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Plain configuration (no grants needed), e.g. BASE_URL. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * A Lambda function with Recert's defaults: latest Node.js runtime on ARM64, minified ESM bundle with source maps
 * and the AWS SDK left to the runtime, an explicit log group with bounded retention, X-Ray tracing, and its own
 * role with no managed policies. Each `bind`/`allow`/`read` method sets an environment variable together with
 * exactly the permission that goes with it, so configuration and IAM cannot drift apart.
 */
export class RecertFunction extends NodejsFunction {
  readonly entryPoint: EntryPoint;

  constructor(scope: Construct, id: string, props: RecertFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: FUNCTION_LOG_RETENTION });
    // An own role instead of the default one: the default attaches the AWSLambdaBasicExecutionRole managed policy,
    // which may write to every log group in the account.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: join(REPOSITORY_ROOT, props.entryPoint.entry),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools' `service` (ADR 0028): on every log line and as the one dimension of every Recert metric.
        POWERTOOLS_SERVICE_NAME: props.entryPoint.id,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourceMap,
        sourcesContent: BUNDLING.sourcesContent,
        banner: BUNDLING.banner,
        externalModules: [...BUNDLING.externalModules],
        mainFields: [...BUNDLING.mainFields],
        ...(props.entryPoint.drawsTimelinePictures
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => timelineAssetCopyCommands(outputDir),
              },
            }
          : {}),
      },
    });
    this.entryPoint = props.entryPoint;

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, ' +
        'so CDK grants them on "*". No DynamoDB or SES action is granted on "*".',
    });
  }

  /**
   * Sets TABLE_NAME and grants exactly `actions` (none when empty) on the table; Query (the only listed action that
   * works on an index) is granted on the ARN of each index in `indexes` only, never on every index of the table.
   */
  bindTable(ref: RecertTableRef, actions: readonly TableAction[], indexes: readonly string[] = []): void {
    // Every handler's config requires TABLE_NAME, even one that never touches the table (it then gets no grant).
    this.addEnvironment('TABLE_NAME', ref.table.tableName);
    if (actions.length === 0) return;
    Grant.addToPrincipal({
      grantee: this,
      actions: actions.map((action) => `dynamodb:${action}`),
      resourceArns: [ref.table.tableArn],
    });
    const unknown = indexes.filter((indexName) => !ref.indexNames.includes(indexName));
    if (unknown.length > 0) throw new Error(`indexes: no such index on the table: ${unknown.join(', ')}`);
    if (indexes.length > 0 && !actions.includes('Query')) throw new Error("indexes: needs 'Query' in tableActions");
    if (indexes.length > 0) {
      Grant.addToPrincipal({
        grantee: this,
        actions: ['dynamodb:Query'],
        resourceArns: indexes.map((indexName) => `${ref.table.tableArn}/index/${indexName}`),
      });
    }
  }

  /**
   * Sets SES_CONFIGURATION_SET and grants `ses:SendRawEmail` on the sender identity and that configuration set
   * only (SES authorizes a send against both ARNs when a configuration set is named).
   */
  allowSending(identity: IEmailIdentity, configurationSet: IConfigurationSet): void {
    this.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
    Grant.addToPrincipal({
      grantee: this,
      actions: ['ses:SendRawEmail'],
      resourceArns: [identity.emailIdentityArn, this.configurationSetArn(configurationSet)],
    });
  }

  /**
   * Sets SES_CONFIGURATION_SET and grants `ses:UpdateConfigurationSetSendingEnabled` on that configuration set only
   * (the reputation guard turns its sending off; no other SES setting and no other configuration set).
   */
  allowPausingSending(configurationSet: IConfigurationSet): void {
    this.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
    Grant.addToPrincipal({
      grantee: this,
      actions: ['ses:UpdateConfigurationSetSendingEnabled'],
      resourceArns: [this.configurationSetArn(configurationSet)],
    });
  }

  /** The SES v1 ARN of a configuration set (`IConfigurationSet` exposes only its name). */
  private configurationSetArn(configurationSet: IConfigurationSet): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });
  }

  /** Sets `envName` to the secret's ARN and grants reading it (the function fetches it at cold start). */
  readSecret(secret: ReadableSecret, envName: SecretEnvName): void {
    this.addEnvironment(envName, secret.secretArn);
    secret.grantRead(this);
  }
}
