import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../db/sql';
import type { CountDifference, CountedLine, RecordedCount } from '../../workflows/stock-count/stock-count.contract';
import { reject } from '../errors';
import { countUnitCost } from './count-costs';

export interface RecordStockCountInput {
  workflowId: string;
  countNumber: string;
  /** 1: the first count; 2 and later: a recount (by someone else), which replaces the first count's figures. */
  round: number;
  lines: CountedLine[];
  userName: string;
}

/**
 * Stores what a clerk counted and works out each line's difference: counted minus the book snapshot adjusted by the
 * moves into and out of that bin, item and lot since the snapshot (stock put away or picked during the count is
 * not a difference). The value is the difference at the count's unit cost (last receipt cost for a gain).
 */
export async function recordStockCount(em: EntityManager, input: RecordStockCountInput): Promise<RecordedCount> {
  const [header] = await query<{ id: number; location_id: number; snapshot_move_id: number }>(
    em,
    `select id, location_id, snapshot_move_id from stock_count where count_number = ? for update`,
    [input.countNumber],
  );
  if (!header) return reject('ORDER_NOT_FOUND', `Stock count ${input.countNumber} does not exist`);
  const rows = await query<Record<string, unknown>>(
    em,
    `select cl.id, cl.line_no, cl.item_id, i.sku, lot.code as lot_code, cl.book_quantity,
            coalesce((select sum(case when m.to_location_id = ? then m.quantity else 0 end)
                           - sum(case when m.from_location_id = ? then m.quantity else 0 end)
                        from stock_move m
                       where m.id > ? and m.item_id = cl.item_id and m.lot_id is not distinct from cl.lot_id
                         and m.move_type <> 'status-change'
                         and (m.to_location_id = ? or m.from_location_id = ?)), 0) as moved
       from stock_count_line cl join item i on i.id = cl.item_id left join lot on lot.id = cl.lot_id
      where cl.count_id = ? order by cl.line_no`,
    [
      header.location_id,
      header.location_id,
      header.snapshot_move_id,
      header.location_id,
      header.location_id,
      header.id,
    ],
  );
  const recount = input.round > 1;
  const lines: CountDifference[] = [];
  for (const row of rows) {
    const lineNo = num(row.line_no);
    const counted = input.lines.find((line) => line.lineNo === lineNo)?.quantity ?? 0;
    const expected = round3(num(row.book_quantity) + num(row.moved));
    const difference = round3(counted - expected);
    const unitCost = difference === 0 ? 0 : await countUnitCost(em, num(row.item_id), difference > 0);
    const value = Math.round(difference * unitCost * 100) / 100;
    await query(
      em,
      `update stock_count_line set ${recount ? 'recount_quantity = ?, recount_by = ?' : 'counted_quantity = ?, counted_by = ?'},
              difference_quantity = ?, unit_cost = ?, difference_value = ?
        where id = ?`,
      [counted, input.userName, difference, unitCost, value, row.id],
    );
    const lotCode = row.lot_code === null ? null : String(row.lot_code);
    lines.push({ lineNo, itemSku: String(row.sku), lotCode, counted, expected, difference, unitCost, value });
  }
  const absValue = Math.round(lines.reduce((sum, line) => sum + Math.abs(line.value), 0) * 100) / 100;
  await query(em, `update stock_count set difference_value = ? where id = ?`, [
    Math.round(lines.reduce((sum, line) => sum + line.value, 0) * 100) / 100,
    header.id,
  ]);
  return { lines, maxAbsDifference: Math.max(0, ...lines.map((line) => Math.abs(line.difference))), absValue };
}

/** Sets the count's status as the workflow moves on (recount, approval, cancelled), recording the approver. */
export async function markStockCount(
  em: EntityManager,
  input: { countNumber: string; status: 'open' | 'recount' | 'approval' | 'cancelled'; approvedBy?: string | null },
): Promise<void> {
  await query(em, `update stock_count set status = ?, approved_by = coalesce(?, approved_by) where count_number = ?`, [
    input.status,
    input.approvedBy ?? null,
    input.countNumber,
  ]);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
