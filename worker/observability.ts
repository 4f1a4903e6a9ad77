import { createServer } from 'node:net';
import { Runtime } from '@temporalio/worker';
import { z } from 'zod';
import { serveWorkerMetrics, WorkerMetrics, type MetricsServer } from './metrics';

const envSchema = z.object({
  /** Where the worker serves /metrics; unset or `off`: no metrics endpoint (and the SDK's default runtime). */
  MILLWRIGHT_WORKER_METRICS_PORT: z
    .string()
    .trim()
    .optional()
    .refine(
      (value) => !value || value === 'off' || (/^\d{1,5}$/.test(value) && Number(value) <= 65535),
      'a port number (0: any free port), or off',
    ),
  /** The interface it listens on: loopback by default; `0.0.0.0` where Prometheus scrapes from another host. */
  MILLWRIGHT_WORKER_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

/** A loopback port the OS says is free (for the SDK's exporter, which only the worker itself reads). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The worker's metrics, once its endpoint is up. */
export interface WorkerObservability {
  metrics: WorkerMetrics;
  server: MetricsServer;
}

/**
 * When MILLWRIGHT_WORKER_METRICS_PORT is set (0: any free port), installs the Temporal Runtime with its Prometheus
 * exporter on a loopback port of its own and serves /metrics on the configured port: the worker's activity metrics
 * followed by the SDK's (`temporal_workflow_endtoend_latency`, `temporal_workflow_failed`,
 * `temporal_activity_execution_latency`, ...). Must run before any NativeConnection or Worker is created: the
 * Runtime can be installed only once, before its first use. The runtime keeps the SDK's default shutdown signals
 * (SIGINT, SIGTERM, ...): a signal makes the worker stop polling and drain.
 */
export async function startWorkerObservability(
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkerObservability | undefined> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const { MILLWRIGHT_WORKER_METRICS_PORT: setting, MILLWRIGHT_WORKER_METRICS_HOST: host } = parsed.data;
  if (!setting || setting === 'off') return undefined;
  const port = Number(setting);
  const corePort = await freeLoopbackPort();
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}`, useSecondsForDurations: true } },
    },
  });
  const metrics = new WorkerMetrics();
  const server = await serveWorkerMetrics({ metrics, host, port, coreUrl: `http://127.0.0.1:${corePort}/metrics` });
  return { metrics, server };
}
