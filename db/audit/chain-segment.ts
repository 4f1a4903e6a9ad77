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

/** The seals of positions ($1, $2], in order. */
export const SEALS_SQL = `select s.seq, s.audit_id, s.content_hash, s.chain_hash
  from audit_seal s where s.seq > $1 and s.seq <= $2 order by s.seq`;

/** The audit rows with ids in [$1, $2] (any order): one index range, read beside the seals rather than joined. */
export const ROWS_IN_RANGE_SQL = `select ${AUDIT_CONTENT_COLUMNS} from audit_log a where a.id >= $1 and a.id <= $2`;

/** The audit rows with the ids in $1 (any order): for a page whose ids are spread too wide for one range. */
export const ROWS_BY_ID_SQL = `select ${AUDIT_CONTENT_COLUMNS} from audit_log a where a.id = any($1::bigint[])`;

/** Every column as the server's text: no type parser runs per field (details is parsed once, in toSealRow). */
export const AS_TEXT = { getTypeParser: () => (value: string) => value };

/** Runs one of the SQL texts above with its values and returns its rows as arrays of text (see {@link AS_TEXT}). */
export type TextQuery = (sql: string, values: unknown[]) => Promise<(string | null)[][]>;

/**
 * The positions in (after, upTo], in order, each with its audit row's columns (all null when the row is gone). The seals
 * and the audit rows are read as two index ranges and matched here: joined on the server, every position cost an index
 * probe into audit_log: 1.44 s of database CPU for 200,000 positions against 0.85 s for the two ranges. Sealed ids
 * rise with the position except for rows committed late, so a page's ids normally span about the page; a page whose ids
 * spread wider than twice its size is read by its ids instead, so a late row never drags a long range along.
 */
export async function readPositions(run: TextQuery, after: number, upTo: number): Promise<SealRow[]> {
  const seals = await run(SEALS_SQL, [after, upTo]);
  if (seals.length === 0) return [];
  let low = Infinity;
  let high = -Infinity;
  for (const seal of seals) {
    const id = Number(seal[1]);
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const rows =
    high - low + 1 <= 2 * seals.length
      ? await run(ROWS_IN_RANGE_SQL, [low, high])
      : await run(ROWS_BY_ID_SQL, [`{${seals.map((seal) => seal[1]).join(',')}}`]);
  const byId = new Map<string | null, (string | null)[]>();
  for (const row of rows) byId.set(row[0] ?? null, row);
  return seals.map((seal) => toSealRow(seal, byId.get(seal[1] ?? null)));
}

/** One seal and its audit row (undefined when the row is gone), both read as arrays of text. */
export function toSealRow(seal: (string | null)[], r: (string | null)[] | undefined): SealRow {
  return {
    seq: Number(seal[0]),
    audit_id: Number(seal[1]),
    content_hash: seal[2] ?? '',
    chain_hash: seal[3] ?? '',
    row_id: r?.[0] === null || r?.[0] === undefined ? null : Number(r[0]),
    row_at: r?.[1] ?? null,
    row_actor: r?.[2] ?? null,
    row_action: r?.[3] ?? null,
    row_entity_type: r?.[4] ?? null,
    row_entity_id: r?.[5] ?? null,
    row_workflow_id: r?.[6] ?? null,
    row_details: r?.[7] === null || r?.[7] === undefined ? null : (JSON.parse(r[7]) as unknown),
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
