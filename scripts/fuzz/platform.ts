import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import { createTemporalClient } from '../../api/temporal';
import { prepareDatabase } from '../platform';
import { startEmbeddedPostgres, type PostgresHandle } from '../postgres';
import { findFreePort } from '../ports';
import { fileLog, spawnTs } from '../processes';
import { startTemporalDevServer, stopChild, type TemporalHandle } from '../temporal-server';
import { ServerErrorLog } from './server-errors';

/** The platform the fuzzer runs against: its own PostgreSQL, Temporal, worker and API, all in one temporary directory. */
export interface FuzzPlatform {
  /** The API's base URL: `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Where the component logs and the reports go. */
  dir: string;
  app: FastifyInstance;
  /** Every 5xx the API answered, with the error it logged. */
  serverErrors: ServerErrorLog;
  stop(): Promise<void>;
}

/**
 * Starts what `npm start` starts, on free ports in a fresh temporary directory (never the user's data directory:
 * fuzzing writes thousands of documents): embedded PostgreSQL migrated and seeded with the demo data, a Temporal dev
 * server, the worker as its own process (no daily schedules: the fuzzer's documents are what it works on) and the API
 * in this process, where every 5xx it answers is recorded. `keep` leaves the directory behind for a look at the logs.
 */
export async function startFuzzPlatform(say: (line: string) => void, keep = false): Promise<FuzzPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-fuzz-'));
  // PostgreSQL runs as the postgres user when we are root: it must be able to enter the directory.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => say(`stop: ${String(error)}`));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [pgPort, temporalPort, uiPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    const [pg, temporal]: [PostgresHandle, TemporalHandle] = await Promise.all([
      startEmbeddedPostgres(join(dir, 'pg'), pgPort, fileLog(join(dir, 'logs', 'postgres.log'))),
      startTemporalDevServer({
        cacheDir: loadConfig().cacheDir,
        dataDir: join(dir, 'temporal'),
        port: temporalPort,
        uiPort,
        namespace: 'millwright',
        log: fileLog(join(dir, 'logs', 'temporal.log')),
      }),
    ]);
    stops.push(
      () => pg.stop(),
      () => temporal.stop(),
    );
    say(`PostgreSQL on ${pgPort}, Temporal on ${temporalPort}; migrating and seeding the demo data ...`);
    const { orm }: { orm: MikroORM } = await prepareDatabase(pg.url);
    stops.push(() => orm.close());
    say('starting the worker (it bundles the workflows first) ...');
    const worker: ChildProcess = await spawnTs(
      'worker/main.ts',
      {
        DATABASE_URL: pg.url,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
        TEMPORAL_TASK_QUEUE: 'millwright',
        MILLWRIGHT_RECONCILIATION_CRON: 'off',
        MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
      },
      'worker ready',
      fileLog(join(dir, 'logs', 'worker.log')),
      300_000,
    );
    stops.push(() => stopChild(worker, 30_000));
    const client: Client = await createTemporalClient(temporal.address, temporal.namespace);
    stops.push(() => client.connection.close());
    const serverErrors = new ServerErrorLog(join(dir, 'logs', 'api.log'));
    const app = await buildApp({
      orm,
      temporal: client,
      taskQueue: 'millwright',
      temporalUiUrl: temporal.uiUrl,
      sessionTtlHours: 12,
      pickTaskSlaMinutes: 240,
      logLevel: 'error',
      logStream: serverErrors,
      consoleDir: '/nonexistent',
    });
    serverErrors.install(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    stops.push(() => app.close());
    const { port } = app.server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}`, dir, app, serverErrors, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
