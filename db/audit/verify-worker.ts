import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { AS_TEXT, readPositions, verifySegment, type SegmentResult } from './chain-segment';
import type { AuditCheckpoint } from './checkpoints';

/** What verify.ts hands a worker thread: its stretch of the chain and how to reach the database. */
export interface SegmentTask {
  connectionString: string;
  from: number;
  to: number;
  /** The chain hash of position `from - 1` as stored (its own link is the previous stretch's to check). */
  previous: string;
  checkpoints: AuditCheckpoint[];
}

/**
 * A worker thread's walk of one stretch of the audit chain over its own connection (verify.ts starts it): the threads'
 * hashing runs on as many cores as there are stretches.
 */
async function run(task: SegmentTask): Promise<SegmentResult> {
  const client = new pg.Client({ connectionString: task.connectionString });
  await client.connect();
  try {
    const run = async (text: string, values: unknown[]) =>
      (await client.query<(string | null)[]>({ text, values, rowMode: 'array', types: AS_TEXT as never })).rows;
    const read = (after: number, upTo: number) => readPositions(run, after, upTo);
    return await verifySegment(
      read,
      task.from,
      task.to,
      task.previous,
      new Map(task.checkpoints.map((c) => [c.seq, c])),
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as SegmentTask).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
