import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';
import { enqueueProcessStart, type ProcessStart } from './process-start-repository';

/**
 * The stock-count process as the outbox starts it. These mirror workflows/stock-count/stock-count.contract.ts (db
 * may not import workflows): the workflow type, the process type and the `stock-count:<countNumber>` id.
 */
export const STOCK_COUNT_PROCESS = { workflowType: 'stockCount', processType: 'stock-count' } as const;
/** A count task waits a shift before it escalates. */
export const COUNT_TASK_SLA_MINUTES = 8 * 60;

export interface OpenStockCountInput {
  locationCode: string;
  /** Count only this item in the bin (a short pick); omitted: every item the bin holds. */
  itemSku?: string | null;
  /** A lot the count must include even when the books show none of it left (the lot a pick did not find). */
  lotCode?: string | null;
  reason: 'short-pick' | 'manual' | 'cycle';
  sourceRef?: string | null;
  requestedBy: string;
  taskQueue: string;
}

/** Why a count could not be opened, with the input field it concerns. */
export type OpenStockCountRefusal = {
  refused: 'UNKNOWN_LOCATION' | 'UNKNOWN_ITEM' | 'BIN_BEING_COUNTED';
  field: string;
  message: string;
};

export interface OpenedStockCount {
  countNumber: string;
  workflowId: string;
  start: ProcessStart;
}

/**
 * Opens a count of a bin in the caller's transaction: the header (one open count per bin and item, by a partial
 * unique index, so a concurrent second count finds the bin taken instead of failing the caller's transaction), the lines
 * with the book quantities as they stand (never shown to the counting clerk), and the process start in the outbox.
 */
export async function openStockCount(
  em: EntityManager,
  input: OpenStockCountInput,
): Promise<OpenedStockCount | OpenStockCountRefusal> {
  const [location] = await query<{ id: number; warehouse_id: number }>(
    em,
    `select id, warehouse_id from location where code = ?`,
    [input.locationCode],
  );
  if (!location) {
    return { refused: 'UNKNOWN_LOCATION', field: 'locationCode', message: `No bin ${input.locationCode}` };
  }
  let itemId: number | null = null;
  if (input.itemSku) {
    const [item] = await query<{ id: number }>(em, `select id from item where sku = ?`, [input.itemSku]);
    if (!item) return { refused: 'UNKNOWN_ITEM', field: 'itemSku', message: `No item ${input.itemSku}` };
    itemId = num(item.id);
  }
  // A whole-bin count overlaps every item count of the bin; the same bin and item is also held by the unique index.
  const [overlap] = await query<{ count_number: string }>(
    em,
    `select count_number from stock_count
      where location_id = ? and status in ('open', 'recount', 'approval')
        and (?::int is null or item_id is null or item_id = ?) limit 1`,
    [location.id, itemId, itemId],
  );
  if (overlap) return beingCounted(input.locationCode);
  const [seq] = await query<{ n: string }>(em, `select nextval('stock_count_number_seq') as n`);
  const countNumber = `SC-${String(num(seq?.n)).padStart(6, '0')}`;
  const workflowId = `${STOCK_COUNT_PROCESS.processType}:${countNumber}`;
  const [header] = await query<{ id: number }>(
    em,
    `insert into stock_count (count_number, warehouse_id, location_id, item_id, reason, status, source_ref, workflow_id,
                              snapshot_move_id, requested_by, created_at)
     values (?, ?, ?, ?, ?, 'open', ?, ?, (select coalesce(max(id), 0) from stock_move), ?, now())
     on conflict (location_id, coalesce(item_id, 0)) where status in ('open', 'recount', 'approval') do nothing
     returning id`,
    [
      countNumber,
      location.warehouse_id,
      location.id,
      itemId,
      input.reason,
      input.sourceRef ?? null,
      workflowId,
      input.requestedBy,
    ],
  );
  if (!header) return beingCounted(input.locationCode);
  await snapshotLines(em, num(header.id), num(location.id), itemId, input.lotCode ?? null);
  const start: ProcessStart = {
    workflowId,
    workflowType: STOCK_COUNT_PROCESS.workflowType,
    processType: STOCK_COUNT_PROCESS.processType,
    businessKey: countNumber,
    taskQueue: input.taskQueue,
    args: [{ countNumber, requestedBy: input.requestedBy, countSlaMinutes: COUNT_TASK_SLA_MINUTES }],
    requestedBy: input.requestedBy,
  };
  await enqueueProcessStart(em, start);
  return { countNumber, workflowId, start };
}

function beingCounted(locationCode: string): OpenStockCountRefusal {
  return {
    refused: 'BIN_BEING_COUNTED',
    field: 'locationCode',
    message: `Bin ${locationCode} is being counted already; wait for that count to finish`,
  };
}

/**
 * One line per item x lot the bin holds (available or blocked: a short pick's block is counted too), plus, for a
 * count of one item, the lot a short pick named (or the item) when the books show none of it left: the clerk still
 * says what is there.
 */
async function snapshotLines(
  em: EntityManager,
  countId: number,
  locationId: number,
  itemId: number | null,
  lotCode: string | null,
): Promise<void> {
  await query(
    em,
    `insert into stock_count_line (count_id, line_no, item_id, lot_id, book_quantity)
     select ?, row_number() over (order by i.sku, lot.code nulls first), b.item_id, b.lot_id, sum(b.quantity)
       from stock_balance b join item i on i.id = b.item_id left join lot on lot.id = b.lot_id
      where b.location_id = ? and b.status in ('available', 'blocked') and (?::int is null or b.item_id = ?)
      group by b.item_id, b.lot_id, i.sku, lot.code
     having sum(b.quantity) > 0`,
    [countId, locationId, itemId, itemId],
  );
  if (itemId === null) return;
  await query(
    em,
    `insert into stock_count_line (count_id, line_no, item_id, lot_id, book_quantity)
     select ?, coalesce((select max(line_no) from stock_count_line where count_id = ?), 0) + 1, ?,
            (select id from lot where item_id = ? and code = ?), 0
      where not exists (select 1 from stock_count_line l where l.count_id = ? and l.item_id = ?
                           and (?::text is null or l.lot_id is not distinct from
                                (select id from lot where item_id = ? and code = ?)))`,
    [countId, countId, itemId, itemId, lotCode, countId, itemId, lotCode, itemId, lotCode],
  );
}
