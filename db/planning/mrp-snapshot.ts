import { IsolationLevel, type EntityManager } from '@mikro-orm/postgresql';
import type { BomView } from '../../rules/manufacturing';
import type { Demand, PlanningSource, Supply } from '../../rules/mrp';
import { num, query } from '../sql';
import { readEffectiveBoms } from './effective-boms';
import { transitSupply } from './transit-supply';

/*
 * MRP's inputs, read as of one instant: every query runs in one REPEATABLE READ snapshot, so an order placed or a
 * receipt posted while the run reads lands wholly in this run or wholly in the next. Set-based SQL (the regenerative
 * run reads 100,000 demand lines and every lot): a few queries whatever the size of the company.
 */

/** An item as the run reads it: planning data plus the facts the lot-sizing rules decide on. */
export interface SnapshotItem {
  sku: string;
  category: string;
  abcClass: string | null;
  source: PlanningSource;
  /** The preferred supplier's lead time for bought and subcontracted items, else the item's; null: unknown. */
  leadTimeDays: number | null;
  safetyStock: number;
  supplierCode: string | null;
  supplierMinimum: number | null;
  supplierMultiple: number | null;
}

export interface MrpSnapshot {
  /** The run's date (ISO): BOMs effective on it, lots expired before it left out. */
  asOf: string;
  items: SnapshotItem[];
  boms: BomView[];
  demands: Demand[];
  supplies: Supply[];
}

/** Production orders whose open quantity is scheduled supply and whose unissued components are demand. */
const OPEN_PRODUCTION = `('released', 'awaiting-stock', 'in-progress')`;
/** Subcontract orders past their draft that planning reads (OPEN_SUBCONTRACT; subcontractIsPlanned says the same). */
export const OPEN_SUBCONTRACT_STATUSES = ['approved', 'at-supplier', 'partly-received'] as const;
/** A draft subcontract order an MRP release wrote (see OPEN_SUBCONTRACT). */
const RELEASED_DRAFT = `(o.status = 'draft' and o.planned_ref is not null)`;
/**
 * Subcontract orders whose finished goods are still to come (db/entities/subcontracting.ts): approved, components at
 * the supplier, partly received, and a draft an MRP release wrote (planned_ref names its planned order): that draft
 * is the planner's decision, already approved in the run's review, and only waits for the buyer's approval; left out,
 * the next run would plan the same need again. A draft typed by hand is not: nobody has decided it yet (as a created
 * production order waits for release), so it is no supply until approved. Over the alias `o` of subcontract_order.
 */
const OPEN_SUBCONTRACT = `(o.status in (${OPEN_SUBCONTRACT_STATUSES.map((s) => `'${s}'`).join(', ')}) or ${RELEASED_DRAFT})`;
/** Those whose components can still be sent (activities/subcontracting/send-components.ts SENDABLE), or will be. */
const SENDING_SUBCONTRACT = `(o.status in ('approved', 'at-supplier') or ${RELEASED_DRAFT})`;

/** Reads everything a regenerative run needs, in one consistent snapshot. */
export async function readMrpSnapshot(em: EntityManager, asOf: string): Promise<MrpSnapshot> {
  return em.fork().transactional(async (tx) => readMrpSnapshotIn(tx, asOf), {
    isolationLevel: IsolationLevel.REPEATABLE_READ,
    readOnly: true,
  });
}

/**
 * The same, in the caller's transaction (which must be REPEATABLE READ to read one instant): a run's snapshot step
 * reads its inputs and the planning changes they include in one transaction (activities/mrp/open-run.ts).
 */
export async function readMrpSnapshotIn(tx: EntityManager, asOf: string): Promise<MrpSnapshot> {
  return {
    asOf,
    items: await readItems(tx),
    // Customer-supplied lines are left out: planning buys or makes only what we supply.
    boms: await readEffectiveBoms(tx, asOf, undefined, { ownLinesOnly: true }),
    ...(await readDemandsAndSupplies(tx, asOf)),
  };
}

/**
 * Demand and supply now, in the caller's transaction: every item's (the regenerative run), or only the given items'
 * (net change re-plans a few items; the same queries, so both read the same rows for an item).
 */
export async function readDemandsAndSupplies(
  em: EntityManager,
  asOf: string,
  skus?: string[],
): Promise<Pick<MrpSnapshot, 'demands' | 'supplies'>> {
  if (skus?.length === 0) return { demands: [], supplies: [] };
  const only = itemFilter(skus);
  // Issued together: they queue on the one connection (in the caller's transaction, in this order), and each one's
  // rows are mapped here while PostgreSQL runs the next, instead of PostgreSQL waiting for each mapping.
  const [sales, forecasts, production, subcontract, ...supplies] = await Promise.all([
    salesDemand(em, only),
    forecastDemand(em, asOf, only),
    productionComponentDemand(em, only),
    subcontractComponentDemand(em, only),
    onHand(em, asOf, only),
    purchaseSupply(em, only),
    productionSupply(em, only),
    subcontractSupply(em, only),
    transitSupply(em, only),
  ]);
  return { demands: [...sales, ...forecasts, ...production, ...subcontract], supplies: supplies.flat() };
}

/** A restriction to some items (over the alias `i` of item), as SQL and its parameters; none: every item. */
interface ItemFilter {
  sql: string;
  params: unknown[];
}

function itemFilter(skus: string[] | undefined): ItemFilter {
  return skus === undefined ? { sql: '', params: [] } : { sql: ' and i.sku in (?)', params: [skus] };
}

async function readItems(em: EntityManager): Promise<SnapshotItem[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, i.category, i.abc_class, i.supply_type, i.lead_time_days, coalesce(i.safety_stock, 0) as safety_stock,
            s.code as supplier_code, x.lead_time_days as supplier_lead_time, x.min_order_quantity, x.order_multiple
       from item i
       left join item_supplier x on x.item_id = i.id and x.preferred and x.active
       left join supplier s on s.id = x.supplier_id
      order by i.sku`,
  );
  return rows.map((r) => {
    const source = String(r.supply_type) as PlanningSource;
    // Bought and subcontracted items take the preferred supplier's lead time when it names one.
    const leadTime = source !== 'make' && r.supplier_lead_time !== null ? r.supplier_lead_time : r.lead_time_days;
    return {
      sku: String(r.sku),
      category: String(r.category),
      abcClass: r.abc_class === null ? null : String(r.abc_class),
      source,
      leadTimeDays: leadTime === null ? null : num(leadTime),
      safetyStock: num(r.safety_stock),
      supplierCode: r.supplier_code === null ? null : String(r.supplier_code),
      supplierMinimum: r.min_order_quantity === null ? null : num(r.min_order_quantity),
      supplierMultiple: r.order_multiple === null ? null : num(r.order_multiple),
    };
  });
}

/**
 * Open sales-order lines: what is neither shipped nor already reserved (reserved stock is left out of supply too),
 * wanted on the order's requested date, or the day it was placed when it names none.
 */
async function salesDemand(em: EntityManager, only: ItemFilter): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, l.line_no, i.sku,
            l.quantity - l.shipped_quantity - l.reserved_quantity as open_quantity,
            to_char(coalesce(o.requested_date, o.created_at::date), 'YYYY-MM-DD') as wanted
       from sales_order_line l
       join sales_order o on o.id = l.order_id
       join item i on i.id = l.item_id
      where o.status not in ('shipped', 'cancelled') and l.quantity - l.shipped_quantity - l.reserved_quantity > 0${only.sql}`,
    only.params,
  );
  return rows.map((r) => ({
    ref: `${String(r.order_number)}/${num(r.line_no)}`,
    kind: 'sales-order' as const,
    sku: String(r.sku),
    date: String(r.wanted),
    quantity: num(r.open_quantity),
  }));
}

/** Forecasts from the run's date on (earlier ones are spent: the orders placed against them count instead). */
async function forecastDemand(em: EntityManager, asOf: string, only: ItemFilter): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select f.id, i.sku, to_char(f.forecast_date, 'YYYY-MM-DD') as forecast_date, f.quantity
       from forecast f join item i on i.id = f.item_id
      where f.forecast_date >= ?::date${only.sql}`,
    [asOf, ...only.params],
  );
  return rows.map((r) => ({
    ref: `FC-${num(r.id)}`,
    kind: 'forecast' as const,
    sku: String(r.sku),
    date: String(r.forecast_date),
    quantity: num(r.quantity),
  }));
}

/**
 * Components released production orders still need: required less issued (net of returns) and less reserved. A
 * component the customer supplies is theirs to bring, never ours to plan.
 */
async function productionComponentDemand(em: EntityManager, only: ItemFilter): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.number, c.line_no, i.sku, to_char(o.start_date, 'YYYY-MM-DD') as wanted,
            c.required_quantity - (c.issued_quantity - c.returned_quantity)
              - coalesce((select sum(r.quantity) from reservation r
                           where r.document_ref = o.number and r.state = 'active'
                             and r.item_id = c.item_id and r.line_no = c.line_no), 0) as open_quantity
       from production_order_component c
       join production_order o on o.id = c.production_order_id
       join item i on i.id = c.item_id
      where o.status in ${OPEN_PRODUCTION} and c.provision = 'ours'${only.sql}`,
    only.params,
  );
  return rows
    .filter((r) => num(r.open_quantity) > 0)
    .map((r) => ({
      ref: `${String(r.number)}/${num(r.line_no)}`,
      kind: 'production-component' as const,
      sku: String(r.sku),
      date: String(r.wanted),
      quantity: num(r.open_quantity),
    }));
}

/**
 * Free stock per item and lot: status available (not quarantine, blocked or at a supplier), in real warehouses,
 * net of reservations, lots that expired before the run's date left out (later expiries are MRP's to honour). Ours
 * only: a customer's material (owner_customer_id set) is never our supply.
 */
async function onHand(em: EntityManager, asOf: string, only: ItemFilter): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select i.sku, coalesce(lot.code, '-') as lot_code, to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on,
            sum(b.quantity - b.reserved_quantity) as free
       from stock_balance b
       join item i on i.id = b.item_id
       join location l on l.id = b.location_id
       join warehouse w on w.id = l.warehouse_id and not w.virtual
       left join lot on lot.id = b.lot_id
      where b.status = 'available' and b.quantity - b.reserved_quantity > 0 and b.owner_customer_id is null
        and (lot.expires_on is null or lot.expires_on >= ?::date)${only.sql}
      group by i.sku, lot.code, lot.expires_on`,
    [asOf, ...only.params],
  );
  return rows.map((r) => ({
    ref: `${String(r.sku)}@${String(r.lot_code)}`,
    kind: 'on-hand' as const,
    sku: String(r.sku),
    date: asOf,
    quantity: num(r.free),
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
  }));
}

/** Open purchase-order lines by due date. */
async function purchaseSupply(em: EntityManager, only: ItemFilter): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, l.line_no, i.sku, l.quantity - l.received_quantity as open_quantity,
            to_char(l.due_date, 'YYYY-MM-DD') as due_date
       from purchase_order_line l
       join purchase_order o on o.id = l.order_id
       join item i on i.id = l.item_id
      where o.status in ('open', 'partly-received') and l.quantity > l.received_quantity${only.sql}`,
    only.params,
  );
  return rows.map((r) => ({
    ref: `${String(r.order_number)}/${num(r.line_no)}`,
    kind: 'purchase-order' as const,
    sku: String(r.sku),
    date: String(r.due_date),
    quantity: num(r.open_quantity),
  }));
}

/** Released production orders' open quantity (ordered less received and less scrapped) by due date. */
async function productionSupply(em: EntityManager, only: ItemFilter): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.number, i.sku, o.quantity - o.completed_quantity - o.scrapped_quantity as open_quantity,
            to_char(o.due_date, 'YYYY-MM-DD') as due_date
       from production_order o join item i on i.id = o.item_id
      where o.status in ${OPEN_PRODUCTION} and o.quantity > o.completed_quantity + o.scrapped_quantity${only.sql}`,
    only.params,
  );
  return rows.map((r) => ({
    ref: String(r.number),
    kind: 'production-order' as const,
    sku: String(r.sku),
    date: String(r.due_date),
    quantity: num(r.open_quantity),
  }));
}

/**
 * Open subcontract orders' finished goods still to come by due date: ordered less what deliveries brought and kept
 * (finished less what the quality gate sent back, as the order list counts it), never below zero.
 */
async function subcontractSupply(em: EntityManager, only: ItemFilter): Promise<Supply[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, i.sku, to_char(o.due_date, 'YYYY-MM-DD') as due_date,
            o.quantity - coalesce((select sum(d.finished_quantity - d.rejected_quantity) from subcontract_delivery d
                                    where d.order_id = o.id and d.status = 'received'), 0) as open_quantity
       from subcontract_order o join item i on i.id = o.item_id
      where ${OPEN_SUBCONTRACT}${only.sql}`,
    only.params,
  );
  return rows
    .filter((r) => num(r.open_quantity) > 0)
    .map((r) => ({
      ref: String(r.order_number),
      kind: 'subcontract-order' as const,
      sku: String(r.sku),
      date: String(r.due_date),
      quantity: num(r.open_quantity),
    }));
}

/**
 * Our components of subcontract orders still to be sent: required less sent and less reserved by the order's
 * process (reserved stock is out of supply already). Wanted when the supplier must start: the due date less the
 * order's supplier's lead time for the item, else the item's, else on the due date (a date already past is past due,
 * as planning reads it). What the supplier buys or a customer provides is never ours to plan.
 */
async function subcontractComponentDemand(em: EntityManager, only: ItemFilter): Promise<Demand[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.order_number, c.line_no, i.sku,
            to_char(o.due_date - coalesce(x.lead_time_days, f.lead_time_days, 0)::int, 'YYYY-MM-DD') as wanted,
            c.required_quantity - c.sent_quantity
              - coalesce((select sum(r.quantity) from reservation r
                           where r.document_ref = o.order_number and r.state = 'active'
                             and r.item_id = c.item_id and r.line_no = c.line_no), 0) as open_quantity
       from subcontract_order_component c
       join subcontract_order o on o.id = c.order_id
       join item f on f.id = o.item_id
       left join item_supplier x on x.item_id = o.item_id and x.supplier_id = o.supplier_id and x.active
       join item i on i.id = c.item_id
      where ${SENDING_SUBCONTRACT} and c.provision = 'ours'${only.sql}`,
    only.params,
  );
  return rows
    .filter((r) => num(r.open_quantity) > 0)
    .map((r) => ({
      ref: `${String(r.order_number)}/${num(r.line_no)}`,
      kind: 'subcontract-component' as const,
      sku: String(r.sku),
      date: String(r.wanted),
      quantity: num(r.open_quantity),
    }));
}
