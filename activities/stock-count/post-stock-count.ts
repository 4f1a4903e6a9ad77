import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import type { PostedCount } from '../../workflows/stock-count/stock-count.contract';
import { reject } from '../errors';

export interface PostStockCountInput {
  workflowId: string;
  countNumber: string;
  userName: string;
}

/**
 * Posts a finished count in one transaction: lifts the block a short pick left on the counted lots (an expired lot
 * stays blocked), then books each line's difference as an adjustment: a loss out of the bin at its FIFO cost
 * (Dr 5100 / Cr 1300), a gain into it at the unit cost the count stored, the last receipt cost (Dr 1300 / Cr 5100).
 * Every move carries a key of the workflow and line, and the caller runs this once per workflow (runOnce).
 */
export async function postStockCount(em: EntityManager, input: PostStockCountInput): Promise<PostedCount> {
  const [header] = await query<{ id: number; location_code: string }>(
    em,
    `select sc.id, l.code as location_code from stock_count sc join location l on l.id = sc.location_id
      where sc.count_number = ? for update of sc`,
    [input.countNumber],
  );
  if (!header) return reject('ORDER_NOT_FOUND', `Stock count ${input.countNumber} does not exist`);
  const rows = await query<Record<string, unknown>>(
    em,
    `select cl.id, cl.line_no, i.sku, lot.code as lot_code, cl.difference_quantity, cl.unit_cost,
            coalesce(lot.expires_on < current_date, false) as expired,
            coalesce((select b.quantity from stock_balance b where b.item_id = cl.item_id
                         and b.location_id = sc.location_id and b.lot_id is not distinct from cl.lot_id
                         and b.status = 'blocked'), 0) as blocked
       from stock_count_line cl join stock_count sc on sc.id = cl.count_id join item i on i.id = cl.item_id
       left join lot on lot.id = cl.lot_id
      where cl.count_id = ? order by cl.line_no`,
    [header.id],
  );
  const common = { documentType: 'stock-count', documentRef: input.countNumber, userName: input.userName };
  const result: PostedCount = { lines: [], netValue: 0, liftedQuantity: 0 };
  for (const row of rows) {
    const lineNo = num(row.line_no);
    const expired = Boolean(row.expired);
    const lot = row.lot_code === null ? null : { code: String(row.lot_code) };
    const base = { ...common, itemSku: String(row.sku), lot, lineNo };
    if (!expired && num(row.blocked) > 0) {
      await postMove(em, {
        ...base,
        moveType: 'status-change',
        fromLocation: header.location_code,
        fromStatus: 'blocked',
        toStatus: 'available',
        quantity: num(row.blocked),
        idempotencyKey: `${input.workflowId}:lift:${lineNo}`,
      });
      result.liftedQuantity += num(row.blocked);
    }
    const difference = num(row.difference_quantity ?? 0);
    const status = expired ? ('blocked' as const) : ('available' as const);
    let posted = { moveId: null as number | null, value: 0 };
    if (difference !== 0) {
      const move = await postMove(em, {
        ...base,
        moveType: 'adjustment',
        ...(difference < 0
          ? { fromLocation: header.location_code, fromStatus: status }
          : { toLocation: header.location_code, toStatus: status, unitCost: num(row.unit_cost) }),
        quantity: Math.abs(difference),
        idempotencyKey: `${input.workflowId}:difference:${lineNo}`,
      });
      posted = { moveId: move.moveId, value: difference < 0 ? -move.value : move.value };
    }
    await query(em, `update stock_count_line set move_id = ?, difference_value = ? where id = ?`, [
      posted.moveId,
      posted.value,
      row.id,
    ]);
    result.lines.push({ lineNo, difference, value: posted.value, moveId: posted.moveId });
    result.netValue = Math.round((result.netValue + posted.value) * 100) / 100;
  }
  await query(em, `update stock_count set status = 'posted', posted_at = now(), difference_value = ? where id = ?`, [
    result.netValue,
    header.id,
  ]);
  await appendAudit(em, {
    actor: input.userName,
    action: 'stock-count.posted',
    entityType: 'stock_count',
    entityId: input.countNumber,
    workflowId: input.workflowId,
    details: { ...result },
  });
  return result;
}
