import type { EntityManager } from '@mikro-orm/postgresql';
import type { NetChangePlan } from '../../rules/mrp/net-change';
import { compactRows } from '../../rules/mrp';
import { arrayLiteral, queryBound } from '../bound-sql';
import { num } from '../sql';
import { exceptionsStatement } from './mrp-plan-store';

/*
 * Net change's write, in bulk like the regenerative store (mrp-plan-store.ts): one statement per table and kind, the
 * rows as one bound JSON parameter. Loading the affected items' stored orders as entities and flushing them one by one
 * took seconds on a large plan (bench/mrp-net-change.bench.ts); the suggestions are read as plain rows, compared here
 * and only what differs is written, by id.
 */

/** How the stored plan's counts moved (the run summary is adjusted by them, not recounted). */
export interface StoredNetChange {
  plannedOrders: number;
  exceptions: number;
}

/**
 * Replaces the affected items' part of a stored plan with what net change calculated, in the caller's transaction:
 * their grids (each marked with its item's reason), their `suggested` planned orders (an unchanged suggestion keeps
 * its row and mark; a changed or new one is marked; approved, rejected and released ones stay as decided) and their
 * exception messages. `idOf` maps the affected items' skus to ids; `reasonOf` gives each item's reason.
 */
export async function storeNetChange(
  em: EntityManager,
  runId: number,
  plan: NetChangePlan,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
): Promise<StoredNetChange> {
  const writer = new NetChangeWriter(em, runId, idOf, reasonOf);
  writer.level(plan, [...idOf.values()]);
  return writer.finish(plan);
}

/** A part of a net change plan as it is netted: some items, with the plan's changed buckets and kept inputs. */
export type NetChangePart = Pick<NetChangePlan, 'items' | 'changedBuckets' | 'inputsKept'>;

/**
 * storeNetChange one part at a time (rules/mrp incrementalNetChangeLevels yields one low-level code's items at a
 * time): `level` sends the part's grids and the read of its stored suggestions at once, so PostgreSQL writes and reads
 * them while the next code is netted here; `finish` compares the suggestions and writes them and the messages. One
 * connection (the caller's transaction): the statements run in the order sent.
 */
export class NetChangeWriter {
  private readonly now = new Date();
  private readonly itemIds: number[] = [];
  private readonly reads: Array<Promise<StoredOrderRow[]>> = [];
  private readonly writes: Array<Promise<unknown>> = [];

  constructor(
    private readonly em: EntityManager,
    private readonly runId: number,
    private readonly idOf: ReadonlyMap<string, number>,
    private readonly reasonOf: (sku: string) => string,
  ) {}

  /**
   * Sends a part's statements: the read of its items' stored orders in their changed buckets (all of them when the plan
   * has no changed buckets) and any decided ones, then the write of their grids. `itemIds`: the items the part replaces
   * (default: its items the writer has ids for).
   */
  level(part: NetChangePart, itemIds?: number[]): void {
    const ids = itemIds ?? part.items.flatMap((item) => this.idOf.get(item.sku) ?? []);
    if (ids.length === 0) return;
    this.itemIds.push(...ids);
    const read = readStoredOrders(this.em, this.runId, part, this.idOf, JSON.stringify(ids));
    read.catch(() => undefined); // awaited by finish; a failure must not surface as unhandled meanwhile
    this.reads.push(read);
    const grids = storeGrids(this.em, this.runId, gridsOf(part, this.idOf, this.reasonOf), this.now);
    grids.catch(() => undefined);
    this.writes.push(grids);
  }

  /**
   * Once every part is sent: compares the stored suggestions with the plan's orders and writes what differs, replaces
   * the parts' items' messages, and waits for every statement (a failure aborts the transaction; the first one to fail
   * is the one reported). Returns how the plan's counts moved.
   */
  async finish(plan: NetChangePlan): Promise<StoredNetChange> {
    const stored = (await Promise.all(this.reads)).flat();
    const suggestionsWritten = replaceSuggestions(
      this.em,
      suggestionsInScope(this.runId, plan, this.idOf, stored),
      this.idOf,
      this.reasonOf,
    );
    // The messages' statements queue behind the suggestions' (node-postgres runs them in order): their rows are turned
    // into JSON here while PostgreSQL writes the suggestions, not after.
    const removed = queryBound<{ count: string }>(
      this.em,
      `with gone as (delete from mrp_exception
                      where run_id = ? and item_id in (select jsonb_array_elements_text(?::jsonb)::int) returning 1)
       select count(*) as count from gone`,
      [this.runId, JSON.stringify(this.itemIds)],
    );
    const exceptions = plan.exceptions.filter((e) => this.idOf.has(e.sku));
    const insert = exceptions.length > 0 ? exceptionsStatement(this.runId, exceptions, this.idOf) : null;
    // Sent once the old messages are gone: the new ones must never meet the delete.
    const inserted = removed.then(() => insert && queryBound(this.em, insert.sql, insert.params));
    const [plannedOrders, [gone]] = await Promise.all([suggestionsWritten, removed, inserted, ...this.writes]);
    return { plannedOrders, exceptions: exceptions.length - num(gone?.count) };
  }
}

/**
 * Each re-planned item's grid and the inputs it was netted from (its pegging is derived from them when read), marked
 * with its reason, as parallel arrays (null: none).
 */
function gridsOf(
  part: NetChangePart,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
): GridColumns | null {
  const items = part.items.filter((item) => idOf.has(item.sku));
  if (items.length === 0) return null;
  return {
    itemIds: items.map((item) => idOf.get(item.sku)!),
    codes: items.map((item) => item.lowLevelCode),
    rows: items.map((item) => JSON.stringify(compactRows(item.rows))),
    // Inputs as stored (an item re-netted for its parents' sake): not sent, not rewritten.
    inputs: items.map((item) => (part.inputsKept?.has(item.sku) ? null : JSON.stringify(item.inputs))),
    reasons: items.map((item) => reasonOf(item.sku)),
  };
}

/**
 * The grids as parallel arrays, one element per item. PostgreSQL reads them with unnest about twice as fast as one
 * JSON document with json_to_recordset (7 against 15 ms for a code's 580 KB on the bench's plan).
 */
interface GridColumns {
  itemIds: number[];
  codes: number[];
  rows: string[];
  inputs: Array<string | null>;
  reasons: string[];
}

/** Writes the grids (gridsOf), each with its reason (added if the run had none for the item). */
async function storeGrids(em: EntityManager, runId: number, grids: GridColumns | null, now: Date): Promise<void> {
  if (grids === null) return;
  await queryBound(
    em,
    `insert into mrp_item_plan (run_id, item_id, low_level_code, rows, inputs, change_reason, changed_at)
     select ?, x.item_id, x.low_level_code, x.rows, x.inputs, x.reason, ?
       from unnest(?::int[], ?::int[], ?::json[], ?::json[], ?::text[]) as x(item_id, low_level_code, rows, inputs, reason)
     on conflict (run_id, item_id) do update
        set rows = excluded.rows, inputs = coalesce(excluded.inputs, mrp_item_plan.inputs), supplies = null, change_reason = excluded.change_reason,
            changed_at = excluded.changed_at`,
    [runId, now, ...[grids.itemIds, grids.codes, grids.rows, grids.inputs, grids.reasons].map(arrayLiteral)],
  );
}

/**
 * Reads a part's items' stored orders in the buckets whose orders may have changed (`changedBuckets`; all when
 * absent) and their decided ones anywhere, through the (run, item) index: the statement is sent at once. The
 * suggestions outside the buckets are not read: a suggestion's ref names its bucket (`<sku>/<bucket>/<n>`), so none of
 * them is a fresh one (only an approved order is ever moved to another date), and none is removed.
 */
function readStoredOrders(
  em: EntityManager,
  runId: number,
  part: NetChangePart,
  idOf: ReadonlyMap<string, number>,
  itemIds: string,
): Promise<StoredOrderRow[]> {
  const scope = part.changedBuckets;
  const buckets = scope
    ? JSON.stringify(
        part.items.flatMap((item) =>
          (scope.get(item.sku) ?? []).map((receipt) => ({ item_id: idOf.get(item.sku), receipt })),
        ),
      )
    : null;
  return queryBound<StoredOrderRow>(
    em,
    `select id, planned_ref, status, item_id, order_type, quantity::text as quantity,
            receipt_date - date '1970-01-01' as receipt, release_date - date '1970-01-01' as release, past_due
       from mrp_planned_order
      where run_id = ? and item_id in (select jsonb_array_elements_text(?::jsonb)::int)
        and (status <> 'suggested' or ?::jsonb is null
             or (item_id, receipt_date) in (select b.item_id, b.receipt
                                              from jsonb_to_recordset(?::jsonb) as b(item_id int, receipt date)))`,
    [runId, itemIds, buckets, buckets],
  );
}

/** The plan's fresh orders in the changed buckets, with the stored orders read there (readStoredOrders). */
function suggestionsInScope(
  runId: number,
  plan: NetChangePlan,
  idOf: ReadonlyMap<string, number>,
  stored: StoredOrderRow[],
): SuggestionsInScope {
  const scope = plan.changedBuckets;
  const day = dayNumbers();
  // Looked up once per order (thousands of them): sets, not a scan of each item's bucket list.
  const dates = scope && new Map([...scope].map(([sku, list]) => [idOf.get(sku), new Set(list.map(day))]));
  const inScope = (itemId: number | undefined, date: number) => !dates || (dates.get(itemId)?.has(date) ?? false);
  const fresh = plan.plannedOrders.filter(
    (order) => idOf.has(order.sku) && inScope(idOf.get(order.sku), day(order.receiptDate)),
  );
  return { runId, fresh, stored, inScope, day };
}

/** The affected items' fresh orders in the changed buckets, their stored orders there (and decided ones anywhere). */
interface SuggestionsInScope {
  runId: number;
  fresh: NetChangePlan['plannedOrders'];
  stored: StoredOrderRow[];
  inScope: (itemId: number | undefined, day: number) => boolean;
  day: (date: string) => number;
}

/**
 * Updates, adds and removes the affected items' suggestions in the buckets whose orders may have changed
 * (readStoredOrders); returns how many more (or fewer) orders there are. The affected items' stored orders there, read
 * once, are compared here with the fresh ones; only what differs is written, by id, one statement per kind. A suggestion is unchanged when its type, quantity (as the column
 * keeps it), dates and past-due flag all equal the fresh ones (whom it serves is derived when read): it keeps its row
 * and mark. A changed one is marked and drops pegs a run stored before pegging was derived. A fresh order whose ref
 * the run already has (approved, rejected, released) stays as decided. Comparing them in PostgreSQL (the fresh
 * orders in an analyzed temporary table, one statement of CTEs) took a third longer on the bench's live plan
 * (bench/mrp-net-change.bench.ts: 134 -> 91 ms for ~3,000 orders in scope, ~1,500 of them changed).
 */
async function replaceSuggestions(
  em: EntityManager,
  { runId, fresh, stored, inScope, day }: SuggestionsInScope,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
): Promise<number> {
  const byRef = new Map(stored.map((row) => [row.planned_ref, row]));
  const freshRefs = new Set(fresh.map((order) => order.id));
  const removed = stored
    .filter((row) => row.status === 'suggested' && !freshRefs.has(row.planned_ref) && inScope(row.item_id, row.receipt))
    .map((row) => row.id);
  const changed: object[] = [];
  const added: object[] = [];
  const values = (order: NetChangePlan['plannedOrders'][number]) => ({
    type: order.type,
    quantity: order.quantity,
    receipt: order.receiptDate,
    release: order.releaseDate,
    past_due: order.pastDue,
    reason: reasonOf(order.sku),
  });
  for (const order of fresh) {
    const row = byRef.get(order.id);
    if (!row) added.push({ ref: order.id, item_id: idOf.get(order.sku), ...values(order) });
    else if (row.status === 'suggested' && !sameSuggestion(row, order, day))
      changed.push({ id: row.id, ...values(order) });
  }
  // Issued one after the other without waiting in between (node-postgres runs them in order), awaited together.
  const written: Array<Promise<unknown>> = [];
  if (removed.length > 0) {
    written.push(
      queryBound(em, 'delete from mrp_planned_order where id in (select jsonb_array_elements_text(?::jsonb)::int)', [
        JSON.stringify(removed),
      ]),
    );
  }
  if (changed.length > 0) {
    written.push(
      queryBound(
        em,
        `update mrp_planned_order o
          set order_type = f.type, quantity = f.quantity, receipt_date = f.receipt, release_date = f.release,
              past_due = f.past_due, pegs = null, change_reason = f.reason
         from json_to_recordset(?::json) as f(id int, type text, quantity numeric, receipt date, release date,
                                              past_due boolean, reason text)
        where o.id = f.id`,
        [JSON.stringify(changed)],
      ),
    );
  }
  if (added.length > 0) {
    written.push(
      queryBound(
        em,
        `insert into mrp_planned_order (run_id, planned_ref, item_id, order_type, quantity, receipt_date, release_date,
                                      past_due, status, change_reason)
       select ?, f.ref, f.item_id, f.type, f.quantity, f.receipt, f.release, f.past_due, 'suggested', f.reason
         from rows from (json_to_recordset(?::json) as (ref text, item_id int, type text, quantity numeric,
                                                          receipt date, release date, past_due boolean, reason text))
              with ordinality as f(ref, item_id, type, quantity, receipt, release, past_due, reason, n)
        order by f.n`,
        [runId, JSON.stringify(added)],
      ),
    );
  }
  await Promise.all(written);
  return added.length - removed.length;
}

/**
 * An affected item's stored order as the comparison reads it: quantity as the column's text, dates as days since
 * 1970-01-01 (formatting them as text cost PostgreSQL more than reading the rows).
 */
interface StoredOrderRow {
  id: number;
  planned_ref: string;
  status: string;
  item_id: number;
  order_type: string;
  quantity: string;
  receipt: number;
  release: number;
  past_due: boolean;
}

/** Whether a stored suggestion equals a fresh order in every stored column (its quantity as numeric(18,3) keeps it). */
function sameSuggestion(
  row: StoredOrderRow,
  order: NetChangePlan['plannedOrders'][number],
  day: (date: string) => number,
): boolean {
  return (
    row.order_type === order.type &&
    row.receipt === day(order.receiptDate) &&
    row.release === day(order.releaseDate) &&
    row.past_due === order.pastDue &&
    row.quantity === numericText(order.quantity, 3)
  );
}

/**
 * ISO dates (`2026-12-04`) as days since 1970-01-01, NaN for anything else (never equal to a stored date); each
 * date worked out once (a plan's thousands of orders fall on a few dozen dates).
 */
function dayNumbers(): (date: string) => number {
  const days = new Map<string, number>();
  return (date) => {
    let day = days.get(date);
    if (day === undefined) {
      day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) / 86_400_000 : Number.NaN;
      days.set(date, day);
    }
    return day;
  };
}

/**
 * A number as PostgreSQL writes it once it is sent as JSON, read as numeric and rounded to `scale` places (half away
 * from zero, as numeric rounds): `1.0005` -> `1.001`, `40` -> `40.000`. Null for what JSON cannot carry as a number.
 */
export function numericText(value: number, scale: number): string | null {
  if (!Number.isFinite(value)) return null;
  // Thousands of quantities are compared per net change, nearly all whole or with few decimals: those need no rounding
  // (the BigInt arithmetic below took about 6 ms of each net change on the bench's plan, in a CPU profile).
  if (Number.isSafeInteger(value)) return scale > 0 ? `${value}.${'0'.repeat(scale)}` : `${value}`;
  const text = JSON.stringify(value);
  const decimals = text.length - text.indexOf('.') - 1;
  if (text.includes('.') && !/e/i.test(text) && decimals <= scale) return text + '0'.repeat(scale - decimals);
  return roundedNumericText(value, scale);
}

/** numericText the long way, for any finite number: its digits rounded half away from zero in BigInt. */
export function roundedNumericText(value: number, scale: number): string | null {
  if (!Number.isFinite(value)) return null;
  let text = JSON.stringify(value);
  if (/e/i.test(text)) text = Math.abs(value) < 1 ? value.toFixed(scale + 2) : BigInt(value).toString();
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'));
  if ((fraction[scale] ?? '0') >= '5') digits += 1n;
  const padded = digits.toString().padStart(scale + 1, '0');
  const rounded = scale > 0 ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : padded;
  return negative && digits !== 0n ? `-${rounded}` : rounded;
}
