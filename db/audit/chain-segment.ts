import {
  AUDIT_CONTENT_COLUMNS,
  AUDIT_CONTENT_JOINED,
  contentHashOfJoined,
  contentHashOfText,
  detailsSeparator,
  exactContentHash,
  splitContentText,
  type AuditContentColumns,
} from './audit-rows';
import { chainHash } from './canonical';
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

/** One sealed position with its audit row's columns (all null when the row is gone), by name: see {@link positionsOf}. */
export type SealRow = AuditContentColumns & { seq: number; audit_id: number; content_hash: string; chain_hash: string };

/** One row of a query as the server's text, column by column (see {@link AS_TEXT}). */
export type TextRow = (string | null)[];

/**
 * An audit row as read: its joined text ({@link AUDIT_CONTENT_JOINED}, id first), or, for a row whose text does not
 * split into its columns, the columns ({@link AUDIT_CONTENT_COLUMNS}) as text.
 */
export type PageRow = string | TextRow;

/**
 * One page of positions as read: `seals` (seq, audit_id, content_hash, chain_hash) in position order, and `rows` their
 * audit rows, nearly always in id order, a deleted row absent. The walk hashes straight from these texts: turning a
 * million positions into named objects first cost a fifth of the walk's time (objects made and collected per row),
 * and splitting each row's text into columns another fifth, measured on bench/audit-chain.bench.ts's chain.
 */
export interface ChainPage {
  seals: TextRow[];
  rows: PageRow[];
}

/** Reads the positions in (after, upTo]. */
export type PositionReader = (after: number, upTo: number) => Promise<ChainPage>;

/** Positions read per page. */
export const CHAIN_PAGE = 5_000;

/**
 * The seals of positions ($1, $2] as one text: each seal's seq, audit_id, content_hash and chain_hash, seals in order,
 * all joined by spaces (which neither numbers nor hex hashes hold), with their count. One field per page rather than a
 * row per seal: a message and a text per seal cost the driver and the server more than the seals themselves
 * (bench/audit-chain.bench.ts).
 */
export const SEALS_SQL = `select count(*)::text, string_agg(s.seq || ' ' || s.audit_id || ' ' || s.content_hash || ' ' ||
  s.chain_hash, ' ' order by s.seq) from audit_seal s where s.seq > $1 and s.seq <= $2`;

/** The same seals column by column: for a page where a stored hash holds a space (it was tampered with). */
export const SEAL_COLUMNS_SQL = `select s.seq, s.audit_id, s.content_hash, s.chain_hash
  from audit_seal s where s.seq > $1 and s.seq <= $2 order by s.seq`;

/** Separates the rows in {@link ROWS_IN_RANGE_SQL}'s text: the record separator, which jsonb's text never holds raw. */
const RECORD = '\x1e';

/**
 * The audit rows with ids in [$1, $2] as one text, in id order, each row's joined text ({@link AUDIT_CONTENT_JOINED}),
 * separated by {@link RECORD}, with their count: one index range, one field for the page (see {@link SEALS_SQL}).
 */
export const ROWS_IN_RANGE_SQL = `select count(*)::text, string_agg(${AUDIT_CONTENT_JOINED}, E'\\x1e' order by a.id)
  from audit_log a where a.id >= $1 and a.id <= $2`;

/** The same for the rows with the ids in $1: a page whose ids are spread too wide for one range. */
export const ROWS_BY_ID_SQL = `select count(*)::text, string_agg(${AUDIT_CONTENT_JOINED}, E'\\x1e' order by a.id)
  from audit_log a where a.id = any($1::bigint[])`;

/** The rows of {@link ROWS_BY_ID_SQL} one text each: for a page whose text does not split into its rows. */
export const ROW_TEXTS_BY_ID_SQL = `select ${AUDIT_CONTENT_JOINED} as row_text from audit_log a where a.id = any($1::bigint[])
  order by a.id`;

/** The audit rows with the ids in $1 column by column: rows whose joined text does not split into its columns. */
export const COLUMNS_BY_ID_SQL = `select ${AUDIT_CONTENT_COLUMNS} from audit_log a where a.id = any($1::bigint[])`;

/** Every column as the server's text: no type parser runs per field (details is parsed once, when hashed). */
export const AS_TEXT = { getTypeParser: () => (value: string) => value };

/** Runs one of the SQL texts above with its values and returns its rows as arrays of text (see {@link AS_TEXT}). */
export type TextQuery = (sql: string, values: unknown[]) => Promise<TextRow[]>;

/**
 * The positions in (after, upTo]: their seals and their audit rows, read as two index ranges rather than joined (joined
 * on the server, every position cost an index probe into audit_log: 1.44 s of database CPU for 200,000 positions
 * against 0.85 s for the two ranges). Sealed ids rise with the position except for rows committed late, so a page's ids
 * normally span about the page; a page whose ids spread wider than twice its size is read by its ids instead, so a late
 * row never drags a long range along.
 */
export async function readPositions(run: TextQuery, after: number, upTo: number): Promise<ChainPage> {
  const seals = await readSeals(run, after, upTo);
  if (seals.length === 0) return { seals, rows: [] };
  let low = Infinity;
  let high = -Infinity;
  for (const seal of seals) {
    const id = Number(seal[1]);
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const byRange = high - low + 1 <= 2 * seals.length;
  const ids = () => `{${seals.map((seal) => seal[1]).join(',')}}`;
  const [page] = byRange ? await run(ROWS_IN_RANGE_SQL, [low, high]) : await run(ROWS_BY_ID_SQL, [ids()]);
  let texts = splitPage(page, RECORD);
  // A column holding the record separator splits the page into more texts than rows: read it a row at a time.
  if (texts === null) texts = (await run(ROW_TEXTS_BY_ID_SQL, [ids()])).map((row) => row[0] ?? null);
  const rows: PageRow[] = [];
  let unsplit: string[] | null = null;
  for (const text of texts) {
    if (text === null) throw new Error('an audit row read as no text: its columns are required');
    // The id leads the text and is digits: it names the row even when a later column holds the separator.
    if (detailsSeparator(text) >= 0) rows.push(text);
    else (unsplit ??= []).push(text.slice(0, text.indexOf('\x1f')));
  }
  if (unsplit) rows.push(...(await run(COLUMNS_BY_ID_SQL, [`{${unsplit.join(',')}}`])));
  return { seals, rows };
}

/**
 * A page read as (count, texts joined by `separator`) split into its texts; null when they do not number `count`
 * (a text holds the separator). No rows: none.
 */
function splitPage(page: TextRow | undefined, separator: string): (string | null)[] | null {
  const count = Number(page?.[0] ?? 0);
  const joined = page?.[1];
  if (count === 0 || joined === null || joined === undefined) return count === 0 ? [] : null;
  const texts = joined.split(separator);
  return texts.length === count ? texts : null;
}

/** The seals of positions (after, upTo] as columns of text: the page's text split, or the columns when it does not split. */
async function readSeals(run: TextQuery, after: number, upTo: number): Promise<TextRow[]> {
  const [page] = await run(SEALS_SQL, [after, upTo]);
  const count = Number(page?.[0] ?? 0);
  const fields = count === 0 ? [] : (page?.[1]?.split(' ') ?? []);
  if (fields.length !== 4 * count) return run(SEAL_COLUMNS_SQL, [after, upTo]);
  const seals: TextRow[] = new Array<TextRow>(count);
  for (let i = 0; i < count; i += 1) seals[i] = fields.slice(4 * i, 4 * i + 4);
  return seals;
}

/**
 * Finds each seal's audit row in a page's rows (id order). Seals come in position order and sealed ids rise with it, so
 * the next row is nearly always the one: a cursor, not a map per page. A seal that is not the next row's (a row
 * committed late, a deleted one) is looked up in a map built then, once for the page.
 */
export class PageRows {
  private next = 0;
  private byId: Map<string | null, PageRow> | null = null;

  constructor(private readonly rows: PageRow[]) {}

  /** The audit row with this id (as text), or undefined when it is gone. */
  rowOf(auditId: string | null): PageRow | undefined {
    const candidate = this.rows[this.next];
    if (candidate !== undefined && auditId !== null && isRow(candidate, auditId)) {
      this.next += 1;
      return candidate;
    }
    this.byId ??= new Map(this.rows.map((row) => [idOf(row), row]));
    return this.byId.get(auditId);
  }
}

/** Whether a row read is the one with this id (a joined text starts with its id and the separator). */
function isRow(row: PageRow, auditId: string): boolean {
  if (typeof row !== 'string') return row[0] === auditId;
  return row.charCodeAt(auditId.length) === 31 && row.startsWith(auditId);
}

function idOf(row: PageRow): string | null {
  return typeof row === 'string' ? row.slice(0, row.indexOf('\x1f')) : (row[0] ?? null);
}

/** A row read as its columns of text (a joined text split). */
function columnsOf(row: PageRow | undefined): TextRow | undefined {
  return typeof row === 'string' ? (splitContentText(row) ?? undefined) : row;
}

/** A page's positions as named rows, for reading a chain rather than walking it (the walk uses the arrays). */
export function positionsOf(page: ChainPage): SealRow[] {
  const rows = new PageRows(page.rows);
  return page.seals.map((seal) => toSealRow(seal, rows.rowOf(seal[1] ?? null)));
}

/** One seal and its audit row (undefined when the row is gone), both as read. */
export function toSealRow(seal: TextRow, row: PageRow | undefined): SealRow {
  const r = columnsOf(row);
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
  const page = (after: number): Promise<ChainPage> =>
    after >= to ? Promise.resolve({ seals: [], rows: [] }) : read(after, Math.min(to, after + CHAIN_PAGE));
  let pageStart = from - 1;
  let next = page(pageStart);
  walk: while (pageStart < to) {
    const { seals, rows } = await next;
    pageStart += CHAIN_PAGE;
    next = page(pageStart);
    const audit = new PageRows(rows);
    for (const seal of seals) {
      const expected = from + verified;
      firstBreak = checkPosition(seal, audit.rowOf(seal[1] ?? null), expected, link);
      if (firstBreak) break walk;
      const chain = seal[3] ?? '';
      const checkpoint = held.get(expected);
      if (checkpoint) {
        checkpointsChecked += 1;
        if (checkpoint.chainHash !== chain) {
          firstBreak = checkpointBreak(checkpoint, { chainHash: chain, auditId: Number(seal[1]) });
          break walk;
        }
      }
      link = chain;
      verified += 1;
    }
  }
  // A walk that stopped at a break leaves the page read ahead: let it finish before the caller's transaction goes on.
  await next.catch(() => null);
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

/** One position: its seal (seq, audit_id, content_hash, chain_hash) and its audit row's text (undefined: gone). */
function checkPosition(
  seal: TextRow,
  row: PageRow | undefined,
  expectedSeq: number,
  previous: string,
): ChainBreak | null {
  const seq = Number(seal[0]);
  const auditId = Number(seal[1]);
  if (seq !== expectedSeq) {
    return {
      kind: 'position-missing',
      seq: expectedSeq,
      auditId: null,
      detail: `position ${expectedSeq} is missing (the chain jumps to ${seq})`,
    };
  }
  const rowHash = typeof row === 'string' ? contentHashOfJoined(row, detailsSeparator(row)) : contentHashOfText(row);
  if (rowHash === null) {
    return {
      kind: 'row-missing',
      seq,
      auditId,
      detail: `audit row ${auditId} sealed at position ${seq} is gone (deleted)`,
    };
  }
  const sealedContent = seal[2] ?? '';
  if (rowHash !== sealedContent && exactContentHash(columnsOf(row)) !== sealedContent) {
    return {
      kind: 'content',
      seq,
      auditId,
      detail: `audit row ${auditId} at position ${seq} no longer matches the content sealed for it`,
    };
  }
  if (chainHash(previous, sealedContent) !== seal[3]) {
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
