import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BusinessSnapshot, registerBusinessMetrics } from './business-metrics';
import { TaskQueueStats, registerTaskQueueMetrics } from './task-queue-metrics';

/** Request latency buckets, in seconds: API reads land in the first few, process starts and reports further out. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label of a request no route matched (404s): its raw URL would give every probe a series of its own. */
const UNMATCHED = 'unmatched';

export interface MetricsDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
}

/**
 * The API's Prometheus registry (one per app, so several apps in one process, as in tests, never share series):
 * - `millwright_http_requests_total` and `millwright_http_request_duration_seconds`, by method, route pattern
 *   (`/api/orders/:orderNumber`, never the raw URL) and status code;
 * - the task queue's backlog, pollers and oldest task's age from Temporal's DescribeTaskQueue;
 * - the business gauges from PostgreSQL (api/observability/business-metrics.ts);
 * - `millwright_metrics_source_up` per source, and Node's process metrics (CPU, memory, event loop, GC).
 */
export function createApiMetrics(deps: MetricsDeps) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'millwright_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'millwright_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method, route pattern and status code',
    labelNames,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const snapshot = new BusinessSnapshot(deps.orm);
  const queues = new TaskQueueStats(deps.temporal, [deps.taskQueue]);
  registerBusinessMetrics(registry, snapshot);
  registerTaskQueueMetrics(registry, queues);
  new Gauge({
    name: 'millwright_metrics_source_up',
    help: 'Whether this scrape could read the source: postgres (the business gauges), temporal (the task-queue gauges)',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      const [postgres, temporal] = await Promise.all([
        snapshot.rows().then(
          () => 1,
          () => 0,
        ),
        queues.stats().then(
          () => 1,
          () => 0,
        ),
      ]);
      this.set({ source: 'postgres' }, postgres);
      this.set({ source: 'temporal' }, temporal);
    },
  });
  return {
    registry,
    /** Counts one answered request under its route pattern. */
    observe(method: string, route: string | undefined, statusCode: number, elapsedMs: number) {
      const labels = { method, route: route ?? UNMATCHED, status_code: String(statusCode) };
      requests.inc(labels);
      duration.observe(labels, elapsedMs / 1000);
    },
  };
}

/**
 * Installs the request metrics (an onResponse hook: must run before the routes are registered, so every route has
 * it) and `GET /metrics` in Prometheus' text format. Like `/readyz` it is public, outside /api and the OpenAPI
 * document: Prometheus scrapes without a session, and what it says (counts by type, latencies) names no customer,
 * document or person. Deployments that publish the API beyond their network keep /metrics off the public path (the
 * reverse proxy), as for /readyz. The database and Temporal are asked at most once per few seconds whoever scrapes.
 */
export function installMetrics(app: FastifyInstance, deps: MetricsDeps): void {
  const metrics = createApiMetrics(deps);
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
  });
  app.get('/metrics', { config: { roles: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}
