import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { query } from '../sql';
import { AUDIT_CONTENT_COLUMNS, toContent, type AuditContentColumns } from './audit-rows';
import { chainHash, contentHash, GENESIS_CHAIN_HASH } from './canonical';
import type { AuditCheckpoint } from './checkpoints';
import type { ChainHead } from './seal';

/** Why a chain position fails: its row's content, its link, a deleted row, a missing position, an outside checkpoint. */
export type ChainBreakKind = 'content' | 'link' | 'row-missing' | 'position-missing' | 'checkpoint';

/** The first position that does not verify. */
export interface ChainBreak {
  kind: ChainBreakKind;
  seq: number;
  /** The audit row the position seals (null for a missing position or a chain shorter than a checkpoint). */
  auditId: number | null;
  /** What differs, in words for people. */
  detail: string;
}

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
}

const BATCH = 5_000;

type SealRow = AuditContentColumns & { seq: number; audit_id: number; content_hash: string; chain_hash: string };

/** Every column as the server's text: no type parser runs per field (details is parsed once, below). */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/**
 * The positions in (after, upTo], in order, read as arrays of text in `em`'s transaction if it has one. A million rows
 * walked through the ORM's object rows and type parsers cost more than hashing them (bench/audit-chain.bench.ts).
 */
export async function readChainPositions(em: EntityManager, after: number, upTo: number): Promise<SealRow[]> {
  const knex = em.getTransactionContext<Knex.Transaction>() ?? em.getConnection().getKnex();
  const result = (await knex
    .raw(
      `select s.seq, s.audit_id, s.content_hash, s.chain_hash, ${AUDIT_CONTENT_COLUMNS}
         from audit_seal s left join audit_log a on a.id = s.audit_id
        where s.seq > ? and s.seq <= ? order by s.seq`,
      [after, upTo],
    )
    .options({ rowMode: 'array', types: AS_TEXT })) as { rows: (string | null)[][] };
  return result.rows.map((r) => ({
    seq: Number(r[0]),
    audit_id: Number(r[1]),
    content_hash: r[2] ?? '',
    chain_hash: r[3] ?? '',
    row_id: r[4] === null ? null : Number(r[4]),
    row_at: r[5] ?? null,
    row_actor: r[6] ?? null,
    row_action: r[7] ?? null,
    row_entity_type: r[8] ?? null,
    row_entity_id: r[9] ?? null,
    row_workflow_id: r[10] ?? null,
    row_details: r[11] === null || r[11] === undefined ? null : (JSON.parse(r[11]) as unknown),
  }));
}

/** Checks one position against the previous link; null when it holds. */
function checkPosition(row: SealRow, expectedSeq: number, previous: string): ChainBreak | null {
  const seq = Number(row.seq);
  const auditId = Number(row.audit_id);
  if (seq !== expectedSeq) {
    return {
      kind: 'position-missing',
      seq: expectedSeq,
      auditId: null,
      detail: `position ${expectedSeq} is missing (the chain jumps to ${seq})`,
    };
  }
  const content = toContent(row);
  if (!content) {
    return {
      kind: 'row-missing',
      seq,
      auditId,
      detail: `audit row ${auditId} sealed at position ${seq} is gone (deleted)`,
    };
  }
  if (contentHash(content) !== row.content_hash) {
    return {
      kind: 'content',
      seq,
      auditId,
      detail: `audit row ${auditId} at position ${seq} no longer matches the content sealed for it`,
    };
  }
  if (chainHash(previous, row.content_hash) !== row.chain_hash) {
    return {
      kind: 'link',
      seq,
      auditId,
      detail: `the chain hash at position ${seq} (audit row ${auditId}) does not follow from position ${seq - 1}`,
    };
  }
  return null;
}

function checkpointBreak(
  checkpoint: AuditCheckpoint,
  found: { chainHash: string; auditId: number } | null,
): ChainBreak {
  if (!found) {
    return {
      kind: 'checkpoint',
      seq: checkpoint.seq,
      auditId: null,
      detail: `the chain ends before position ${checkpoint.seq}, held by the checkpoint of ${checkpoint.day}`,
    };
  }
  return {
    kind: 'checkpoint',
    seq: checkpoint.seq,
    auditId: found.auditId,
    detail: `the chain hash at position ${checkpoint.seq} differs from the checkpoint of ${checkpoint.day}: the chain up to there was rewritten`,
  };
}

/**
 * Walks the chain by position: recomputes each row's content hash and each link from the previous chain hash, and
 * stops at the first position that fails. With `checkpoints` (held outside), the chain hash at each checkpoint's
 * position must also equal the one held: walking alone cannot catch a rewritten row whose chain after it was re-hashed
 * (that chain is consistent with itself); only a checkpoint the rewriter could not change does. Runs in `em`'s
 * transaction, if any. Seal first (sealAuditLog) for the newest rows to count.
 */
export async function verifyAuditChain(
  em: EntityManager,
  checkpoints: AuditCheckpoint[] = [],
): Promise<ChainVerification> {
  const held = new Map(checkpoints.map((c) => [c.seq, c]));
  let previous = GENESIS_CHAIN_HASH;
  let verified = 0;
  let firstBreak: ChainBreak | null = null;
  let checkpointsChecked = 0;
  let head: ChainHead | null = null;
  const [last] = await query<{ seq: number | null }>(em, 'select max(seq) as seq from audit_seal');
  const lastSeq = Number(last?.seq ?? 0);
  // Pages by position range (positions are dense; a missing one shows as a jump in the next page read).
  const page = (after: number) =>
    after >= lastSeq ? Promise.resolve([]) : readChainPositions(em, after, after + BATCH);
  let pageStart = 0;
  let next = page(pageStart);
  walk: for (;;) {
    const rows = await next;
    if (pageStart >= lastSeq) break;
    // The next page is read while this one is hashed (the database works while Node hashes).
    pageStart += BATCH;
    next = page(pageStart);
    for (const row of rows) {
      firstBreak = checkPosition(row, verified + 1, previous);
      if (firstBreak) break walk;
      const checkpoint = held.get(verified + 1);
      if (checkpoint) {
        checkpointsChecked += 1;
        if (checkpoint.chainHash !== row.chain_hash) {
          firstBreak = checkpointBreak(checkpoint, { chainHash: row.chain_hash, auditId: Number(row.audit_id) });
          break walk;
        }
      }
      previous = row.chain_hash;
      verified += 1;
      head = { seq: verified, chainHash: previous };
    }
  }
  // A walk that stopped at a break leaves the page read ahead: let it finish before the caller's transaction goes on.
  await next.catch(() => []);
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
  };
}
