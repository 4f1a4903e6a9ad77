import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { num, query } from '../../db/sql';

/** One document the run drove: a sales order or a purchase order, and its workflow. */
export interface Driven {
  kind: 'order' | 'receipt';
  orderNumber: string;
  workflowId: string;
}

/** What the books say after the run: each figure that is not zero (or not equal) is a loss. */
export interface BookChecks {
  /** Instances of the run whose projection row is completed and whose Temporal execution is COMPLETED. */
  finished: number;
  notFinished: Array<{ workflowId: string; projection: string; temporal: string; step: string; error: string }>;
  /** Sales order lines shipped by more than one shipment move, or by more than they ordered. */
  duplicateShipments: number;
  /** Sales order lines of finished orders with no shipment move, or shipped short. */
  missingShipments: number;
  /** Purchase order lines received by more than one receipt move, or by more than they ordered. */
  duplicateReceipts: number;
  missingReceipts: number;
  /** Stock balances below zero now (on hand or reserved), of items that do not allow negative stock. */
  negativeStock: number;
  /**
   * Points in the move history where a balance (item x location x lot x status x owner) of such an item went below
   * zero: each balance's running sum of its moves in the order they were written.
   */
  negativeHistory: number;
  /** Balances that differ from the sum of the moves into them less the moves out of them. */
  balanceDrift: number;
  /** Journal entries whose debits and credits differ. */
  unbalancedEntries: number;
  /** Account 1300 (Inventory) against the valuation subledger (item_valuation), as the period close compares them. */
  inventoryAccount: number;
  valuation: number;
}

async function one<T>(orm: MikroORM, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await query<T>(orm.em.fork(), sql, params);
  return row as T;
}

/** The workflow ids of `driven` whose projection row is not completed yet (for the wait at the end). */
export async function unfinished(orm: MikroORM, driven: Driven[]): Promise<string[]> {
  if (driven.length === 0) return [];
  const rows = await query<{ workflow_id: string }>(
    orm.em.fork(),
    `select workflow_id from process_instance where workflow_id in (?) and status = 'completed'`,
    [driven.map((d) => d.workflowId)],
  );
  const done = new Set(rows.map((row) => row.workflow_id));
  return driven.filter((d) => !done.has(d.workflowId)).map((d) => d.workflowId);
}

/** The figures of the issue, read from PostgreSQL (and Temporal for each instance's execution status). */
export async function checkBooks(orm: MikroORM, temporal: Client, driven: Driven[]): Promise<BookChecks> {
  const ids = driven.map((d) => d.workflowId);
  const projections = new Map(
    (
      await query<{ workflow_id: string; status: string; current_step: string; last_error: string | null }>(
        orm.em.fork(),
        `select workflow_id, status, current_step, last_error from process_instance where workflow_id in (?)`,
        [ids.length > 0 ? ids : ['']],
      )
    ).map((row) => [row.workflow_id, row]),
  );
  let finished = 0;
  const notFinished: BookChecks['notFinished'] = [];
  for (const { workflowId } of driven) {
    const row = projections.get(workflowId);
    const status = await temporal.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        (described) => described.status.name,
        (error: unknown) => `not found (${String(error).slice(0, 80)})`,
      );
    if (row?.status === 'completed' && status === 'COMPLETED') finished += 1;
    else
      notFinished.push({
        workflowId,
        projection: row?.status ?? 'no row',
        temporal: status,
        step: row?.current_step ?? '',
        error: (row?.last_error ?? '').slice(0, 200),
      });
  }

  const orders = driven.filter((d) => d.kind === 'order').map((d) => d.orderNumber);
  const receipts = driven.filter((d) => d.kind === 'receipt').map((d) => d.orderNumber);
  // Per document line: how many moves of the kind posted it and how much they moved, against what it asked for.
  const perLine = (
    moveType: string,
    head: string,
    line: string,
    numbers: string[],
  ) => `select l.quantity, count(m.id) as moves, coalesce(sum(m.quantity), 0) as moved
      from ${head} h join ${line} l on l.order_id = h.id
      left join stock_move m on m.move_type = '${moveType}' and m.document_ref = h.order_number and m.line_no = l.line_no
     where h.order_number in (${numbers.length > 0 ? numbers.map(() => '?').join(', ') : "''"})
     group by l.id, l.quantity`;
  const lineFigures = async (sql: string, numbers: string[]) => {
    const rows = await query<{ quantity: string; moves: string; moved: string }>(orm.em.fork(), sql, numbers);
    return {
      duplicate: rows.filter((r) => num(r.moves) > 1 || num(r.moved) > num(r.quantity)).length,
      missing: rows.filter((r) => num(r.moves) === 0 || num(r.moved) < num(r.quantity)).length,
    };
  };
  const shipments = await lineFigures(perLine('shipment', 'sales_order', 'sales_order_line', orders), orders);
  const received = await lineFigures(perLine('receipt', 'purchase_order', 'purchase_order_line', receipts), receipts);

  const negative = await one<{ n: string }>(
    orm,
    `select count(*) as n from stock_balance b join item i on i.id = b.item_id
      where (b.quantity < 0 or b.reserved_quantity < 0) and not i.allow_negative_stock`,
  );
  // A move out of a balance is written after the move in that it consumes has committed, so move ids order them.
  const history = await one<{ n: string }>(
    orm,
    `with legs as (
       select id, item_id, lot_id, owner_customer_id, to_location_id as location_id, to_status as status, quantity as delta
         from stock_move where to_location_id is not null
       union all
       select id, item_id, lot_id, owner_customer_id, from_location_id, from_status, -quantity
         from stock_move where from_location_id is not null),
     running as (
       select item_id, sum(delta) over (partition by item_id, location_id, coalesce(lot_id, 0), status,
                                                     coalesce(owner_customer_id, 0) order by id) as balance
         from legs)
     select count(*) as n from running r join item i on i.id = r.item_id
      where r.balance < 0 and not i.allow_negative_stock`,
  );
  const drift = await one<{ n: string }>(
    orm,
    `select count(*) as n from (
       select b.id from stock_balance b
         left join stock_move m on m.item_id = b.item_id and coalesce(m.lot_id, 0) = coalesce(b.lot_id, 0)
                               and coalesce(m.owner_customer_id, 0) = coalesce(b.owner_customer_id, 0)
                               and ((m.to_location_id = b.location_id and m.to_status = b.status)
                                 or (m.from_location_id = b.location_id and m.from_status = b.status))
        group by b.id, b.quantity
       having b.quantity <> coalesce(sum(
                case when m.to_location_id = b.location_id and m.to_status = b.status then m.quantity else 0 end
              - case when m.from_location_id = b.location_id and m.from_status = b.status then m.quantity else 0 end), 0)) d`,
  );
  const unbalanced = await one<{ n: string }>(
    orm,
    `select count(*) as n from (select entry_id from journal_line group by entry_id
                                 having sum(debit) <> sum(credit)) u`,
  );
  const inventory = await one<{ account: string; valuation: string }>(
    orm,
    `select (select coalesce(sum(debit - credit), 0) from journal_line where account_code = '1300') as account,
            (select coalesce(sum(value), 0) from item_valuation) as valuation`,
  );
  return {
    finished,
    notFinished,
    duplicateShipments: shipments.duplicate,
    missingShipments: shipments.missing,
    duplicateReceipts: received.duplicate,
    missingReceipts: received.missing,
    negativeStock: num(negative.n),
    negativeHistory: num(history.n),
    balanceDrift: num(drift.n),
    unbalancedEntries: num(unbalanced.n),
    inventoryAccount: num(inventory.account),
    valuation: num(inventory.valuation),
  };
}

/** True when the books show a loss: anything unfinished, posted twice or short, negative, drifted or unbalanced. */
export function hasLoss(checks: BookChecks, expected: number): boolean {
  return (
    checks.finished !== expected ||
    checks.duplicateShipments + checks.missingShipments + checks.duplicateReceipts + checks.missingReceipts > 0 ||
    checks.negativeStock + checks.negativeHistory + checks.balanceDrift + checks.unbalancedEntries > 0 ||
    Math.round(checks.inventoryAccount * 100) !== Math.round(checks.valuation * 100)
  );
}
