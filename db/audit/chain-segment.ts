import { AUDIT_CONTENT_COLUMNS, toContent, type AuditContentColumns } from './audit-rows';
import { chainHash, contentHash } from './canonical';
import type { AuditCheckpoint } from './checkpoints';

/*
 * One stretch of the chain's positions, checked link by link: what the walk in verify.ts runs over the whole chain, or
 * a worker thread (verify-worker.ts) over its share of it. Kept free of the ORM so a worker needs only a pg client.
 */

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

/** One sealed position with its audit row's columns (all null when the row is gone). */
export type SealRow = AuditContentColumns & { seq: number; audit_id: number; content_hash: string; chain_hash: string };

/** Reads the positions in (after, upTo], in order. */
export type PositionReader = (after: number, upTo: number) => Promise<SealRow[]>;

/** Positions read per page. */
export const CHAIN_PAGE = 5_000;

/** The positions in ($1, $2], in order, with their audit rows' columns: read as arrays of text (see {@link toSealRow}). */
export const POSITIONS_SQL = `select s.seq, s.audit_id, s.content_hash, s.chain_hash, ${AUDIT_CONTENT_COLUMNS}
  from audit_seal s left join audit_log a on a.id = s.audit_id
 where s.seq > $1 and s.seq <= $2 order by s.seq`;

/** Every column as the server's text: no type parser runs per field (details is parsed once, in toSealRow). */
export const AS_TEXT = { getTypeParser: () => (value: string) => value };

/** One row of {@link POSITIONS_SQL} read as an array of text. */
export function toSealRow(r: (string | null | undefined)[]): SealRow {
  return {
    seq: Number(r[0]),
    audit_id: Number(r[1]),
    content_hash: r[2] ?? '',
    chain_hash: r[3] ?? '',
    row_id: r[4] === null || r[4] === undefined ? null : Number(r[4]),
    row_at: r[5] ?? null,
    row_actor: r[6] ?? null,
    row_action: r[7] ?? null,
    row_entity_type: r[8] ?? null,
    row_entity_id: r[9] ?? null,
    row_workflow_id: r[10] ?? null,
    row_details: r[11] === null || r[11] === undefined ? null : (JSON.parse(r[11]) as unknown),
  };
}

/** What walking one stretch found. */
export interface SegmentResult {
  /** Positions verified from the stretch's first before its first break (all of them when none). */
  verified: number;
  firstBreak: ChainBreak | null;
  checkpointsChecked: number;
  /** The chain hash of the last position verified (null: none). */
  lastChainHash: string | null;
}

/**
 * Walks positions `from`..`to` (inclusive) from the chain hash before `from` (`previous`): each row's content hash
 * recomputed, each link checked, each held checkpoint in the stretch compared; stops at the first break. The next page
 * is read while this one is hashed (the database works while Node hashes).
 */
export async function verifySegment(
  read: PositionReader,
  from: number,
  to: number,
  previous: string,
  held: ReadonlyMap<number, AuditCheckpoint>,
): Promise<SegmentResult> {
  let verified = 0;
  let checkpointsChecked = 0;
  let firstBreak: ChainBreak | null = null;
  let link = previous;
  const page = (after: number) => (after >= to ? Promise.resolve([]) : read(after, Math.min(to, after + CHAIN_PAGE)));
  let pageStart = from - 1;
  let next = page(pageStart);
  walk: while (pageStart < to) {
    const rows = await next;
    pageStart += CHAIN_PAGE;
    next = page(pageStart);
    for (const row of rows) {
      const expected = from + verified;
      firstBreak = checkPosition(row, expected, link);
      if (firstBreak) break walk;
      const checkpoint = held.get(expected);
      if (checkpoint) {
        checkpointsChecked += 1;
        if (checkpoint.chainHash !== row.chain_hash) {
          firstBreak = checkpointBreak(checkpoint, { chainHash: row.chain_hash, auditId: Number(row.audit_id) });
          break walk;
        }
      }
      link = row.chain_hash;
      verified += 1;
    }
  }
  // A walk that stopped at a break leaves the page read ahead: let it finish before the caller's transaction goes on.
  await next.catch(() => []);
  // Positions missing at the stretch's end show as no row at all, not as a jump.
  if (!firstBreak && verified < to - from + 1) {
    const seq = from + verified;
    firstBreak = {
      kind: 'position-missing',
      seq,
      auditId: null,
      detail: `position ${seq} is missing`,
    };
  }
  return { verified, firstBreak, checkpointsChecked, lastChainHash: verified > 0 ? link : null };
}

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

export function checkpointBreak(
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
