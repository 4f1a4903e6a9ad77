import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../../../db/sql';
import type { OpenSupply } from '../../../rules/manufacturing';

/** Production orders that still take work: the ones whose requirement and output count in kitting. */
export const OPEN_PRODUCTION_STATUSES = ['created', 'released', 'awaiting-stock', 'in-progress'] as const;

/** A production order named in a kitting request, with what it still needs. */
export interface OrderDemand {
  number: string;
  itemSku: string;
  status: string;
  /** quantity - completed: what is still to be made. */
  openQuantity: number;
  /** The pinned BOM version; null before release. */
  bomVersion: number | null;
  /**
   * Per component, what the order still needs from free stock: required - (issued - returned) - what its own process
   * holds reserved (reserved stock is not free, and it is this order's already). Null before release, when the
   * order has no component rows yet: its item's BOM is exploded like any demand.
   */
  remaining: Array<{ componentSku: string; quantity: number }> | null;
}

/** The named orders by number (unknown numbers are absent). */
export async function loadOrderDemands(
  em: EntityManager,
  numbers: readonly string[],
): Promise<Map<string, OrderDemand>> {
  if (numbers.length === 0) return new Map();
  const orders = await query<Record<string, unknown>>(
    em,
    `select po.number, i.sku, po.status, po.quantity - po.completed_quantity as open_quantity, b.version as bom_version,
            exists (select 1 from production_order_component c where c.production_order_id = po.id) as released
       from production_order po join item i on i.id = po.item_id left join bom b on b.id = po.bom_id
      where po.number in (?)`,
    [numbers],
  );
  const lines = await query<{ number: string; sku: string; remaining: string }>(
    em,
    `select po.number, i.sku,
            sum(greatest(c.required_quantity - (c.issued_quantity - c.returned_quantity)
              - coalesce((select sum(r.quantity) from reservation r
                           where r.owner_workflow_id = 'production-order:' || po.number and r.line_no = c.line_no
                             and r.state = 'active'), 0), 0)) as remaining
       from production_order_component c join production_order po on po.id = c.production_order_id
       join item i on i.id = c.item_id
      where po.number in (?)
      group by po.number, i.sku
      order by po.number, min(c.line_no)`,
    [numbers],
  );
  const found = new Map<string, OrderDemand>();
  for (const o of orders) {
    const number = String(o.number);
    found.set(number, {
      number,
      itemSku: String(o.sku),
      status: String(o.status),
      openQuantity: num(o.open_quantity),
      bomVersion: o.bom_version === null ? null : num(o.bom_version),
      remaining: o.released ? [] : null,
    });
  }
  for (const line of lines) {
    const quantity = num(line.remaining);
    if (quantity > 0) found.get(line.number)?.remaining?.push({ componentSku: line.sku, quantity });
  }
  return found;
}

/**
 * Open production orders of the given items as covering supply: what is still to be made (quantity - completed),
 * due on the order's due date.
 */
export async function openProductionOrders(em: EntityManager, skus: readonly string[]): Promise<OpenSupply[]> {
  if (skus.length === 0) return [];
  const rows = await query<Record<string, unknown>>(
    em,
    `select po.number, i.sku, po.quantity - po.completed_quantity as open_quantity,
            to_char(po.due_date, 'YYYY-MM-DD') as due_date
       from production_order po join item i on i.id = po.item_id
      where i.sku in (?) and po.status in (?) and po.quantity > po.completed_quantity
      order by po.due_date, po.number`,
    [skus, OPEN_PRODUCTION_STATUSES],
  );
  return rows.map((r) => ({
    type: 'production-order',
    number: String(r.number),
    lineNo: null,
    componentSku: String(r.sku),
    openQuantity: num(r.open_quantity),
    dueDate: String(r.due_date),
  }));
}
