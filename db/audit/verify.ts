import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { query } from '../sql';
import { GENESIS_CHAIN_HASH } from './canonical';
import {
  AS_TEXT,
  checkpointBreak,
  readPositions,
  verifySegment,
  type ChainBreak,
  type ChainPage,
  type SegmentResult,
} from './chain-segment';
import type { AuditCheckpoint } from './checkpoints';
import type { ChainHead } from './seal';
import type { SegmentTask } from './verify-worker';

export type { ChainBreak, ChainBreakKind } from './chain-segment';

/** The outcome of one walk of the chain. */
export interface ChainVerification {
  ok: boolean;
  /** Positions verified before the first break (all of them when ok). */
  verified: number;
  head: ChainHead | null;
  firstBreak: ChainBreak | null;
  /** Audit rows without a seal when the walk ran (committed after the sealer's last run): not verified, not broken. */
  unsealed: { count: number; firstIds: number[] };
  /** Outside checkpoints compared against the chain. */
  checkpointsChecked: number;
  /** Threads that walked the chain (stretches of it side by side). */
  threads: number;
}

/** How to walk: `threads` stretches side by side (default: one per core, up to 4, for a chain of 50,000 or more). */
export interface VerifyOptions {
  threads?: number;
}

/** Below this many positions one walk is quicker than starting threads. */
const PARALLEL_FROM = 50_000;

/**
 * The positions in (after, upTo], read as arrays of text in `em`'s transaction if it has one (`positionsOf` names their
 * columns). A million rows walked through the ORM's object rows and type parsers cost more than hashing them
 * (bench/audit-chain.bench.ts).
 */
export async function readChainPositions(em: EntityManager, after: number, upTo: number): Promise<ChainPage> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const run = async (sql: string, values: unknown[]) => {
    // The SQL texts number their parameters in order of use; knex binds `?` in order.
    const bound = sql.replace(/\$\d/g, '?');
    const result = (await knex
      .raw(bound, values as Knex.RawBinding[])
      .options({ rowMode: 'array', types: AS_TEXT })) as { rows: (string | null)[][] };
    return result.rows;
  };
  return readPositions(run, after, upTo);
}

/**
 * Walks the chain by position: recomputes each row's content hash and each link from the previous chain hash, and
 * stops at the first position that fails. With `checkpoints` (held outside), the chain hash at each checkpoint's
 * position must also equal the one held: walking alone cannot catch a rewritten row whose chain after it was re-hashed
 * (that chain is consistent with itself); only a checkpoint the rewriter could not change does. Runs in `em`'s
 * transaction, if any (then in one walk: threads would not see it). Outside one, a long chain is cut into stretches
 * walked side by side by worker threads (verify-worker.ts), each from the stored chain hash before its stretch: every
 * link is still checked, the one into a stretch by the stretch before it. Seal first (sealAuditLog) for the newest rows
 * to count.
 */
export async function verifyAuditChain(
  em: EntityManager,
  checkpoints: AuditCheckpoint[] = [],
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const held = new Map(checkpoints.map((c) => [c.seq, c]));
  const [last] = await query<{ seq: number | null }>(em, 'select max(seq) as seq from audit_seal');
  const lastSeq = Number(last?.seq ?? 0);
  const inTransaction = em.getTransactionContext() !== undefined;
  const threads = inTransaction
    ? 1
    : Math.max(
        1,
        Math.min(options.threads ?? (lastSeq >= PARALLEL_FROM ? Math.min(availableParallelism(), 4) : 1), lastSeq),
      );
  const segments =
    threads === 1
      ? [
          await verifySegment(
            (after, upTo) => readChainPositions(em, after, upTo),
            1,
            lastSeq,
            GENESIS_CHAIN_HASH,
            held,
          ),
        ]
      : await verifyInThreads(em, lastSeq, threads, checkpoints);
  let verified = 0;
  let firstBreak: ChainBreak | null = null;
  let checkpointsChecked = 0;
  let head: ChainHead | null = null;
  for (const segment of segments) {
    verified += segment.verified;
    checkpointsChecked += segment.checkpointsChecked;
    if (segment.lastChainHash !== null) head = { seq: verified, chainHash: segment.lastChainHash };
    if (segment.firstBreak) {
      firstBreak = segment.firstBreak;
      break;
    }
  }
  if (!firstBreak) {
    const beyond = checkpoints.filter((c) => c.seq > verified).sort((a, b) => a.seq - b.seq)[0];
    if (beyond) {
      checkpointsChecked += 1;
      firstBreak = checkpointBreak(beyond, null);
    }
  }
  const unsealed = await query<{ id: number; total: string }>(
    em,
    `select a.id, count(*) over () as total from audit_log a
      where not exists (select 1 from audit_seal s where s.audit_id = a.id) order by a.id limit 20`,
  );
  return {
    ok: firstBreak === null,
    verified,
    head,
    firstBreak,
    unsealed: { count: Number(unsealed[0]?.total ?? 0), firstIds: unsealed.map((r) => Number(r.id)) },
    checkpointsChecked,
    threads,
  };
}

/**
 * Positions 1..lastSeq cut into `threads` stretches, each walked by a worker thread over its own connection from the
 * chain hash stored just before it (none stored: an empty text, so its first link fails, after the stretch before it
 * has reported the missing position). Results in chain order.
 */
async function verifyInThreads(
  em: EntityManager,
  lastSeq: number,
  threads: number,
  checkpoints: AuditCheckpoint[],
): Promise<SegmentResult[]> {
  const size = Math.ceil(lastSeq / threads);
  const stretches = Array.from({ length: threads }, (_, i) => ({
    from: i * size + 1,
    to: Math.min(lastSeq, (i + 1) * size),
  })).filter((s) => s.from <= s.to);
  const before = await query<{ seq: number; chain_hash: string }>(
    em,
    'select seq, chain_hash from audit_seal where seq = any(?::int[])',
    [`{${stretches.map((s) => s.from - 1).join(',')}}`],
  );
  const hashAt = new Map(before.map((row) => [Number(row.seq), row.chain_hash]));
  const connectionString = em.config.get('clientUrl') ?? '';
  return Promise.all(
    stretches.map((s) =>
      runWorker({
        connectionString,
        from: s.from,
        to: s.to,
        previous: s.from === 1 ? GENESIS_CHAIN_HASH : (hashAt.get(s.from - 1) ?? ''),
        checkpoints: checkpoints.filter((c) => c.seq >= s.from && c.seq <= s.to),
      }),
    ),
  );
}

/** verify-worker.ts beside this file: as TypeScript (run through tsx's require hook) or compiled. */
function runWorker(task: SegmentTask): Promise<SegmentResult> {
  const file = join(__dirname, `verify-worker${extname(__filename)}`);
  const execArgv = file.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: task, execArgv });
    worker.once('message', (message: { result?: SegmentResult; error?: string }) => {
      if (message.result) resolve(message.result);
      else reject(new Error(`verifying positions ${task.from}-${task.to} failed: ${message.error ?? 'unknown'}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the thread verifying positions ${task.from}-${task.to} stopped (${code})`));
    });
  });
}
