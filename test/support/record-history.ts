import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal as protos } from '@temporalio/proto';

/**
 * Keeps a finished run's history as a replay fixture under test/replay/histories/<process>/<name>.json when
 * MW_RECORD_HISTORIES=1 (as useTestApp's `record` does for API tests), for tests that drive a worker of their own.
 */
export async function recordHistory(
  temporal: Client,
  process: string,
  name: string,
  workflowId: string,
): Promise<void> {
  if (globalThis.process.env.MW_RECORD_HISTORIES !== '1') return;
  const dir = join(__dirname, '..', 'replay', 'histories', process);
  mkdirSync(dir, { recursive: true });
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const encoded = Buffer.from(protos.api.history.v1.History.encode(history).finish()).toString('base64');
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ workflowId, history: encoded }, null, 1)}\n`);
}
