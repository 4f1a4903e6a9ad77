import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { temporal as protos } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createTemporalClient } from '../temporal';
import { spawnTs } from '../../scripts/processes';
import { stopChild } from '../../scripts/temporal-server';
import { loginOverHttp, postJson, startApiProcess, type ApiProcess } from '../../test/support/api-process';
import { eventually, intEnv, stockedItem, useTestOrm } from '../../test/support/int-env';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { TRACING_WORKFLOW_MODULES } from '../../worker/tracing';

// Traces (issue 19) through the real processes: api/main.ts and worker/main.ts as production runs them, exporting
// over OTLP/HTTP to a small receiver here, and the same processes with no endpoint configured.
jest.setTimeout(600_000);

const db = useTestOrm();

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpSpan = Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] };
type OtlpRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
};

const valueOf = (value: OtlpValue) => value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributes = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/** A minimal OTLP/HTTP traces receiver: decodes what the JSON exporter POSTs to /v1/traces and keeps the spans. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; requests: string[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const decoded = JSON.parse(body.toString('utf8')) as OtlpRequest;
      for (const resourceSpans of decoded.resourceSpans ?? []) {
        const service = String(attributes(resourceSpans.resource?.attributes)['service.name']);
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({ ...span, service, attributes: attributes(span.attributes) });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, requests, server };
}

/** The worker process (worker/main.ts); with tracing it bundles the workflows itself, with their interceptors. */
async function startWorker(env: NodeJS.ProcessEnv, logs: string[]): Promise<ChildProcess> {
  const test = intEnv();
  return spawnTs(
    'worker/main.ts',
    {
      DATABASE_URL: test.databaseUrl,
      TEMPORAL_ADDRESS: test.temporalAddress,
      TEMPORAL_NAMESPACE: test.namespace,
      TEMPORAL_TASK_QUEUE: test.taskQueue,
      MILLWRIGHT_FAULT_CRASH_AFTER: '',
      MILLWRIGHT_DEPLOYMENT_NAME: '',
      MILLWRIGHT_WORKER_METRICS_PORT: 'off',
      MILLWRIGHT_RECONCILIATION_CRON: 'off',
      MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
      MILLWRIGHT_ALERTS_CRON: 'off',
      LOG_LEVEL: 'debug',
      ...env,
    },
    'worker ready',
    (text) => void logs.push(...text.split('\n')),
    300_000,
  );
}

/** The JSON log lines among a process's output. */
function jsonLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** The `_tracer-data` headers Temporal recorded: on the workflow's start and on each activity it scheduled. */
async function traceHeaders(workflowId: string): Promise<{ start: boolean; activities: boolean[] }> {
  const client = await createTemporalClient(intEnv().temporalAddress, intEnv().namespace);
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    const activities = events
      .map((event) => event.activityTaskScheduledEventAttributes)
      .filter((scheduled) => scheduled)
      .map((scheduled) => Boolean(scheduled?.header?.fields?.['_tracer-data']));
    return { start: Boolean(started?.header?.fields?.['_tracer-data']), activities };
  } finally {
    await client.connection.close();
  }
}

/** Places a one-line order over HTTP as the clerk; its number, workflow id and API-side request id. */
async function placeOrder(api: ApiProcess) {
  const clerk = await loginOverHttp(api, 'clerk');
  const sku = await stockedItem(db.orm, 2);
  const created = await postJson(api, '/api/orders', clerk, {
    customerCode: 'C-BOLT',
    lines: [{ itemSku: sku, quantity: 1 }],
  });
  expect(created.status).toBe(201);
  return { clerk, orderNumber: String(created.body.orderNumber), workflowId: String(created.body.workflowId) };
}

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: ApiProcess | undefined;
  let worker: ChildProcess | undefined;
  const workerLogs: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    // Batches leave every 200 ms rather than 5 s, so the test waits less.
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    worker = await startWorker({ ...otel, MILLWRIGHT_WORKFLOW_BUNDLE: '' }, workerLogs);
    api = await startApiProcess({ env: otel });
  });

  afterAll(async () => {
    if (api) await api.stop();
    if (worker) await stopChild(worker, 30_000);
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  test('one trace links the HTTP request, the workflow, its activities and their SQL; log lines carry its id', async () => {
    const { clerk, orderNumber, workflowId } = await placeOrder(api!);
    const spans = receiver.spans;
    const request = await eventually(
      async () =>
        spans.find(
          (span) =>
            span.service === 'millwright-api' &&
            span.name === 'POST /api/orders' &&
            span.attributes['http.response.status_code'] === 201,
        ),
      30_000,
      "the API's span of the order request",
    );
    expect(request.kind).toBe(2); // SERVER
    expect(request.attributes['http.route']).toBe('/api/orders');
    const inTrace = () => spans.filter((span) => span.traceId === request.traceId);
    // The Temporal client's start, a child of the request span.
    const start = inTrace().find((span) => span.name.startsWith('StartWorkflow:'));
    expect(start?.parentSpanId).toBe(request.spanId);
    // The worker's: an activity the workflow scheduled (a workflow span, from the sandbox), its execution and its SQL.
    const worker = await eventually(
      async () => {
        const mine = inTrace().filter((span) => span.service === 'millwright-worker');
        const scheduled = mine.find((span) => span.name.startsWith('StartActivity:'));
        const executed = mine.find(
          (span) => span.name.startsWith('RunActivity:') && span.parentSpanId === scheduled?.spanId,
        );
        const sql = mine.find(
          (span) => span.attributes['db.system'] === 'postgresql' && span.parentSpanId === executed?.spanId,
        );
        return scheduled && executed && sql ? { scheduled, executed, sql } : undefined;
      },
      60_000,
      `the worker's spans in trace ${request.traceId}`,
    );
    expect(worker.executed.attributes.temporalWorkflowId).toBe(workflowId);
    expect(String(worker.sql.attributes['db.statement'])).toMatch(/\w/);
    // The request's own SQL (the session check, the order's insert) falls under it too.
    expect(
      inTrace().some((span) => span.service === 'millwright-api' && span.attributes['db.system'] === 'postgresql'),
    ).toBe(true);
    // Temporal carries the context: on the workflow's start and on every activity it scheduled.
    const headers = await traceHeaders(workflowId);
    expect(headers.start).toBe(true);
    expect(headers.activities.length).toBeGreaterThan(0);
    expect(headers.activities.every(Boolean)).toBe(true);

    // Cancelling ends the run: its RunWorkflow span (a child of the start) leaves the sandbox too.
    const cancelled = await postJson(api!, `/api/orders/${orderNumber}/cancel`, clerk, { reason: 'trace test' });
    expect(cancelled.status).toBe(200);
    const run = await eventually(
      async () => inTrace().find((span) => span.name.startsWith('RunWorkflow:') && span.parentSpanId === start?.spanId),
      60_000,
      'the RunWorkflow span',
    );
    expect(run.service).toBe('millwright-worker');

    // Log lines: the API's "request completed" of the order request, and the worker's activity lines of this run.
    const apiLines = jsonLines(api!.output().split('\n'));
    const incoming = apiLines.find(
      (line) =>
        line.msg === 'incoming request' && (line.req as { url?: string; method?: string })?.url === '/api/orders',
    );
    const completed = apiLines.find((line) => line.msg === 'request completed' && line.reqId === incoming?.reqId);
    expect(completed?.trace_id).toBe(request.traceId);
    const activityLines = jsonLines(workerLogs).filter((line) => line.workflow_id === workflowId);
    expect(activityLines.length).toBeGreaterThan(0);
    for (const line of activityLines) {
      expect(line).toMatchObject({ trace_id: request.traceId, run_id: expect.stringMatching(/\w/) });
    }
    expect(receiver.requests.every((line) => line.startsWith('POST /v1/traces application/json'))).toBe(true);
  });
});

describe('with no OTLP endpoint', () => {
  let api: ApiProcess | undefined;
  let worker: ChildProcess | undefined;
  const workerLogs: string[] = [];
  const off = { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' };

  beforeAll(async () => {
    worker = await startWorker({ ...off, MILLWRIGHT_WORKFLOW_BUNDLE: '' }, workerLogs);
    api = await startApiProcess({ env: off });
  });

  afterAll(async () => {
    if (api) await api.stop();
    if (worker) await stopChild(worker, 30_000);
  });

  test('nothing traces: no trace context travels through Temporal, no log line carries a trace id', async () => {
    const { workflowId } = await placeOrder(api!);
    const activityLines = await eventually(
      async () => {
        const lines = jsonLines(workerLogs).filter((line) => line.workflow_id === workflowId);
        return lines.length > 0 ? lines : undefined;
      },
      60_000,
      "the worker's activity log lines",
    );
    for (const line of activityLines) {
      expect(line.run_id).toEqual(expect.stringMatching(/\w/));
      expect(line).not.toHaveProperty('trace_id');
    }
    const headers = await traceHeaders(workflowId);
    expect(headers.activities.length).toBeGreaterThan(0);
    expect(headers).toEqual({ start: false, activities: headers.activities.map(() => false) });
    const apiLines = jsonLines(api!.output().split('\n'));
    expect(apiLines.some((line) => line.msg === 'request completed')).toBe(true);
    expect(apiLines.filter((line) => 'trace_id' in line)).toEqual([]);
    expect(api!.output()).not.toMatch(/opentelemetry|OTLP/i);
  });
});

test('recorded histories replay under a bundle with the tracing workflow interceptors (tracing turned on later)', async () => {
  const root = join(__dirname, '..', '..', 'test', 'replay', 'histories');
  const histories = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(root, dir.name))
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const recorded = JSON.parse(readFileSync(join(root, dir.name, file), 'utf8')) as {
            workflowId: string;
            history: string;
          };
          const history = protos.api.history.v1.History.decode(Buffer.from(recorded.history, 'base64'));
          return { workflowId: recorded.workflowId, history };
        }),
    );
  expect(histories.length).toBeGreaterThanOrEqual(8);
  const errors: string[] = [];
  let replayed = 0;
  const replays = Worker.runReplayHistories(
    {
      workflowsPath: WORKFLOWS_PATH,
      interceptors: { workflowModules: TRACING_WORKFLOW_MODULES },
      replayName: 'millwright-replay-traced',
      // Replays export nothing (the sink is not called during replay), but the sandbox looks the sink up.
      sinks: { exporter: { export: { fn: () => undefined } } },
    },
    histories,
  );
  for await (const result of replays) {
    replayed += 1;
    if (result.error) errors.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(errors).toEqual([]);
  expect(replayed).toBe(histories.length);
});
