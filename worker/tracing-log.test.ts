import { context, propagation, trace } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Tracing } from '../config/tracing';
import { workerTracingOptions } from './tracing';
import { createWorkerLogger } from './tracing-log';

// The worker's activity log lines: which workflow run and activity they belong to, and the trace they are part of.
const exporter = new InMemorySpanExporter();
const spanProcessor = new SimpleSpanProcessor(exporter);
const resource = new Resource({ 'service.name': 'millwright-worker' });
const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
const tracing: Tracing = { serviceName: 'millwright-worker', resource, spanProcessor, shutdown: async () => undefined };

beforeAll(() => provider.register());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

const info = {
  activityType: 'reserveStock',
  workflowExecution: { workflowId: 'order-fulfillment:SO-9', runId: 'run-9' },
};

/** Runs `fn` as an activity through the worker's interceptors; the log lines it wrote. */
async function runActivity(on: Tracing | undefined, fn: () => Promise<string>) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createWorkerLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const env = new MockActivityEnvironment(info, { interceptors: workerTracingOptions(on, logger).activity });
  const outcome = await env.run(fn).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { lines, outcome };
}

test('with tracing, each activity line names its workflow run and carries the trace id of its span', async () => {
  const { lines, outcome } = await runActivity(tracing, async () => 'reserved');
  expect(outcome).toEqual({ value: 'reserved' });
  const [span] = exporter.getFinishedSpans();
  expect(span?.name).toBe('RunActivity:reserveStock');
  expect(lines).toEqual([
    expect.objectContaining({
      msg: 'activity completed',
      level: 20,
      service: 'millwright-worker',
      workflow_id: 'order-fulfillment:SO-9',
      run_id: 'run-9',
      activity_type: 'reserveStock',
      trace_id: span!.spanContext().traceId,
      span_id: span!.spanContext().spanId,
      duration_ms: expect.any(Number),
    }),
  ]);
});

test('a failed attempt is a warn line with the error, in the same trace as its span', async () => {
  const { lines, outcome } = await runActivity(tracing, async () => {
    throw new Error('no stock');
  });
  expect(outcome).toEqual({ error: expect.objectContaining({ message: 'no stock' }) });
  const [span] = exporter.getFinishedSpans();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    msg: 'activity failed',
    level: 40,
    workflow_id: 'order-fulfillment:SO-9',
    run_id: 'run-9',
    trace_id: span!.spanContext().traceId,
    err: { message: 'no stock' },
  });
});

test('without tracing: the same lines with workflow and run ids, no trace id and no span', async () => {
  const { lines } = await runActivity(undefined, async () => 'reserved');
  expect(exporter.getFinishedSpans()).toEqual([]);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ msg: 'activity completed', workflow_id: 'order-fulfillment:SO-9', run_id: 'run-9' });
  expect(lines[0]).not.toHaveProperty('trace_id');
});
