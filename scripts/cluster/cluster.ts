import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as protos } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { MILLWRIGHT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { startEmbeddedPostgres, type PostgresHandle } from '../postgres';
import { assertPortFree } from '../ports';
import { fileLog, REPO_ROOT, spawnTs } from '../processes';
import { stopChild } from '../temporal-server';
import { resolveTemporalServer, type TemporalServerBinaries } from './temporal-binaries';
import { DYNAMIC_CONFIG, temporalServerConfig, type TemporalPorts } from './temporal-config';

export type Log = (line: string) => void;

export interface ClusterOptions {
  /** Everything of this cluster lives here: PostgreSQL's data, Temporal's config, the bundle, the logs. */
  dataDir: string;
  cacheDir: string;
  /** The Temporal server version to build and run (docker-compose.yml's). */
  temporalVersion: string;
  namespace: string;
  taskQueue: string;
  ports: { postgres: number; temporal: TemporalPorts; apis: number[] };
  workers: number;
  /** The few lines a person follows; every component's own output goes to `<dataDir>/logs`. */
  say: Log;
  /** Aborted (Ctrl-C while starting): the start stops after the step under way and takes down what it started. */
  signal?: AbortSignal;
}

/** One Millwright process of the cluster (a worker or an API node). */
export interface ClusterNode {
  name: string;
  /** The API node's base URL; undefined for workers. */
  url?: string;
  child: ChildProcess;
}

export interface RunningCluster {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  temporal: TemporalServerBinaries;
  apis: ClusterNode[];
  workers: ClusterNode[];
  logsDir: string;
  /** One more worker process on the same bundle and task queue, added to `workers` once it polls. */
  addWorker(): Promise<ClusterNode>;
  /** SIGKILL: no shutdown, no chance to finish a request or an activity. */
  kill(node: ClusterNode): Promise<void>;
  /** Stops every process, APIs first and PostgreSQL last; safe to call twice. */
  stop(): Promise<void>;
}

const PG_HOST = '127.0.0.1';

/**
 * The production topology of docker-compose.yml on native binaries, in its start order: PostgreSQL (embedded), the
 * Temporal databases and schema (the server's own SQL tool, as the auto-setup image does), the Temporal server on
 * them, the namespace and search attributes (compose's temporal-setup), the migration job, then `workers` worker
 * processes and one API process per port in `ports.apis`.
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const { say, dataDir } = options;
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const step of stops.reverse()) await step().catch((error: unknown) => say(`stop: ${String(error)}`));
    })();
    return stopping;
  };
  try {
    const { ports } = options;
    for (const [index, port] of ports.apis.entries()) await assertPortFree(port, `API node ${index + 1}`);
    for (const [service, port] of Object.entries(ports.temporal)) await assertPortFree(port, `Temporal ${service}`);

    const temporal = resolveTemporalServer(options.cacheDir, options.temporalVersion, say);
    say(`Temporal server v${temporal.version}: ${temporal.builtNow ? 'built now' : 'cached'} (${temporal.server})`);
    options.signal?.throwIfAborted();

    const pg = await startEmbeddedPostgres(join(dataDir, 'pg'), ports.postgres, fileLog(join(logsDir, 'postgres.log')));
    stops.push(() => pg.stop());
    say(`PostgreSQL on ${PG_HOST}:${ports.postgres}`);
    options.signal?.throwIfAborted();

    await setUpTemporalSchema(temporal, pg, fileLog(join(logsDir, 'temporal-sql-tool.log')));
    say('Temporal schema set up (temporal, temporal_visibility)');
    options.signal?.throwIfAborted();

    const server = await startTemporalServer(temporal, pg, options, logsDir);
    stops.push(() => stopChild(server, 20_000));
    const temporalAddress = `127.0.0.1:${ports.temporal.frontend}`;
    await waitForFrontend(temporalAddress, server);
    await registerNamespace(temporalAddress, options.namespace);
    say(`Temporal frontend on ${temporalAddress}, namespace ${options.namespace}`);
    options.signal?.throwIfAborted();

    await runToEnd(
      'scripts/migrate.ts',
      ['--seed-demo'],
      { DATABASE_URL: pg.url },
      fileLog(join(logsDir, 'migrate.log')),
    );
    say('migrations applied, demo data seeded');
    options.signal?.throwIfAborted();

    // One bundle for every worker: the same code each would bundle for itself, built once on a two-core machine.
    const bundlePath = join(dataDir, 'workflow-bundle.js');
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
    writeFileSync(bundlePath, bundle.code);

    const millwrightEnv = {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
    };
    const workers: ClusterNode[] = [];
    const addWorker = async () => {
      const name = `worker-${workers.length + 1}`;
      const child = await spawnTs(
        'worker/main.ts',
        { ...millwrightEnv, MILLWRIGHT_WORKFLOW_BUNDLE: bundlePath },
        'worker ready',
        fileLog(join(logsDir, `${name}.log`)),
      );
      const node = { name, child };
      workers.push(node);
      // `stop` runs its steps in reverse: a worker added after the API nodes stops before them, which is as safe.
      stops.push(() => stopChild(child, 30_000));
      return node;
    };
    for (let i = 1; i <= options.workers; i += 1) {
      await addWorker();
      options.signal?.throwIfAborted();
    }
    say(`${workers.length} workers polling task queue ${options.taskQueue}`);

    const apis: ClusterNode[] = [];
    for (const [index, port] of ports.apis.entries()) {
      const name = `api-${index + 1}`;
      const child = await spawnTs(
        'api/main.ts',
        { ...millwrightEnv, API_HOST: '127.0.0.1', API_PORT: String(port), LOG_LEVEL: 'info' },
        'Server listening at',
        fileLog(join(logsDir, `${name}.log`)),
      );
      apis.push({ name, url: `http://127.0.0.1:${port}`, child });
      stops.push(() => stopChild(child, 15_000));
      options.signal?.throwIfAborted();
    }
    say(`${apis.length} API nodes: ${apis.map((api) => api.url).join(', ')}`);

    return {
      databaseUrl: pg.url,
      temporalAddress,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      temporal,
      apis,
      workers,
      logsDir,
      addWorker,
      kill: (node) => killChild(node.child),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** The superuser's credentials of the embedded PostgreSQL, read back from its URL. */
function pgCredentials(pg: PostgresHandle): { port: number; user: string; password: string } {
  const url = new URL(pg.url);
  return { port: Number(url.port), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

/**
 * What the auto-setup image does for DB=postgres12, with the same tool: create each database, lay the base schema
 * (version 0.0) into a database that has none, and update it to the newest versioned schema (a no-op when current).
 */
async function setUpTemporalSchema(temporal: TemporalServerBinaries, pg: PostgresHandle, log: Log): Promise<void> {
  const { port, user, password } = pgCredentials(pg);
  const admin = new PgClient({ host: PG_HOST, port, user, password, database: 'postgres' });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    for (const [database, schemaDir] of [
      ['temporal', temporal.schema.temporal],
      ['temporal_visibility', temporal.schema.visibility],
    ] as const) {
      const tool = (...args: string[]) =>
        run(
          temporal.sqlTool,
          ['--plugin', 'postgres12', '--ep', PG_HOST, '-p', String(port), '-u', user, '--db', database, ...args],
          log,
          { ...process.env, SQL_PASSWORD: password }, // not on the command line, where `ps` shows it
        );
      const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (exists.rowCount === 0) await tool('create-database');
      if (!(await hasSchemaVersion({ host: PG_HOST, port, user, password, database }))) {
        await tool('setup-schema', '-v', '0.0');
      }
      await tool('update-schema', '-d', schemaDir);
    }
  } finally {
    await admin.end();
  }
}

async function hasSchemaVersion(connection: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}): Promise<boolean> {
  const client = new PgClient(connection);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query("select 1 from information_schema.tables where table_name = 'schema_version'");
    return (found.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** The last lines the Temporal server printed, for the error when it exits before it serves. */
const serverTail: string[] = [];

async function startTemporalServer(
  temporal: TemporalServerBinaries,
  pg: PostgresHandle,
  options: ClusterOptions,
  logsDir: string,
): Promise<ChildProcess> {
  const root = join(options.dataDir, 'temporal');
  mkdirSync(join(root, 'config'), { recursive: true });
  const dynamicConfigFile = join(root, 'config', 'dynamic.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  // `--env cluster` reads config/cluster.yaml under --root (the server's own config loader).
  writeFileSync(
    join(root, 'config', 'cluster.yaml'),
    temporalServerConfig({ ports: options.ports.temporal, pg: pgCredentials(pg), dynamicConfigFile, logLevel: 'warn' }),
  );
  const toFile = fileLog(join(logsDir, 'temporal.log'));
  const log = (text: string) => {
    toFile(text);
    serverTail.push(text.slice(-600));
    if (serverTail.length > 5) serverTail.shift();
  };
  const child = spawn(
    temporal.server,
    ['--root', root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.once('exit', (code, signal) => log(`temporal server exited (${code ?? signal})`));
  return child;
}

/** Waits until the frontend answers (all services joined: it serves only then). */
async function waitForFrontend(address: string, server: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the Temporal server exited (${server.exitCode ?? server.signalCode}): ${serverTail.join('\n')}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // The system namespace is the server's own: when it answers, history and matching are up as well.
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(
    `the Temporal server at ${address} did not answer within ${timeoutMs / 1000} s: ${String(lastError)}`,
  );
}

const ALREADY_EXISTS = 6; // gRPC status

/**
 * Compose's auto-setup (DEFAULT_NAMESPACE) and temporal-setup (search attributes) jobs, through the gRPC API: the
 * namespace, then the console's search attributes, each left alone when already there.
 */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') })
      .catch((error: { code?: number }) => {
        if (error.code !== ALREADY_EXISTS) throw error;
      });
    const keyword = protos.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    const wanted = Object.fromEntries(MILLWRIGHT_SEARCH_ATTRIBUTES.map((key) => [key.name, keyword]));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.keys(wanted).filter((name) => !(name in (listed.customAttributes ?? {})));
      if (missing.length === 0) return;
      if (Date.now() > deadline) throw new Error(`search attributes ${missing.join(', ')} not registered`);
      await connection.operatorService
        .addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((n) => [n, keyword])) })
        .catch((error: { code?: number }) => {
          if (error.code !== ALREADY_EXISTS) throw error;
        });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await connection.close();
  }
}

/** Runs a program to completion; its output goes to `log`, a failure carries the tail of it. */
function run(program: string, args: string[], log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      const text = chunk.toString().trimEnd();
      log(text);
      tail.push(text);
      if (tail.length > 20) tail.shift();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${program} ${args[args.length - 1]} failed (${code ?? signal}): ${tail.join('\n')}`)),
    );
  });
}

/** A TypeScript entry point run to completion (compose's one-shot `migrate` service). */
function runToEnd(entry: string, args: string[], env: Record<string, string>, log: Log): Promise<void> {
  return run(process.execPath, ['--import', 'tsx', join(REPO_ROOT, entry), ...args], log, { ...process.env, ...env });
}
