import type { EntityManager } from '@mikro-orm/postgresql';
import {
  belowReorderPoint,
  lateProduction,
  nearExpiry,
  type AlertCause,
  type LotOnHand,
  type OrderProgress,
} from '../../rules/alerts';
import { decide, type EngineCache } from '../../rules/engine';
import { ProductionOrder } from '../../db/entities';
import { num, query } from '../../db/sql';
import { compileExpiryRules, pinExpiryRules } from '../purchasing/receipt-expiry';

/** Released orders still to be made: the ones a late finish can concern. */
const ORDERS_IN_WORK = ['released', 'awaiting-stock', 'in-progress'];

/** Production orders in work whose remaining operations, from `now`, finish after their due date. */
export async function lateProductionCauses(em: EntityManager, now: Date): Promise<AlertCause[]> {
  const orders = await em.find(
    ProductionOrder,
    { status: { $in: ORDERS_IN_WORK as ProductionOrder['status'][] } },
    { populate: ['item', 'operations'], orderBy: { number: 'asc' } },
  );
  const causes: AlertCause[] = [];
  for (const order of orders) {
    const progress: OrderProgress = {
      number: order.number,
      itemSku: order.item.sku,
      status: order.status,
      quantity: num(order.quantity),
      dueDate: order.dueDate,
      operations: order.operations.getItems().map((operation) => ({
        seq: operation.seq,
        status: operation.status,
        setupHours: num(operation.setupHours),
        runHoursPerUnit: num(operation.runHoursPerUnit),
        goodQuantity: num(operation.goodQuantity),
        scrapQuantity: num(operation.scrapQuantity),
      })),
    };
    const cause = lateProduction(progress, now);
    if (cause) causes.push(cause);
  }
  return causes;
}

/**
 * Items with a reorder point, per physical warehouse that keeps them (a balance row there) or expects them (an open
 * purchase order): free stock (available, ours, less reservations) + open purchase quantity against the reorder
 * point. Named SQL: the figures are sums over balances and order lines, one row per item and warehouse.
 */
export async function reorderPointCauses(em: EntityManager): Promise<AlertCause[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `with watched as (select id, sku, reorder_point from item where reorder_point is not null and active),
     on_hand as (
       select b.item_id, l.warehouse_id,
              sum(case when b.status = 'available' and b.owner_customer_id is null
                       then b.quantity - b.reserved_quantity else 0 end) as available
         from stock_balance b join watched w on w.id = b.item_id join location l on l.id = b.location_id
        group by b.item_id, l.warehouse_id),
     on_order as (
       select pol.item_id, po.warehouse_id, sum(greatest(pol.quantity - pol.received_quantity, 0)) as on_order
         from purchase_order_line pol join watched w on w.id = pol.item_id
         join purchase_order po on po.id = pol.order_id and po.status in ('open', 'partly-received')
        group by pol.item_id, po.warehouse_id),
     places as (select item_id, warehouse_id from on_hand union select item_id, warehouse_id from on_order)
     select w.sku, wh.code as warehouse_code, w.reorder_point, coalesce(h.available, 0) as available,
            coalesce(o.on_order, 0) as on_order
       from places p join watched w on w.id = p.item_id
       join warehouse wh on wh.id = p.warehouse_id and not wh.virtual and wh.active
       left join on_hand h on h.item_id = p.item_id and h.warehouse_id = p.warehouse_id
       left join on_order o on o.item_id = p.item_id and o.warehouse_id = p.warehouse_id
      order by w.sku, wh.code`,
  );
  return rows.flatMap((row) => {
    const cause = belowReorderPoint({
      itemSku: String(row.sku),
      warehouseCode: String(row.warehouse_code),
      reorderPoint: num(row.reorder_point),
      available: num(row.available),
      onOrder: num(row.on_order),
    });
    return cause ? [cause] : [];
  });
}

/** The widest `withinDays` anywhere in a rule-set's content: no lot further from expiry can be in a window. */
function widestWindow(content: unknown): number {
  if (Array.isArray(content)) return Math.max(0, ...content.map(widestWindow));
  if (content === null || typeof content !== 'object') return 0;
  return Math.max(
    0,
    ...Object.entries(content).map(([key, value]) =>
      key === 'withinDays' && typeof value === 'number' ? value : widestWindow(value),
    ),
  );
}

/**
 * Lots with stock inside the near-expiry window the expiry rules in force give them (the widest action's
 * `withinDays`), per item and warehouse facts; a lot in several warehouses takes the widest of their windows. No
 * published expiry rules: no near-expiry windows.
 */
export async function nearExpiryCauses(em: EntityManager, now: Date, engines: EngineCache): Promise<AlertCause[]> {
  const pin = await pinExpiryRules(em, now);
  const rules = await compileExpiryRules(em, pin, engines);
  if (!pin || !rules) return [];
  const [stored] = await query<{ content: unknown }>(
    em,
    `select v.content from rule_set_version v where v.rule_set_id = ? and v.version = ?`,
    [pin.ruleSetId, pin.version],
  );
  const today = now.toISOString().slice(0, 10);
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, i.category, i.supply_type, i.lot_tracked, i.shelf_life_days, lot.code as lot_code,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on, wh.code as warehouse_code, sum(b.quantity) as quantity
       from stock_balance b join lot on lot.id = b.lot_id join item i on i.id = b.item_id
       join location l on l.id = b.location_id join warehouse wh on wh.id = l.warehouse_id
      where b.quantity > 0 and lot.expires_on is not null and lot.expires_on <= ?::date + ?::int
      group by i.sku, i.category, i.supply_type, i.lot_tracked, i.shelf_life_days, lot.code, lot.expires_on, wh.code
      order by i.sku, lot.code, wh.code`,
    [today, widestWindow(stored?.content)],
  );
  const windows = new Map<string, { windowDays: number | null; rule: string | null }>();
  const lots = new Map<string, LotOnHand>();
  for (const row of rows) {
    const factsKey = `${String(row.sku)}\u0000${String(row.warehouse_code)}`;
    let window = windows.get(factsKey);
    if (!window) {
      const decision = await decide(rules, {
        'item.sku': String(row.sku),
        'item.category': row.category ?? null,
        'item.sourcing': row.supply_type ?? null,
        'item.lotTracked': Boolean(row.lot_tracked),
        'item.shelfLifeDays': row.shelf_life_days === null ? null : num(row.shelf_life_days),
        'item.attributes': {},
        'warehouse.code': String(row.warehouse_code),
        'warehouse.region': null,
        'lot.origin': null,
        'lot.supplierCode': null,
      });
      const widest = decision.policy.actions.reduce<number | null>(
        (max, action) => (max === null || action.withinDays > max ? action.withinDays : max),
        null,
      );
      window = { windowDays: widest, rule: decision.rule };
      windows.set(factsKey, window);
    }
    const lotKey = `${String(row.sku)}/${String(row.lot_code)}`;
    const lot = lots.get(lotKey);
    if (lot) {
      lot.quantity += num(row.quantity);
      if (window.windowDays !== null && (lot.windowDays === null || window.windowDays > lot.windowDays)) {
        Object.assign(lot, { windowDays: window.windowDays, rule: window.rule });
      }
      continue;
    }
    lots.set(lotKey, {
      itemSku: String(row.sku),
      lotCode: String(row.lot_code),
      expiresOn: String(row.expires_on),
      quantity: num(row.quantity),
      windowDays: window.windowDays,
      rule: window.rule,
      ruleVersion: pin.version,
    });
  }
  return [...lots.values()].flatMap((lot) => {
    const cause = nearExpiry(lot, today);
    return cause ? [cause] : [];
  });
}
