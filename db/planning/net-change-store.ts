import type { EntityManager } from '@mikro-orm/postgresql';
import type { NetChangePlan } from '../../rules/mrp/net-change';
import { compactRows } from '../../rules/mrp';
import { queryBound } from '../bound-sql';
import { num } from '../sql';
import { insertExceptions } from './mrp-plan-store';

/*
 * Net change's write, in bulk like the regenerative store (mrp-plan-store.ts): one statement per table, the rows as
 * one bound JSON parameter. Loading the affected items' stored orders as entities, comparing them in JavaScript and
 * flushing them one by one took seconds on a large plan (bench/mrp-net-change.bench.ts); PostgreSQL compares them
 * where they lie.
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
  const itemIds = JSON.stringify([...idOf.values()]); // the affected items' ids, as one bound JSON parameter
  const now = new Date();
  await storeGrids(em, runId, plan, idOf, reasonOf, now);
  const plannedOrders = await replaceSuggestions(em, runId, plan, idOf, reasonOf, itemIds);
  const [removed] = await queryBound<{ count: string }>(
    em,
    `with gone as (delete from mrp_exception
                    where run_id = ? and item_id in (select jsonb_array_elements_text(?::jsonb)::int) returning 1)
     select count(*) as count from gone`,
    [runId, itemIds],
  );
  const exceptions = plan.exceptions.filter((e) => idOf.has(e.sku));
  await insertExceptions(em, runId, exceptions);
  return { plannedOrders, exceptions: exceptions.length - num(removed?.count) };
}

/**
 * Each re-planned item's grid and the inputs it was netted from (its pegging is derived from them when read), marked
 * with its reason (added if the run had none for it).
 */
async function storeGrids(
  em: EntityManager,
  runId: number,
  plan: NetChangePlan,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
  now: Date,
): Promise<void> {
  const grids = plan.items
    .filter((item) => idOf.has(item.sku))
    .map((item) => ({
      item_id: idOf.get(item.sku),
      low_level_code: item.lowLevelCode,
      rows: compactRows(item.rows),
      // Inputs as stored (an item re-netted for its parents' sake): not sent, not rewritten.
      inputs: plan.inputsKept?.has(item.sku) ? null : item.inputs,
      reason: reasonOf(item.sku),
    }));
  if (grids.length === 0) return;
  await queryBound(
    em,
    `insert into mrp_item_plan (run_id, item_id, low_level_code, rows, inputs, change_reason, changed_at)
     select ?, x.item_id, x.low_level_code, x.rows, x.inputs, x.reason, ?
       from json_to_recordset(?::json) as x(item_id int, low_level_code int, rows json, inputs json, reason text)
     on conflict (run_id, item_id) do update
        set rows = excluded.rows, inputs = coalesce(excluded.inputs, mrp_item_plan.inputs), supplies = null, change_reason = excluded.change_reason,
            changed_at = excluded.changed_at`,
    [runId, now, JSON.stringify(grids)],
  );
}

/**
 * Updates, adds and removes the affected items' suggestions in one statement, in the buckets whose orders may have
 * changed (`plan.changedBuckets`; all when absent); returns how many more (or fewer) orders there are. A suggestion is unchanged when its type, quantity (as the column keeps it), dates and past-due
 * flag all equal the fresh ones (whom it serves is derived when read). A changed one drops pegs a run stored before
 * pegging was derived.
 */
async function replaceSuggestions(
  em: EntityManager,
  runId: number,
  plan: NetChangePlan,
  idOf: ReadonlyMap<string, number>,
  reasonOf: (sku: string) => string,
  itemIds: string,
): Promise<number> {
  const scope = plan.changedBuckets;
  // Looked up once per order (thousands of them): sets, not a scan of each item's bucket list.
  const dates = scope && new Map([...scope].map(([sku, list]) => [sku, new Set(list)]));
  const inScope = (sku: string, date: string) => !dates || (dates.get(sku)?.has(date) ?? false);
  const fresh = plan.plannedOrders
    .filter((order) => idOf.has(order.sku) && inScope(order.sku, order.receiptDate))
    .map((order) => ({
      ref: order.id,
      item_id: idOf.get(order.sku),
      type: order.type,
      quantity: order.quantity,
      receipt: order.receiptDate,
      release: order.releaseDate,
      past_due: order.pastDue,
      reason: reasonOf(order.sku),
    }));
  // The fresh orders in a temporary table with statistics: as a JSON set the planner guessed a hundred rows and could
  // pick a nested-loop anti-join of the run's orders against it (hundreds of thousands x thousands: minutes).
  await queryBound(em, 'drop table if exists mrp_fresh_orders', []);
  await queryBound(
    em,
    `create temp table mrp_fresh_orders on commit drop as
       select * from rows from (json_to_recordset(?::json) as (ref text, item_id int, type text, quantity numeric,
                                                                receipt date, release date, past_due boolean,
                                                                reason text))
              with ordinality as f(ref, item_id, type, quantity, receipt, release, past_due, reason, n)`,
    [JSON.stringify(fresh)],
  );
  await queryBound(em, 'analyze mrp_fresh_orders', []);
  // The buckets whose orders are replaced (null: all of the affected items'): a suggestion elsewhere is unchanged.
  const buckets = scope
    ? JSON.stringify(
        [...scope].flatMap(([sku, dates]) => dates.map((receipt) => ({ item_id: idOf.get(sku), receipt }))),
      )
    : null;
  // Every match is also narrowed to the affected items (a ref names its item: `<sku>/<bucket>/<n>`): through the
  // (run, item) index PostgreSQL reads their few thousand orders; matched by ref alone it hashed all of the run's.
  const [counts] = await queryBound<{ added: string; removed: string }>(
    em,
    `with removed as (
       delete from mrp_planned_order o
        where o.run_id = ? and o.status = 'suggested'
          and o.item_id in (select jsonb_array_elements_text(?::jsonb)::int)
          and (?::jsonb is null
               or (o.item_id, o.receipt_date) in (select b.item_id, b.receipt
                                                    from jsonb_to_recordset(?::jsonb) as b(item_id int, receipt date)))
          and not exists (select 1 from mrp_fresh_orders f where f.ref = o.planned_ref)
       returning 1),
     changed as (
       update mrp_planned_order o
          set order_type = f.type, quantity = f.quantity, receipt_date = f.receipt, release_date = f.release,
              past_due = f.past_due, pegs = null, change_reason = f.reason
         from mrp_fresh_orders f
        where o.run_id = ? and o.planned_ref = f.ref and o.status = 'suggested'
          and o.item_id in (select jsonb_array_elements_text(?::jsonb)::int)
          and (o.order_type, o.quantity, o.receipt_date, o.release_date, o.past_due)
              is distinct from (f.type, round(f.quantity, 3), f.receipt, f.release, f.past_due)
       returning 1),
     added as (
       insert into mrp_planned_order (run_id, planned_ref, item_id, order_type, quantity, receipt_date, release_date,
                                      past_due, status, change_reason)
       select ?, f.ref, f.item_id, f.type, f.quantity, f.receipt, f.release, f.past_due, 'suggested', f.reason
         from mrp_fresh_orders f
        where not exists (select 1 from mrp_planned_order o
                           where o.run_id = ? and o.item_id in (select jsonb_array_elements_text(?::jsonb)::int)
                             and o.planned_ref = f.ref)
        order by f.n
       returning 1)
     select (select count(*) from added) as added, (select count(*) from removed) as removed,
            (select count(*) from changed) as changed`,
    [runId, itemIds, buckets, buckets, runId, itemIds, runId, runId, itemIds],
  );
  await queryBound(em, 'drop table mrp_fresh_orders', []);
  return num(counts?.added) - num(counts?.removed);
}
