import type { EntityManager } from '@mikro-orm/postgresql';
import { readEffectiveBoms } from '../../../db/planning/effective-boms';
import { BALANCE_NOT_UNDER_COUNT } from '../../../db/repositories/allocation-repository';
import { num, query } from '../../../db/sql';
import type { BomView, OpenSupply } from '../../../rules/manufacturing';

/*
 * Kitting's reads, in SQL: a few set-based queries per analysis whatever the number of demands (the kitting
 * benchmark's path: 1,000 orders against 1,000,000 lots), instead of an entity graph per BOM version.
 */

/**
 * Every BOM single-level kitting of `skus` looks at: the items' own, their components' (to know which are
 * phantoms), and down through phantoms to the components issued in their place. One query per phantom level.
 */
export async function kittingBoms(
  em: EntityManager,
  skus: readonly string[],
  date: string,
): Promise<Map<string, BomView>> {
  const demanded = new Set(skus);
  const found = new Map<string, BomView>();
  const asked = new Set<string>();
  let frontier = [...demanded];
  while (frontier.length > 0) {
    frontier.forEach((sku) => asked.add(sku));
    const next = new Set<string>();
    for (const bom of await readEffectiveBoms(em, date, frontier)) {
      found.set(bom.parentSku, bom);
      // A stocked sub-assembly is a component like any other: its own lines matter only where it is demanded.
      if (!bom.phantom && !demanded.has(bom.parentSku)) continue;
      for (const line of bom.lines) if (!asked.has(line.componentSku)) next.add(line.componentSku);
    }
    frontier = [...next];
  }
  return found;
}

/**
 * Free stock per item on `date`, as allocation would see it: status 'available', outside docks and virtual
 * warehouses and bins under count (lockAllocationCandidates' rule), lots not expired on the date (the expiry date
 * itself still counts), net of what other orders reserved. Only our stock is free: a customer's material (an owner on
 * the balance) is theirs, kept for their orders.
 */
export async function freeStock(
  em: EntityManager,
  skus: readonly string[],
  date: string,
): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  // The items by id first: filtered by SKU through a join, PostgreSQL misjudges how many balances a million lots
  // leave and fetches the lots one by one; with the ids as values it joins them in one pass (bench kitting: the
  // kitting's share of its run fell from ~8 s to ~3-5 s under load).
  const items = await query<{ id: number; sku: string }>(em, 'select id, sku from item where sku in (?)', [skus]);
  if (items.length === 0) return new Map();
  const skuOf = new Map(items.map((item) => [num(item.id), item.sku]));
  const rows = await query<{ item_id: number; free: string }>(
    em,
    `select b.item_id, sum(b.quantity - b.reserved_quantity) as free
       from stock_balance b
       join location l on l.id = b.location_id and l.type <> 'dock'
       join warehouse w on w.id = l.warehouse_id and not w.virtual
       left join lot on lot.id = b.lot_id
      where b.item_id in (?) and b.status = 'available' and b.quantity - b.reserved_quantity > 0
        and b.owner_customer_id is null
        and (lot.expires_on is null or lot.expires_on >= ?::date)
        and ${BALANCE_NOT_UNDER_COUNT}
      group by b.item_id`,
    [[...skuOf.keys()], date],
  );
  return new Map(rows.map((r) => [skuOf.get(num(r.item_id)) ?? '', num(r.free)]));
}

/** Open purchase-order lines (order open or partly received, something still to arrive) of the given items. */
export async function openPurchaseLines(em: EntityManager, skus: readonly string[]): Promise<OpenSupply[]> {
  if (skus.length === 0) return [];
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, l.line_no, i.sku, l.quantity - l.received_quantity as open_quantity,
            to_char(l.due_date, 'YYYY-MM-DD') as due_date
       from purchase_order_line l
       join purchase_order o on o.id = l.order_id
       join item i on i.id = l.item_id
      where i.sku in (?) and o.status in ('open', 'partly-received') and l.quantity > l.received_quantity
      order by l.due_date, o.order_number, l.line_no`,
    [skus],
  );
  return rows.map((r) => ({
    type: 'purchase-order',
    number: String(r.order_number),
    lineNo: num(r.line_no),
    componentSku: String(r.sku),
    openQuantity: num(r.open_quantity),
    dueDate: String(r.due_date),
  }));
}
