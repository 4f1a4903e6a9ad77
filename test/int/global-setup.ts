import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildService } from '../support/child-service';

/** Starts real PostgreSQL + the real Temporal dev server once for all integration tests. */
export default async function globalSetup(): Promise<void> {
  const readyFile = join(tmpdir(), `millwright-int-${process.pid}.json`);
  const { child, ready } = await startChildService('scripts/test-infra.ts', [readyFile], readyFile);
  (globalThis as Record<string, unknown>).__MILLWRIGHT_INFRA__ = child;
  process.env.MW_TEST_DATABASE_URL = ready.databaseUrl;
  process.env.MW_TEST_TEMPORAL_ADDRESS = ready.temporalAddress;
  process.env.MW_TEST_NAMESPACE = ready.namespace;
  process.env.MW_TEST_TASK_QUEUE = ready.taskQueue;
  process.env.MW_TEST_BUNDLE = ready.bundlePath;
}
