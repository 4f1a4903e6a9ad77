import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../../db/sql';
import { num } from '../../db/sql';
import type { Supplier } from '../../db/entities';

/** Code of a supplier's own site: warehouse `SUP-<supplier code>` with one storage location of the same code. */
export const supplierSiteCode = (supplierCode: string) => `SUP-${supplierCode}`;

/**
 * The location at the supplier where our components sit (status at-supplier), created on first use: a non-virtual
 * warehouse (the stock stays ours, in our cost) ranked last so nothing prefers it, and one storage location. A
 * customer's material sent for a customer-provided component sits beside ours with its owner on the balance: the owner,
 * not the warehouse, decides valuation (db/inventory/move-valuation.ts), so one site holds both.
 * Idempotent under concurrency: both inserts do nothing when the row exists. Production's and sales allocation never
 * draw on it: they take available stock only, and stock here is at-supplier.
 */
export async function ensureSupplierSite(em: EntityManager, supplier: Supplier): Promise<string> {
  const code = supplierSiteCode(supplier.code);
  await query(
    em,
    `insert into warehouse (code, name, priority, virtual, active) values (?, ?, 10000, false, true)
     on conflict (code) do nothing`,
    [code, `At supplier ${supplier.name}`.slice(0, 120)],
  );
  const [warehouse] = await query<{ id: number }>(em, 'select id from warehouse where code = ?', [code]);
  await query(
    em,
    `insert into location (code, warehouse_id, type, pick_sequence, active) values (?, ?, 'storage', 0, true)
     on conflict (code) do nothing`,
    [code, num(warehouse?.id)],
  );
  return code;
}

/** Where goods come back into a warehouse: its first active storage location on the walking route. */
export async function homeLocation(em: EntityManager, warehouseId: number): Promise<string | null> {
  const [row] = await query<{ code: string }>(
    em,
    `select code from location where warehouse_id = ? and type = 'storage' and active
      order by pick_sequence, code limit 1`,
    [warehouseId],
  );
  return row ? String(row.code) : null;
}

/** One balance of a component at the supplier's site (status at-supplier), oldest first. */
export interface AtSupplierBalance {
  lotCode: string | null;
  quantity: number;
}

/**
 * The component's stock at the supplier's site of one owner, oldest balance first (what is taken first): ours by
 * default, or the customer's (`ownerCustomerId`) for a customer-provided component. Never both: consuming our line
 * must never take a customer's material, nor the other way round.
 */
export async function balancesAtSupplier(
  em: EntityManager,
  siteCode: string,
  itemId: number,
  ownerCustomerId: number | null = null,
) {
  const rows = await query<{ lot_code: string | null; quantity: string }>(
    em,
    `select lot.code as lot_code, b.quantity
       from stock_balance b join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
      where l.code = ? and b.item_id = ? and b.status = 'at-supplier' and b.quantity > 0
        and coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0)
      order by b.id
      for update of b`,
    [siteCode, itemId, ownerCustomerId],
  );
  return rows.map((row): AtSupplierBalance => ({ lotCode: row.lot_code, quantity: num(row.quantity) }));
}
