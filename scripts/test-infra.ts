import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { loadConfig } from '../config/env';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { prepareDatabase } from './platform';
import { startEmbeddedPostgres } from './postgres';
import { findFreePort } from './ports';
import { writeReadyFile } from './processes';
import { startTemporalDevServer } from './temporal-server';

/**
 * The integration tests' servers: a real PostgreSQL and a real Temporal dev server on free ports in a fresh
 * temporary directory, migrated and seeded, plus a workflow bundle the tests' workers share. Writes what it
 * started to the ready file, and stops everything when its parent goes away or sends SIGTERM.
 */
async function main(): Promise<void> {
  const readyFile = process.argv[2];
  if (!readyFile) throw new Error('usage: test-infra <ready-file>');
  const config = loadConfig();
  const dir = mkdtempSync(join(tmpdir(), 'millwright-test-'));
  chmodSync(dir, 0o755); // the postgres user must be able to enter it when we run as root
  const quiet = () => undefined;
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres(join(dir, 'pg'), await findFreePort(), quiet),
    startTemporalDevServer({
      cacheDir: config.cacheDir,
      dataDir: join(dir, 'temporal'),
      port: await findFreePort(),
      uiPort: await findFreePort(),
      namespace: config.namespace,
      log: (line) => (line.startsWith('Temporal CLI') ? console.log(line) : undefined),
    }),
  ]);
  const { orm } = await prepareDatabase(pg.url);
  await orm.close();
  const bundlePath = join(dir, 'workflow-bundle.js');
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: undefined });
  writeFileSync(bundlePath, bundle.code);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await temporal.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop()); // the test runner died: do not outlive it
  process.stdin.resume();
  writeReadyFile(readyFile, {
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: config.taskQueue,
    bundlePath,
    dataDir: dir,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
