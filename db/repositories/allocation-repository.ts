import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/** One balance row that allocation may draw from, locked for the caller's transaction. */
export interface LockedCandidate {
  balanceId: number;
  locationId: number;
  lotId: number | null;
  sku: string;
  warehouseCode: string;
  warehousePriority: number;
  locationCode: string;
  lotCode: string | null;
  expiresOn: string | null;
  receivedAt: number;
  /** Only available stock is ever a candidate (at-supplier, quarantine and blocked stock are never promised). */
  status: 'available';
  free: number;
}

/** The columns both candidate reads select for a balance row (free quantity aside, which each works out its way). */
const BALANCE_COLUMNS = `b.id as balance_id, b.location_id, b.lot_id, i.sku, w.code as warehouse_code, w.priority,
            l.code as location_code, lot.code as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on,
            coalesce(lot.received_at, b.updated_at) as received_at, b.status`;

/** Balance rows with their item, bin, warehouse and lot; docks and virtual warehouses are never allocation's. */
const BALANCES_OUTSIDE_DOCKS = `from stock_balance b
       join item i on i.id = b.item_id
       join location l on l.id = b.location_id and l.type <> 'dock'
       join warehouse w on w.id = l.warehouse_id and not w.virtual
       left join lot on lot.id = b.lot_id`;

/** The balance row `b` belongs to the owner: ours (null, the indexed `is null`) or the customer's (one parameter). */
const ownerIs = (ownerCustomerId: number | null) =>
  ownerCustomerId === null ? 'b.owner_customer_id is null' : 'b.owner_customer_id = ?';

/** A row read through BALANCE_COLUMNS (plus `free`), with its status as stored. */
function balanceOf(r: Record<string, unknown>): UnavailableBalance {
  return {
    balanceId: num(r.balance_id),
    locationId: num(r.location_id),
    lotId: r.lot_id === null ? null : num(r.lot_id),
    sku: String(r.sku),
    warehouseCode: String(r.warehouse_code),
    warehousePriority: num(r.priority),
    locationCode: String(r.location_code),
    lotCode: r.lot_code === null ? null : String(r.lot_code),
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
    receivedAt: new Date(r.received_at as string).getTime(),
    status: String(r.status),
    free: num(r.free),
  };
}

/**
 * A balance row `b` whose bin is not being counted for its item (a whole-bin count or one of that item): stock under
 * count is not promised. Allocation and kitting read free stock through it.
 */
export const BALANCE_NOT_UNDER_COUNT = `not exists (select 1 from stock_count sc
                         where sc.location_id = b.location_id and sc.status in ('open', 'recount', 'approval')
                           and (sc.item_id is null or sc.item_id = b.item_id))`;

/**
 * Locks every balance row of an item that allocation could use (status available, expired or not: the policy's
 * filters decide) in one fixed order, so concurrent orders serialise on the rows they compete for. Docks and virtual
 * warehouses are never candidates, nor bins being counted (stock under count is not promised), nor stock at a
 * supplier (`at-supplier`: ours and valued, but being processed for us, so it cannot be promised; issue 15).
 * Only one owner's stock is a candidate: ours by default (sales and production never take a customer's material),
 * or, given `ownerCustomerId`, that customer's (a customer-provided component of a subcontract order).
 */
export async function lockAllocationCandidates(
  em: EntityManager,
  itemId: number,
  ownerCustomerId: number | null = null,
): Promise<LockedCandidate[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select ${BALANCE_COLUMNS}, b.quantity - b.reserved_quantity as free
       ${BALANCES_OUTSIDE_DOCKS}
      where b.item_id = ? and b.status = 'available' and b.quantity - b.reserved_quantity > 0
        and ${ownerIs(ownerCustomerId)}
        and ${BALANCE_NOT_UNDER_COUNT}
      order by b.id
      for update of b`,
    ownerCustomerId === null ? [itemId] : [itemId, ownerCustomerId],
  );
  return rows.map((r) => ({ ...balanceOf(r), status: 'available' }));
}

/** What the allocation rules need to know about an order's customer and an item. */
export async function allocationFacts(
  em: EntityManager,
  orderNumber: string,
  itemId: number,
): Promise<Record<string, unknown>> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select c.code, c.segment, c.min_shelf_life_days, to_char(o.requested_date, 'YYYY-MM-DD') as requested_date,
            i.sku, i.category, i.supply_type, i.lot_tracked, i.shelf_life_days
       from sales_order o join customer c on c.id = o.customer_id, item i
      where o.order_number = ? and i.id = ?`,
    [orderNumber, itemId],
  );
  return {
    'customer.code': row?.code ?? null,
    'customer.segment': row?.segment ?? null,
    'customer.country': null,
    'customer.minShelfLifeDays': row?.min_shelf_life_days === undefined ? null : num(row.min_shelf_life_days),
    'customer.tags': [],
    'item.sku': row?.sku ?? null,
    'item.category': row?.category ?? null,
    'item.sourcing': row?.supply_type ?? null,
    'item.lotTracked': Boolean(row?.lot_tracked),
    'item.shelfLifeDays':
      row?.shelf_life_days === null || row?.shelf_life_days === undefined ? null : num(row.shelf_life_days),
    'item.attributes': {},
    'warehouse.code': null,
    'warehouse.region': null,
    'order.type': 'standard',
    'order.channel': 'api',
    'order.requestedDate': row?.requested_date ?? null,
    'order.shipToCountry': null,
  };
}

/** A balance row allocation could not even lock as a candidate: nothing free, or a status it never takes. */
export interface UnavailableBalance extends Omit<LockedCandidate, 'status'> {
  status: string;
}

/**
 * Up to `limit` of an item's stock rows that allocation passes over before its filters see them (quarantined,
 * blocked, at a supplier, or fully reserved by other orders), with how many there are in all: read without locks, only to
 * explain a decision ("why not this lot?"). Docks, virtual warehouses and customers' material are left out as in the
 * candidates (a customer's stock is not ours to pass over).
 */
export async function unavailableBalances(
  em: EntityManager,
  itemId: number,
  limit: number,
): Promise<{ rows: UnavailableBalance[]; total: number }> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select ${BALANCE_COLUMNS}, greatest(b.quantity - b.reserved_quantity, 0) as free, count(*) over () as total
       ${BALANCES_OUTSIDE_DOCKS}
      where b.item_id = ? and b.quantity > 0 and b.owner_customer_id is null
        and (b.status <> 'available' or b.quantity - b.reserved_quantity <= 0)
      order by b.id
      limit ?`,
    [itemId, limit],
  );
  return {
    total: rows.length === 0 ? 0 : num(rows[0]?.total),
    rows: rows.map(balanceOf),
  };
}
