import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { createTemporalClient } from '../api/temporal';
import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { DEMO_PASSWORD } from '../db/seeds/demo-data';
import { findFreePort } from '../scripts/ports';
import { startTemporalDevServer, type TemporalHandle } from '../scripts/temporal-server';
import { createWorker, WORKFLOWS_PATH } from '../worker/create-worker';
import type { BaselineActivities } from './order-baseline.workflow';

export const ORDER_QUEUE = 'bench-orders';
export const BASELINE_QUEUE = 'bench-baseline';
const NAMESPACE = 'bench';
/**
 * The dev server's SQLite file goes to tmpfs where there is one: on a disk shared with other busy processes its
 * synchronous writes capped even the no-op workflow at about 0.6 workflows/s (about 2 on tmpfs, the same in memory),
 * which would have measured the disk, not the platform.
 */
export const TEMPORAL_TEMP = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** Everything the order bench runs against; `stop()` takes it all down in reverse and never hangs on a worker. */
export interface OrderBenchEnv {
  app: FastifyInstance;
  client: Client;
  clerk: { authorization: string };
  temporalRoute: string;
  stop(): Promise<void>;
}

/**
 * A real Temporal dev server (free ports, temp data dir), the production worker (activities on their own ORM
 * pool, as the worker process has) and a baseline worker in this process, and the API built in-process on the
 * bench database, logged in as the seeded clerk.
 */
export async function startOrderBenchEnv(orm: MikroORM): Promise<OrderBenchEnv> {
  quietSdkLogs();
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      for (const step of stops.reverse())
        await step().catch((error: unknown) => console.error(`stop: ${String(error)}`));
    })();
    return stopping;
  };
  let temporal: TemporalHandle | undefined;
  // The bench database stops itself on a signal (and exits); the Temporal server goes first, it is ours.
  const onSignal = () => {
    void temporal?.stop();
    void stop();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const dir = mkdtempSync(join(TEMPORAL_TEMP, 'millwright-bench-temporal-'));
    chmodSync(dir, 0o755);
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    temporal = await startTemporalDevServer({
      cacheDir: loadConfig().cacheDir,
      dataDir: join(dir, 'temporal'),
      port: await findFreePort(),
      uiPort: await findFreePort(),
      namespace: NAMESPACE,
      log: () => undefined,
    });
    const server = temporal;
    stops.push(() => server.stop());

    const [orders, baseline] = await Promise.all([
      bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
      bundleWorkflowCode({
        workflowsPath: require.resolve('./order-baseline.workflow'),
        logger: new DefaultLogger('WARN'),
      }),
    ]);
    const workerOrm = await openOrm(String(orm.config.get('clientUrl')));
    stops.push(() => workerOrm.close());
    const production = await createWorker({
      orm: workerOrm,
      temporalAddress: server.address,
      namespace: NAMESPACE,
      taskQueue: ORDER_QUEUE,
      workflowBundle: orders,
    });
    stops.push(() => production.connection.close());
    stops.push(runWorker(production.worker));
    const baselineConnection = await NativeConnection.connect({ address: server.address });
    stops.push(() => baselineConnection.close());
    const activities: BaselineActivities = { noop: async () => undefined };
    const baselineWorker = await Worker.create({
      connection: baselineConnection,
      namespace: NAMESPACE,
      taskQueue: BASELINE_QUEUE,
      workflowBundle: baseline,
      activities,
    });
    stops.push(runWorker(baselineWorker));

    const client = await createTemporalClient(server.address, NAMESPACE);
    stops.push(() => client.connection.close());
    const app = await buildApp({
      orm,
      temporal: client,
      taskQueue: ORDER_QUEUE,
      temporalUiUrl: server.uiUrl,
      sessionTtlHours: 4,
      pickTaskSlaMinutes: 60,
      logLevel: 'silent',
    });
    await app.ready();
    stops.push(() => app.close());
    return { app, client, clerk: await login(app, 'clerk'), temporalRoute: server.route, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs a worker until stopped; the stop step shuts it down and waits for `run()` to return. */
function runWorker(worker: Worker): () => Promise<void> {
  const running = worker.run();
  running.catch(() => undefined); // reported by the stop step below, not as an unhandled rejection
  return async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
}

/** The SDK logs every worker state change at INFO; the bench output is the results. */
function quietSdkLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier bench in this process: keep it
  }
}

async function login(app: FastifyInstance, username: string): Promise<{ authorization: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login: ${response.statusCode} ${response.body}`);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}
