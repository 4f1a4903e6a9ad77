import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { temporal as protos } from '@temporalio/proto';
import { buildApp } from '../../api/app';
import { createTemporalClient } from '../../api/temporal';
import { openOrm } from '../../db/orm';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { BALANCE_NOT_UNDER_COUNT } from '../../db/repositories/allocation-repository';
import { num, query } from '../../db/sql';
import { fileLog, spawnTs } from '../../scripts/processes';
import { stopChild } from '../../scripts/temporal-server';

/** Connection facts the integration global set-up exported. */
export function intEnv() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run integration tests through the integration Jest project`);
    return value;
  };
  return {
    databaseUrl: need('MW_TEST_DATABASE_URL'),
    temporalAddress: need('MW_TEST_TEMPORAL_ADDRESS'),
    namespace: need('MW_TEST_NAMESPACE'),
    taskQueue: need('MW_TEST_TASK_QUEUE'),
    bundlePath: need('MW_TEST_BUNDLE'),
  };
}

/** A test file's own connection to the integration database (see {@link useTestOrm}). */
export interface SuiteOrm {
  readonly orm: MikroORM;
  /** Runs `work` in a transaction of its own on a fresh EntityManager. */
  tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
}

/** For tests of the books that need only PostgreSQL: opened before the file's tests, closed after them. */
export function useTestOrm(): SuiteOrm {
  let opened: MikroORM | undefined;
  const orm = () => {
    if (!opened) throw new Error('the test database is used before beforeAll opened it');
    return opened;
  };
  beforeAll(async () => {
    opened = await openOrm(intEnv().databaseUrl);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get orm() {
      return orm();
    },
    tx: (work) => orm().em.fork().transactional(work),
  };
}

/** A real worker process (the same entry point production runs) that a test can stop or kill -9. */
export async function startWorkerProcess(
  options: { crashAfter?: string; reconciliationCron?: string } = {},
): Promise<ChildProcess> {
  const env = intEnv();
  return spawnTs(
    'worker/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      MILLWRIGHT_WORKFLOW_BUNDLE: env.bundlePath,
      MILLWRIGHT_FAULT_CRASH_AFTER: options.crashAfter ?? '',
      // No daily reconciliation schedule in tests unless asked: its run would repair other tests' half-made documents.
      MILLWRIGHT_RECONCILIATION_CRON: options.reconciliationCron ?? 'off',
      // Nor cycle counts: they would hold every stocked bin other tests allocate from.
      MILLWRIGHT_CYCLE_COUNT_CRON: 'off',
      // Nor the alerts sweep: tests that sweep trigger a schedule of their own.
      MILLWRIGHT_ALERTS_CRON: 'off',
    },
    'worker ready',
    process.env.MW_TEST_WORKER_LOG ? fileLog(process.env.MW_TEST_WORKER_LOG) : () => undefined,
  );
}

export async function stopWorkerProcess(worker: ChildProcess | undefined): Promise<void> {
  if (worker) await stopChild(worker, 15_000);
}

/** Kills a worker the hard way: no shutdown, no chance to finish what it was doing. */
export async function killWorkerProcess(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.kill('SIGKILL');
  await exited;
}

export interface TestApp {
  app: FastifyInstance;
  orm: MikroORM;
  temporal: Client;
  close(): Promise<void>;
}

/** What a test may change in {@link createTestApp}'s app. */
export interface TestAppOverrides {
  pickTaskSlaMinutes?: number;
  creditApprovalMinutes?: number;
  backorderTimeoutMinutes?: number;
  /** A PostgreSQL of the test's own (migrated and seeded) instead of the suite's, e.g. one the test stops. */
  databaseUrl?: string;
  /** A Temporal client of the test's own instead of one on the suite's server; closed with the app. */
  temporal?: Client;
  /** Where the API's log lines go (at level info unless MW_TEST_API_LOG says otherwise), for tests that read them. */
  logStream?: NodeJS.WritableStream;
  /** The outbox relay's interval (ms); a test that counts log lines of requests keeps the relay's out of them. */
  outboxRelayMs?: number;
}

/** The real API wired to the test PostgreSQL and Temporal, driven with `inject` (no port needed). */
export async function createTestApp(overrides: TestAppOverrides = {}): Promise<TestApp> {
  const env = intEnv();
  const orm = await openOrm(overrides.databaseUrl ?? env.databaseUrl);
  const temporal = overrides.temporal ?? (await createTemporalClient(env.temporalAddress, env.namespace));
  const app = await buildApp({
    orm,
    temporal,
    taskQueue: env.taskQueue,
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: overrides.pickTaskSlaMinutes ?? 60,
    creditApprovalMinutes: overrides.creditApprovalMinutes,
    backorderTimeoutMinutes: overrides.backorderTimeoutMinutes,
    logLevel: process.env.MW_TEST_API_LOG ?? (overrides.logStream ? 'info' : 'silent'),
    logStream: overrides.logStream,
    outboxRelayMs: overrides.outboxRelayMs,
  });
  await app.ready();
  return {
    app,
    orm,
    temporal,
    close: async () => {
      await app.close();
      await temporal.connection.close();
      await orm.close();
    },
  };
}

/** Signs a demo user in and returns the bearer header. */
export async function login(app: FastifyInstance, username: string): Promise<{ authorization: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

/** Polls until `check` returns a value (or throws after the timeout): for asynchronous workflow progress. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A count from SQL, for before/after comparisons that prove nothing was half-written. */
export async function countRows(orm: MikroORM, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ n: string }>(orm.em.fork(), sql, params);
  return num(row?.n ?? 0);
}

/**
 * A seeded item with at least `quantity` of free stock in one lot/location that allocation can use, so a test order
 * reserves in one pick. Only the seed's items, and only stock allocation would take (outside docks and virtual
 * warehouses, not under count, not expiring within the customers' minimum shelf life): other files' own items sit
 * in docks, quarantine or counted bins on purpose, and an order for those never gets its pick task.
 */
export async function stockedItem(orm: MikroORM, quantity: number): Promise<string> {
  const [row] = await query<{ sku: string }>(
    orm.em.fork(),
    `select i.sku from stock_balance b
       join item i on i.id = b.item_id and i.active and i.category <> 'test'
       join location l on l.id = b.location_id and l.type <> 'dock'
       join warehouse w on w.id = l.warehouse_id and not w.virtual
       left join lot on lot.id = b.lot_id
      where b.status = 'available' and b.quantity - b.reserved_quantity >= ?
        and (lot.expires_on is null or lot.expires_on > current_date + 120)
        and ${BALANCE_NOT_UNDER_COUNT}
      order by i.sku limit 1`,
    [quantity],
  );
  if (!row) throw new Error('no stocked item in the seed');
  return row.sku;
}

/** What a test file asks of {@link useTestApp}. */
export interface TestAppOptions {
  /** Start one worker process on the test task queue (default true); tests that manage their own say false. */
  worker?: boolean;
  /** Where MW_RECORD_HISTORIES=1 writes the runs passed to `record` (a folder under test/replay/histories). */
  histories?: string;
}

/** The test file's API app, with sign-ins and replay recording; usable inside tests and hooks. */
export interface SuiteApp extends TestApp {
  /** A demo user's bearer header: filled in before the tests run, so it may be captured at module level. */
  headers(username: string): { authorization: string };
  /** Keeps a finished run as a replay fixture named `name` (written only with MW_RECORD_HISTORIES=1). */
  /** Keeps a finished run as a replay fixture, in the suite's folder or in `folder` (another process's). */
  record(name: string, workflowId: string, folder?: string): void;
}

/**
 * The shared preamble of API integration tests: before the file's tests, the API app (and by default a worker on the
 * test task queue with the shared bundle) and the sign-ins asked for; after them, any recorded histories written
 * while Temporal is still reachable, then everything stopped. Its fields are live only once `beforeAll` ran.
 */
export function useTestApp(options: TestAppOptions = {}): SuiteApp {
  let started: TestApp | undefined;
  let worker: ChildProcess | undefined;
  const signIns = new Map<string, { authorization: string }>();
  const recorded: Array<{ name: string; workflowId: string; folder?: string }> = [];
  const live = () => {
    if (!started) throw new Error('the test app is used before beforeAll started it');
    return started;
  };
  beforeAll(async () => {
    started = await createTestApp();
    if (options.worker !== false) worker = await startWorkerProcess();
    for (const [username, header] of signIns) Object.assign(header, await login(started.app, username));
  });
  afterAll(async () => {
    try {
      if (options.histories && process.env.MW_RECORD_HISTORIES === '1' && started) {
        await writeHistories(started.temporal, options.histories, recorded);
      }
    } finally {
      await stopWorkerProcess(worker);
      await started?.close();
    }
  });
  return {
    get app() {
      return live().app;
    },
    get orm() {
      return live().orm;
    },
    get temporal() {
      return live().temporal;
    },
    close: async () => live().close(),
    headers(username) {
      const known = signIns.get(username);
      if (known) return known;
      const header = { authorization: '' };
      signIns.set(username, header);
      return header;
    },
    record: (name, workflowId, folder) => void recorded.push({ name, workflowId, folder }),
  };
}

/** Each run's history as protobuf, base64: exact, and independent of JSON mapping differences between copies. */
async function writeHistories(
  temporal: Client,
  folder: string,
  runs: Array<{ name: string; workflowId: string; folder?: string }>,
): Promise<void> {
  for (const { name, workflowId, folder: own } of runs) {
    const dir = join(__dirname, '..', 'replay', 'histories', own ?? folder);
    mkdirSync(dir, { recursive: true });
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    const encoded = Buffer.from(protos.api.history.v1.History.encode(history).finish()).toString('base64');
    // Indented as Prettier writes JSON, so a new fixture passes the lint as recorded.
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ workflowId, history: encoded }, null, 2)}\n`);
  }
}
