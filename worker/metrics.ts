import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Activity latency buckets, in seconds: most activities are one short transaction; MRP and closes run longer. */
const ACTIVITY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** How an activity attempt ended. */
type Outcome = 'completed' | 'failed' | 'cancelled';

/** A failure's kind for the failures counter: the ApplicationFailure's type (our coded errors), else the error's class. */
function errorType(error: unknown): string {
  if (error instanceof ApplicationFailure) return error.type ?? 'ApplicationFailure';
  return error instanceof Error ? error.name : 'unknown';
}

/**
 * The worker's own Prometheus registry: each activity attempt's duration and outcome, and its failures by error type,
 * measured by an activity inbound interceptor (so every activity is covered, whichever module defines it), beside
 * Node's process metrics. Workflow latencies and failures, task slots, pollers and schedule-to-start latencies come
 * from the Temporal SDK's own metrics (`temporal_*`), served on the same /metrics (see {@link serveWorkerMetrics}).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'activity_type' | 'outcome'>;
  private readonly failures: Counter<'activity_type' | 'error_type'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'millwright_activity_duration_seconds',
      help: 'Duration of each activity attempt in this worker, by activity type and outcome (completed, failed, cancelled)',
      labelNames: ['activity_type', 'outcome'],
      buckets: ACTIVITY_BUCKETS,
      registers: [this.registry],
    });
    this.failures = new Counter({
      name: 'millwright_activity_failures_total',
      help: 'Activity attempts that failed in this worker, by activity type and error type (the coded error or class)',
      labelNames: ['activity_type', 'error_type'],
      registers: [this.registry],
    });
  }

  /** The activity interceptor factory to pass to the worker (`interceptors.activity`). */
  readonly activityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      execute: async (input, next) => {
        const activityType = ctx.info.activityType;
        const started = process.hrtime.bigint();
        const observe = (outcome: Outcome) =>
          this.duration.observe(
            { activity_type: activityType, outcome },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        try {
          const result = await next(input);
          observe('completed');
          return result;
        } catch (error) {
          observe(error instanceof CancelledFailure ? 'cancelled' : 'failed');
          this.failures.inc({ activity_type: activityType, error_type: errorType(error) });
          throw error;
        }
      },
    },
  });
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** Where /metrics answers, e.g. `http://127.0.0.1:9464/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics`: the worker's registry followed by the Temporal SDK's own metrics, which its Prometheus
 * exporter serves on `coreUrl` (a loopback port of its own, so Prometheus scrapes one endpoint per worker). When the
 * SDK's exporter does not answer within 2 s, the worker's own metrics are still served.
 */
export async function serveWorkerMetrics(options: {
  metrics: WorkerMetrics;
  host: string;
  port: number;
  coreUrl?: string;
}): Promise<MetricsServer> {
  const { metrics, coreUrl } = options;
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    void (async () => {
      const own = await metrics.registry.metrics();
      const core = coreUrl
        ? await fetch(coreUrl, { signal: AbortSignal.timeout(2_000) })
            .then((answer) => (answer.ok ? answer.text() : ''))
            .catch(() => '')
        : '';
      response
        .writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' })
        .end(core ? `${own.endsWith('\n') ? own : `${own}\n`}${core}` : own);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
