import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal as protos } from '@temporalio/proto';
import { loadConfig } from '../../config/env';
import { prepareDatabase } from '../../scripts/platform';
import { startEmbeddedPostgres, type PostgresHandle } from '../../scripts/postgres';
import { findFreePort } from '../../scripts/ports';
import { startTemporalDevServer, type TemporalHandle } from '../../scripts/temporal-server';
import { MILLWRIGHT_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { intEnv } from './int-env';

/**
 * A PostgreSQL of one test file's own, migrated and seeded like `npm start`'s, which the test may stop and start
 * again on the same port and data directory (the suite's shared server must never be stopped: other files use it).
 */
export interface OwnPostgres {
  readonly url: string;
  /** Fast shutdown, as an operator's `pg_ctl stop` does: sessions in flight end with 57P01. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-own-pg-'));
  chmodSync(dir, 0o755); // the postgres user must be able to enter it when we run as root
  const dataDir = join(dir, 'pg');
  const port = await findFreePort();
  const quiet = () => undefined;
  let handle: PostgresHandle | undefined = await startEmbeddedPostgres(dataDir, port, quiet);
  const { orm } = await prepareDatabase(handle.url);
  await orm.close();
  const url = handle.url;
  return {
    url,
    stop: async () => {
      await handle?.stop();
      handle = undefined;
    },
    start: async () => {
      handle ??= await startEmbeddedPostgres(dataDir, port, quiet);
    },
    remove: async () => {
      await handle?.stop();
      handle = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Temporal dev server of the test's own on `port` (the suite's namespace), in a temporary directory. */
export async function startOwnTemporal(port: number): Promise<TemporalHandle & { remove(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-own-temporal-'));
  const server = await startTemporalDevServer({
    cacheDir: loadConfig().cacheDir,
    dataDir: join(dir, 'temporal'),
    port,
    uiPort: await findFreePort(),
    namespace: intEnv().namespace,
    log: () => undefined,
  });
  return {
    ...server,
    remove: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One line of the API's (pino) log. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** A log destination that keeps the API's JSON lines, for tests that check what was logged. */
export class LogLines extends Writable {
  readonly lines: LogLine[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as LogLine);
    done();
  }

  /** Forgets what was logged so far. */
  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * Registers a namespace of the test's own on the suite's Temporal server, with the platform's search attributes, and
 * waits until it answers. A test on a database of its own needs one: document numbers (and so workflow ids such as
 * `stock-count:SC-001000`) start from the same sequence in every database, and a second database's process in the
 * shared namespace would take the id the shared database's document later needs (its start then reads as "already
 * started" and the document never gets its process).
 */
export async function registerOwnNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') })
      .catch((error: unknown) => {
        // Registered already (a re-run in the same server): the attributes below are checked all the same.
        if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
      });
    await eventuallyTrue(async () => {
      await connection.workflowService.describeNamespace({ namespace });
      return true;
    }, `namespace ${namespace}`);
    const searchAttributes = Object.fromEntries(
      MILLWRIGHT_SEARCH_ATTRIBUTES.map((key) => [
        key.name,
        protos.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ]),
    );
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    await eventuallyTrue(async () => {
      const listed = await connection.operatorService.listSearchAttributes({ namespace });
      return MILLWRIGHT_SEARCH_ATTRIBUTES.every((key) => key.name in (listed.customAttributes ?? {}));
    }, `the search attributes of namespace ${namespace}`);
  } finally {
    await connection.close();
  }
}

/** gRPC status 6: the namespace exists. */
const GRPC_ALREADY_EXISTS = 6;

async function eventuallyTrue(check: () => Promise<boolean>, label: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
