import { describe, expect, it } from 'vitest';
import { json } from '../../../../functions/common/http.js';
import { logger } from '../../../../functions/common/logger.js';
import { MetricUnit, metrics, RECERT_METRICS_NAMESPACE } from '../../../../functions/common/metrics.js';
import * as z from '../../../../functions/common/zod.js';
import { eventRoute } from '../../../../functions/edge/event-route.js';
import { httpRoute } from '../../../../functions/edge/http-route.js';
import { HANDLER_ERRORS_METRIC } from '../../../../functions/edge/map-errors.js';
import { webhookRoute } from '../../../../functions/edge/webhook-route.js';
import { handler as notFound } from '../../../../functions/http/not-found.js';
import { httpEvent } from '../../../helpers/http-event.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';
import { recordLoggerLines } from '../../../helpers/log-guard.js';

/** Every line `invoke` made the logger print, parsed. */
async function printed(invoke: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const recording = recordLoggerLines();
  try {
    await invoke();
  } finally {
    recording.stop();
  }
  return recording.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const context = (awsRequestId: string) => ({ ...lambdaContext(), awsRequestId, functionName: 'recert-GetMe' });

interface Emf {
  readonly _aws: {
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: string[][];
      readonly Metrics: ReadonlyArray<{ readonly Name: string; readonly Unit: string }>;
    }>;
  };
  readonly [key: string]: unknown;
}

describe('every Lambda entry is observed (ADR 0028)', () => {
  const logsAndCounts = httpRoute({}, async () => {
    logger.info('working');
    metrics.addMetric('ObservedWork', MetricUnit.Count, 2);
    return json(200, { ok: true });
  });

  it("puts the invocation's request id, function name and cold-start flag on its log lines", async () => {
    const first = await printed(() => logsAndCounts(httpEvent(), context('req-1')));
    const second = await printed(() => logsAndCounts(httpEvent(), context('req-2')));

    const [firstLog] = first.filter((line) => line.level === 'INFO');
    const [secondLog] = second.filter((line) => line.level === 'INFO');
    expect(firstLog).toMatchObject({ message: 'working', function_request_id: 'req-1', function_name: 'recert-GetMe' });
    expect(secondLog).toMatchObject({ function_request_id: 'req-2', cold_start: false });
    expect(typeof firstLog?.cold_start).toBe('boolean');
  });

  it('flushes what the invocation counted as one EMF line in namespace Recert, with the service dimension', async () => {
    const lines = await printed(() => logsAndCounts(httpEvent(), context('req-3')));
    const emf = lines.filter((line) => '_aws' in line) as unknown as Emf[];

    expect(emf).toHaveLength(1);
    const [directive] = emf[0]?._aws.CloudWatchMetrics ?? [];
    expect(directive).toEqual({
      Namespace: RECERT_METRICS_NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: 'ObservedWork', Unit: 'Count' }],
    });
    expect(emf[0]).toMatchObject({ ObservedWork: 2, service: expect.any(String) });
  });

  it('counts an unexpected error in the invocation that hit it, after the error mapper answered 500', async () => {
    const failing = httpRoute({}, async () => {
      throw new Error('boom');
    });
    let status: number | undefined;
    const lines = await printed(async () => {
      status = (await failing(httpEvent(), context('req-4'))).statusCode;
    });

    expect(status).toBe(500);
    expect(lines.find((line) => line.message === 'unhandled error')).toMatchObject({ function_request_id: 'req-4' });
    expect(lines.find((line) => '_aws' in line)).toMatchObject({ [HANDLER_ERRORS_METRIC]: 1 });
  });

  it('prints nothing for an invocation that logged and counted nothing: no empty EMF line, no warning', async () => {
    const quiet = httpRoute({}, async () => json(200, {}));
    expect(await printed(() => quiet(httpEvent(), context('req-5')))).toEqual([]);
  });

  it('observes event, webhook and 404 entries the same way', async () => {
    const event = eventRoute({ schema: z.object({ n: z.number() }), kind: 'test event' }, async () => {
      logger.info('event handled');
      metrics.addMetric('EventHandled', MetricUnit.Count, 1);
    });
    const webhook = webhookRoute({ findProvider: async () => undefined }, async () => json(200, {}));

    const eventLines = await printed(() => event({ n: 1 }, context('req-event')));
    const webhookLines = await printed(() =>
      webhook(httpEvent({ method: 'POST', headers: { 'webhook-id': 'x' } }), context('req-webhook')),
    );
    const notFoundLines = await printed(async () => {
      logger.appendKeys({ probe: true });
      await notFound(httpEvent({ path: '/nowhere' }), context('req-404'));
      logger.info('after the 404');
      logger.removeKeys(['probe']);
    });

    expect(eventLines.find((line) => line.message === 'event handled')).toMatchObject({
      function_request_id: 'req-event',
    });
    expect(eventLines.find((line) => '_aws' in line)).toMatchObject({ EventHandled: 1 });
    expect(webhookLines.find((line) => line.message === 'webhook rejected')).toMatchObject({
      function_request_id: 'req-webhook',
    });
    expect(notFoundLines.find((line) => line.message === 'after the 404')).toMatchObject({
      function_request_id: 'req-404',
    });
  });
});
