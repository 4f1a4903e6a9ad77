import type { EntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '../bound-sql';
import { sparseRows, type ExceptionMessage, type LevelResult, type PlannedOrder } from '../../rules/mrp';

/*
 * An MRP plan written in bulk: one statement per table and low-level code, its rows sent as ONE bound JSON
 * parameter (queryBound: not escaped into the SQL text) and unpacked by json_to_recordset.
 */

/**
 * What a stored code keeps beside its rows in the plan's tables: its problems (the run's detail lists them) and its
 * planned orders without their pegs, from which a resumed run re-derives the dependent demand of the codes below
 * (exactly: the quantities as computed, not as the numeric columns round them).
 */
export interface StoredLevel {
  level: number;
  problems: LevelResult['problems'];
  orders: Array<Pick<PlannedOrder, 'id' | 'sku' | 'type' | 'quantity' | 'releaseDate'>>;
}

/**
 * Writes one low-level code's part of the plan: its items' grids and supplies' pegging, its planned orders (status
 * `suggested`) and its exception messages, each item found by SKU (an exception of an SKU that is no item is left
 * out, as the run lists it as a problem). Returns what the code's run-level row keeps.
 */
export async function storeLevelPlan(em: EntityManager, runId: number, result: LevelResult): Promise<StoredLevel> {
  const suppliesOf = new Map<string, LevelResult['supplies']>();
  for (const supply of result.supplies) {
    const list = suppliesOf.get(supply.sku);
    if (list) list.push(supply);
    else suppliesOf.set(supply.sku, [supply]);
  }
  if (result.items.length > 0) {
    await queryBound(
      em,
      `insert into mrp_item_plan (run_id, item_id, low_level_code, rows, supplies)
       select ?, i.id, x.low_level_code, x.rows, x.supplies
         from json_to_recordset(?::json) as x(sku text, low_level_code int, rows json, supplies json)
         join item i on i.sku = x.sku`,
      [
        runId,
        JSON.stringify(
          result.items.map((plan) => ({
            sku: plan.sku,
            low_level_code: plan.lowLevelCode,
            rows: sparseRows(plan.rows),
            supplies: suppliesOf.get(plan.sku) ?? [],
          })),
        ),
      ],
    );
  }
  await insertPlannedOrders(em, runId, result.plannedOrders);
  await insertExceptions(em, runId, result.exceptions);
  return {
    level: result.level,
    problems: result.problems,
    orders: result.plannedOrders.map((o) => ({
      id: o.id,
      sku: o.sku,
      type: o.type,
      quantity: o.quantity,
      releaseDate: o.releaseDate,
    })),
  };
}

/** Planned orders in their given order (their serial ids follow it: `order by` the row's ordinal), `suggested`. */
async function insertPlannedOrders(em: EntityManager, runId: number, orders: ReadonlyArray<PlannedOrder>) {
  if (orders.length === 0) return;
  await queryBound(
    em,
    `insert into mrp_planned_order (run_id, planned_ref, item_id, order_type, quantity, receipt_date, release_date,
                                    past_due, status, pegs)
     select ?, x.ref, i.id, x.type, x.quantity, x.receipt, x.release, x.past_due, 'suggested', x.pegs
       from rows from (json_to_recordset(?::json) as (ref text, sku text, type text, quantity numeric, receipt date,
                                                     release date, past_due boolean, pegs json))
            with ordinality as x(ref, sku, type, quantity, receipt, release, past_due, pegs, n)
       join item i on i.sku = x.sku
      order by x.n`,
    [
      runId,
      JSON.stringify(
        orders.map((o) => ({
          ref: o.id,
          sku: o.sku,
          type: o.type,
          quantity: o.quantity,
          receipt: o.receiptDate,
          release: o.releaseDate,
          past_due: o.pastDue,
          pegs: o.pegs,
        })),
      ),
    ],
  );
}

/** Exception messages in their given order (messages cut to the column's 500 characters). */
export async function insertExceptions(em: EntityManager, runId: number, exceptions: ReadonlyArray<ExceptionMessage>) {
  if (exceptions.length === 0) return;
  await queryBound(
    em,
    `insert into mrp_exception (run_id, item_id, kind, ref, from_date, to_date, quantity, message)
     select ?, i.id, x.kind, x.ref, x.from_date, x.to_date, x.quantity, x.message
       from rows from (json_to_recordset(?::json) as (sku text, kind text, ref text, from_date date, to_date date,
                                                     quantity numeric, message text))
            with ordinality as x(sku, kind, ref, from_date, to_date, quantity, message, n)
       join item i on i.sku = x.sku
      order by x.n`,
    [
      runId,
      JSON.stringify(
        exceptions.map((e) => ({
          sku: e.sku,
          kind: e.kind,
          ref: e.ref,
          from_date: e.fromDate,
          to_date: e.toDate,
          quantity: e.quantity,
          message: e.message.slice(0, 500),
        })),
      ),
    ],
  );
}
