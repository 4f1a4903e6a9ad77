import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { MillwrightConfig } from '../config/env';
import { buildApp } from '../api/app';
import { createTemporalClient } from '../api/temporal';
import { migrate, openOrm } from '../db/orm';
import { seedDefaultRuleSets } from '../db/seeds/rule-seed';
import { seedDemoData } from '../db/seeds/seed';
import { User } from '../db/entities';
import { contentHash } from '../rules/engine/hash';
import { CONSOLE_DIR, ensureConsoleBuilt } from './console-build';
import { ensurePostgres, ensureTemporal } from './infrastructure';
import { assertPortFree } from './ports';
import { fileLog, spawnTs } from './processes';
import { stopChild } from './temporal-server';

/** What a running platform exposes, and how to stop all of it. */
export interface RunningPlatform {
  consoleUrl: string;
  apiDocsUrl: string;
  temporalUiUrl: string;
  temporalRoute: string;
  databaseUrl: string;
  temporalAddress: string;
  seededNow: boolean;
  /** False on a production database nobody has made an administrator for yet (see `npm run admin:create`). */
  hasUsers: boolean;
  stop(): Promise<void>;
}

/**
 * Opens the database, applies migrations and, in demo mode (the default here: tests and benches want it), seeds the
 * demo data the first time; `hasUsers` says whether anyone can sign in yet.
 */
export async function prepareDatabase(
  databaseUrl: string,
  options: { demo?: boolean } = {},
): Promise<{ orm: MikroORM; seededNow: boolean; hasUsers: boolean }> {
  const orm = await openOrm(databaseUrl);
  await migrate(orm);
  const seededNow = options.demo === false ? false : await orm.em.fork().transactional((em) => seedDemoData(em));
  const hasUsers = (await orm.em.fork().count(User, { active: true })) > 0;
  // Rule sets arrived after the first demo data; databases seeded earlier get the defaults too.
  await orm.em.fork().transactional((em) => seedDefaultRuleSets(em, contentHash));
  return { orm, seededNow, hasUsers };
}

/**
 * Brings up everything `npm start` promises, in dependency order: PostgreSQL and Temporal (in parallel),
 * migrations and seed, the console build, the worker (its own process) and the API, which also serves the
 * console. Component logs go to `<dataDir>/logs`; `say` gets the few lines a person needs.
 */
export async function startPlatform(config: MillwrightConfig, say: (line: string) => void): Promise<RunningPlatform> {
  const logs = join(config.dataDir, 'logs');
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => say(`stop: ${String(error)}`));
  };
  try {
    await assertPortFree(config.apiPort, 'the API and console (API_PORT)', config.apiHost);
    const temporalLog = fileLog(join(logs, 'temporal.log'));
    const [pg, temporal] = await Promise.all([
      ensurePostgres(config, fileLog(join(logs, 'postgres.log'))),
      ensureTemporal(config, (line) =>
        /^(Temporal CLI|building|go install)/.test(line) ? say(line) : temporalLog(line),
      ),
    ]);
    stops.push(
      () => pg.stop(),
      () => temporal.stop(),
    );
    const { orm, seededNow, hasUsers } = await prepareDatabase(pg.url, { demo: config.demo });
    stops.push(() => orm.close());
    await ensureConsoleBuilt(say);

    const worker: ChildProcess = await spawnTs(
      'worker/main.ts',
      { DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: config.namespace },
      'worker ready',
      fileLog(join(logs, 'worker.log')),
    );
    stops.push(() => stopChild(worker, 30_000));

    const client: Client = await createTemporalClient(temporal.address, temporal.namespace);
    stops.push(() => client.connection.close());
    const app: FastifyInstance = await buildApp({
      orm,
      temporal: client,
      taskQueue: config.taskQueue,
      temporalUiUrl: config.temporalUiUrl ?? temporal.uiUrl,
      sessionTtlHours: config.sessionTtlHours,
      pickTaskSlaMinutes: config.pickTaskSlaMinutes,
      creditApprovalMinutes: config.creditApprovalMinutes,
      backorderTimeoutMinutes: config.backorderTimeoutMinutes,
      processStartTimeoutMs: config.processStartTimeoutMs,
      outboxRelayMs: config.outboxRelayMs,
      idempotencyKeyDays: config.idempotencyKeyDays,
      logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
      consoleDir: CONSOLE_DIR,
    });
    await app.listen({ port: config.apiPort, host: config.apiHost });
    stops.push(() => app.close());
    const base = `http://${config.apiHost}:${config.apiPort}`;
    return {
      consoleUrl: `${base}/`,
      apiDocsUrl: `${base}/docs`,
      temporalUiUrl: config.temporalUiUrl ?? temporal.uiUrl,
      temporalRoute: temporal.route,
      databaseUrl: pg.url,
      temporalAddress: temporal.address,
      seededNow,
      hasUsers,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
