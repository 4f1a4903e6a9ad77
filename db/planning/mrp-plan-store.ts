import type { EntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '../bound-sql';
import { compactRows, type ExceptionMessage, type LevelResult, type PlannedOrder } from '../../rules/mrp';

/*
 * An MRP plan written in bulk: one statement per low-level code, its rows sent as bound JSON parameters (not escaped
 * into the SQL text) and unpacked by json_to_recordset.
 */

/** A planned order as a stored code keeps it for a resume: `[ref, sku, type, quantity, release date]`. */
export type KeptOrder = [string, string, PlannedOrder['type'], number, string];

/**
 * What a stored code keeps beside its rows in the plan's tables: its problems (the run's detail lists them) and its
 * planned orders, from which a resumed run re-derives the dependent demand of the codes below (exactly: the
 * quantities as computed, not as the numeric columns round them). Orders are kept as arrays (`orderRows`): as
 * objects their keys were half of a code's 6 MB; codes stored before keep `orders` (read by {@link keptOrders}).
 */
export interface StoredLevel {
  level: number;
  problems: LevelResult['problems'];
  orderRows?: KeptOrder[];
  orders?: Array<Pick<PlannedOrder, 'id' | 'sku' | 'type' | 'quantity' | 'releaseDate'>>;
}

/** A stored code's planned orders as a resume explodes them, whichever way the code was stored. */
export function keptOrders(
  level: StoredLevel,
): Array<Pick<PlannedOrder, 'id' | 'sku' | 'type' | 'quantity' | 'releaseDate'>> {
  if (level.orderRows) {
    return level.orderRows.map(([id, sku, type, quantity, releaseDate]) => ({ id, sku, type, quantity, releaseDate }));
  }
  return level.orders ?? [];
}

/** One statement with its `$n` parameters, for a connection of its own (db/planning/mrp-level-writer.ts). */
export interface LevelStatement {
  text: string;
  values: unknown[];
  kept: StoredLevel;
}

/**
 * The statement that stores one low-level code's part of a plan, whole or not at all (one statement is one
 * transaction): its items' grids with the inputs they were netted from (pegging is derived from them when read:
 * db/planning/derived-pegging.ts), its planned orders (status `suggested`, in their given order, so their serial ids
 * follow it), its exception messages (cut to the column's 500 characters), the code's run-level row (the resume
 * point) and the run's count of codes done. Rows carry their item's id (`idOf`, every item by SKU, read once per
 * run): joining 60,000 orders of a code to the item table by SKU spilled to disk and took a fifth of the statement.
 * An SKU that is no item is left out (the run lists it as a problem).
 */
export function levelStatement(
  runId: number,
  result: LevelResult,
  nextLevel: number,
  levelsDone: number,
  idOf: ReadonlyMap<string, number>,
): LevelStatement {
  const kept: StoredLevel = {
    level: result.level,
    problems: result.problems,
    orderRows: result.plannedOrders.map((o): KeptOrder => [o.id, o.sku, o.type, o.quantity, o.releaseDate]),
  };
  const items = result.items.flatMap((plan) => {
    const itemId = idOf.get(plan.sku);
    if (itemId === undefined) return [];
    return [{ item_id: itemId, low_level_code: plan.lowLevelCode, rows: compactRows(plan.rows), inputs: plan.inputs }];
  });
  const text = `
    with items as (
      insert into mrp_item_plan (run_id, item_id, low_level_code, rows, inputs)
      select $1, x.item_id, x.low_level_code, x.rows, x.inputs
        from json_to_recordset($2::json) as x(item_id int, low_level_code int, rows json, inputs json)
      returning 1),
    orders as (${ORDERS_INSERT('$1', '$3')} returning 1),
    exceptions as (${EXCEPTIONS_INSERT('$1', '$4')} returning 1),
    level as (
      insert into mrp_run_level (run_id, level, result, checkpoint, created_at)
      values ($1, $5, $6::jsonb, $7::jsonb, now())
      returning 1),
    run as (update mrp_run set levels_done = $8 where id = $1 returning 1)
    select (select count(*) from orders) as orders`;
  return {
    text,
    values: [
      runId,
      JSON.stringify(items),
      JSON.stringify(plannedOrderRows(result.plannedOrders, idOf)),
      JSON.stringify(exceptionRows(result.exceptions, idOf)),
      result.level,
      JSON.stringify(kept),
      JSON.stringify({ nextLevel }),
      levelsDone,
    ],
    kept,
  };
}

const ORDERS_INSERT = (run: string, rows: string) => `
  insert into mrp_planned_order (run_id, planned_ref, item_id, order_type, quantity, receipt_date, release_date,
                                 past_due, status)
  select ${run}, x.ref, x.item_id, x.type, x.quantity, x.receipt, x.release, x.past_due, 'suggested'
    from rows from (json_to_recordset(${rows}::json) as (ref text, item_id int, type text, quantity numeric,
                                                        receipt date, release date, past_due boolean))
         with ordinality as x(ref, item_id, type, quantity, receipt, release, past_due, n)
   order by x.n`;

const EXCEPTIONS_INSERT = (run: string, rows: string) => `
  insert into mrp_exception (run_id, item_id, kind, ref, from_date, to_date, quantity, message)
  select ${run}, x.item_id, x.kind, x.ref, x.from_date, x.to_date, x.quantity, x.message
    from rows from (json_to_recordset(${rows}::json) as (item_id int, kind text, ref text, from_date date,
                                                        to_date date, quantity numeric, message text))
         with ordinality as x(item_id, kind, ref, from_date, to_date, quantity, message, n)
   order by x.n`;

function plannedOrderRows(orders: ReadonlyArray<PlannedOrder>, idOf: ReadonlyMap<string, number>) {
  return orders.flatMap((o) => {
    const itemId = idOf.get(o.sku);
    if (itemId === undefined) return [];
    return [
      {
        ref: o.id,
        item_id: itemId,
        type: o.type,
        quantity: o.quantity,
        receipt: o.receiptDate,
        release: o.releaseDate,
        past_due: o.pastDue,
      },
    ];
  });
}

function exceptionRows(exceptions: ReadonlyArray<ExceptionMessage>, idOf: ReadonlyMap<string, number>) {
  return exceptions.flatMap((e) => {
    const itemId = idOf.get(e.sku);
    if (itemId === undefined) return [];
    return [
      {
        item_id: itemId,
        kind: e.kind,
        ref: e.ref,
        from_date: e.fromDate,
        to_date: e.toDate,
        quantity: e.quantity,
        message: e.message.slice(0, 500),
      },
    ];
  });
}

/**
 * Exception messages in their given order (messages cut to the column's 500 characters), in the caller's transaction.
 * `idOf` maps their items' skus to ids when the caller has them (net change does: looking them up again cost it a
 * round trip); without it they are looked up.
 */
export async function insertExceptions(
  em: EntityManager,
  runId: number,
  exceptions: ReadonlyArray<ExceptionMessage>,
  idOf?: ReadonlyMap<string, number>,
): Promise<void> {
  if (exceptions.length === 0) return;
  const ids = idOf ?? (await itemIdsOf(em, [...new Set(exceptions.map((e) => e.sku))]));
  const { sql, params } = exceptionsStatement(runId, exceptions, ids);
  await queryBound(em, sql, params);
}

/**
 * The statement insertExceptions runs, its rows already turned into JSON: a caller can build it while PostgreSQL is
 * busy with its previous statements and send it once they are done.
 */
export function exceptionsStatement(
  runId: number,
  exceptions: ReadonlyArray<ExceptionMessage>,
  idOf: ReadonlyMap<string, number>,
): { sql: string; params: unknown[] } {
  return { sql: EXCEPTIONS_INSERT('?', '?'), params: [runId, JSON.stringify(exceptionRows(exceptions, idOf))] };
}

async function itemIdsOf(em: EntityManager, skus: string[]): Promise<Map<string, number>> {
  const items = await queryBound<{ id: number; sku: string }>(
    em,
    'select id, sku from item where sku in (select jsonb_array_elements_text(?::jsonb))',
    [JSON.stringify(skus)],
  );
  return new Map(items.map((item) => [item.sku, item.id]));
}

/**
 * Refreshes the planner's statistics of the plan tables after a run stored its plan in bulk. Until autovacuum came
 * round, the statistics knew nothing of the new run's rows, and net change's first replace on it chose plans that took
 * seconds (deleting an item's messages: 1.8 s instead of milliseconds, bench/mrp-net-change.bench.ts). Only the
 * columns plan reads and net change select by: the row counts come with any column, and sampling the grids' and
 * messages' texts (detoasted to be measured) took half the time (~450 -> ~250 ms on the bench's plan); autovacuum's
 * own analyze covers every column later.
 */
export async function analyzePlanTables(em: EntityManager): Promise<void> {
  await queryBound(
    em,
    `analyze mrp_item_plan (run_id, item_id, low_level_code),
             mrp_planned_order (run_id, item_id, planned_ref, status, receipt_date),
             mrp_exception (run_id, item_id, kind)`,
    [],
  );
}

/** Every item's id by SKU, for writing a run's rows by item id. */
export async function itemIdsBySku(em: EntityManager): Promise<Map<string, number>> {
  const items = await queryBound<{ id: number; sku: string }>(em, 'select id, sku from item', []);
  return new Map(items.map((item) => [item.sku, item.id]));
}
