import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../infra/app-config.js';
import { addRecert } from '../../infra/recert.js';
import { testApp } from './recert-template.js';

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{ readonly pluginName: string; readonly conclusion: string }>;
}

function report(outdir: string): ValidationReport {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}

describe('cdk-nag AwsSolutions and Serverless checks', () => {
  it('pass on the whole app: every finding is fixed or acknowledged with a reason', () => {
    const app = testApp();
    addRecert(app, parseAppConfig({}));

    const assembly = app.synth();

    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
      'Recert-dev-Stateful',
      'Recert-dev-Stateless',
    ]);
    // The report lists only plugins with findings; the two tests below prove both packs run.
    const failures = report(assembly.directory).pluginReports.filter((plugin) => plugin.conclusion !== 'success');
    expect(failures).toEqual([]);
  });

  it('fail the synth on an unacknowledged finding in either stack', () => {
    const app = testApp();
    const { stateless } = addRecert(app, parseAppConfig({}));
    new Queue(stateless, 'PlainQueue');

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    const plugin = report(app.outdir).pluginReports.find((candidate) => candidate.pluginName === 'AwsSolutions');
    expect(JSON.stringify(plugin)).toMatch(/AwsSolutions-SQS4[\s\S]*PlainQueue/);
  });

  it('fail the synth on a Serverless finding too: an SQS queue with no redrive policy', () => {
    const app = testApp();
    const { stateless } = addRecert(app, parseAppConfig({}));
    const queue = new Queue(stateless, 'PlainQueue', { enforceSSL: true });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'only the Serverless finding is under test here',
    });

    expect(() => app.synth()).toThrow(/Serverless-SQSRedrivePolicy/);
    const plugin = report(app.outdir).pluginReports.find((candidate) => candidate.pluginName === 'Serverless');
    expect(JSON.stringify(plugin)).toMatch(/Serverless-SQSRedrivePolicy[\s\S]*PlainQueue/);
  });

  it('are acknowledged only with a written reason in infra/', () => {
    const sources = [
      'constructs/recert-function.ts',
      'constructs/recert-http-api.ts',
      'constructs/dead-letter-queue.ts',
      'stateful-stack.ts',
      'stateless-stack.ts',
    ];
    for (const source of sources) {
      const text = readFileSync(join(import.meta.dirname, '..', '..', 'infra', source), 'utf8');
      const acknowledgements = [...text.matchAll(/acknowledge\(\{\s*id: '([^']+)',\s*reason:\s*'([^']*)/g)];
      expect(acknowledgements.length, source).toBeGreaterThan(0);
      for (const [, id, reason] of acknowledgements) expect(reason?.length, `${source}: ${id}`).toBeGreaterThan(40);
    }
  });
});
