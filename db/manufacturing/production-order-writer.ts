import type { EntityManager } from '@mikro-orm/postgresql';
import { Bom, BomLine, Customer, Item, ProductionOrder, Routing, Warehouse } from '../entities';
import { DocumentError } from '../errors';
import { num, query } from '../sql';

/*
 * Writing a production order, for every caller that creates one: the API (a planner's order) and MRP's release (an
 * approved suggestion). Every refusal is a DocumentError naming its field and comes before anything is written; the
 * caller's transaction holds the order and its queued process together.
 */

const today = () => new Date().toISOString().slice(0, 10);

/** A production order to write: the shape the API takes (production-order-schemas.ts). */
export interface ProductionOrderInput {
  itemSku: string;
  quantity: number;
  dueDate: string;
  /** Omitted: today. */
  startDate?: string;
  /** Omitted: the first-ranked active physical warehouse. */
  warehouseCode?: string;
  priority?: number;
  note?: string;
  /** The customer it is made for, who supplies its customer-supplied components (issue 15); omitted: for stock. */
  customerCode?: string;
}

/** The warehouse named, or the first-ranked active physical one; virtual or inactive ones are refused. */
async function orderWarehouse(em: EntityManager, code: string | undefined): Promise<Warehouse> {
  if (code === undefined) {
    const [first] = await em.find(
      Warehouse,
      { active: true, virtual: false },
      { orderBy: { priority: 'asc', code: 'asc' }, limit: 1 },
    );
    if (!first)
      throw new DocumentError('UNKNOWN_WAREHOUSE', 'There is no active warehouse to make goods in', 'warehouseCode');
    return first;
  }
  const warehouse = await em.findOne(Warehouse, { code });
  if (!warehouse) throw new DocumentError('UNKNOWN_WAREHOUSE', `No warehouse ${code}`, 'warehouseCode');
  if (warehouse.virtual || !warehouse.active) {
    const why = warehouse.virtual ? 'virtual (it holds customer material)' : 'deactivated';
    throw new DocumentError(
      'UNKNOWN_WAREHOUSE',
      `Warehouse ${code} is ${why}; goods are made in our own`,
      'warehouseCode',
    );
  }
  return warehouse;
}

/** The item to make: known, active, and made here (supply type 'make'). */
async function madeItem(em: EntityManager, sku: string): Promise<Item> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new DocumentError('UNKNOWN_ITEM', `No item ${sku}`, 'itemSku');
  if (!item.active) throw new DocumentError('RECORD_INACTIVE', `Item ${sku} is deactivated`, 'itemSku');
  if (item.supplyType !== 'make') {
    throw new DocumentError(
      'ITEM_NOT_MADE',
      `Item ${sku} is a '${item.supplyType}' item; only 'make' items have production orders`,
      'itemSku',
    );
  }
  return item;
}

/** The BOM and routing must be in effect on the start date: release pins them from that day. */
async function requireVersionsOn(em: EntityManager, item: Item, startDate: string): Promise<void> {
  const where = { item, effectiveFrom: { $lte: startDate } };
  const bom = await em.count(Bom, where);
  const routing = await em.count(Routing, where);
  const missing = [bom === 0 ? 'bill of materials' : null, routing === 0 ? 'routing' : null].filter(Boolean);
  if (missing.length > 0) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `Item ${item.sku} has no ${missing.join(' and no ')} in effect on ${startDate}`,
      'startDate',
    );
  }
}

/**
 * The customer named (known), or null; an order without one whose BOM in effect on the start date has a
 * customer-supplied line is refused naming customerCode: nobody's material could be used, and ours must not be used
 * as if it were theirs (issue 15). Lines through a phantom are checked again at release.
 */
async function orderCustomer(
  em: EntityManager,
  item: Item,
  startDate: string,
  code: string | undefined,
): Promise<Customer | null> {
  if (code !== undefined) {
    const customer = await em.findOne(Customer, { code });
    if (!customer) throw new DocumentError('VALIDATION_FAILED', `No customer ${code}`, 'customerCode');
    return customer;
  }
  const [bom] = await em.find(
    Bom,
    { item, effectiveFrom: { $lte: startDate } },
    { orderBy: { effectiveFrom: 'desc', version: 'desc' }, limit: 1 },
  );
  const line = bom ? await em.findOne(BomLine, { bom, provision: 'customer' }, { populate: ['component'] }) : null;
  if (line) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `${line.component.sku} is supplied by the customer the order is made for: name the customer`,
      'customerCode',
    );
  }
  return null;
}

/**
 * Stores a production order (status `created`; its process releases it, pinning the BOM and routing effective on
 * the start date) and returns it with its item and warehouse. Refusals, before anything is written: unknown or
 * not-'make' item (itemSku), no BOM or routing in effect on the start date (startDate), a due date before the start
 * date (dueDate), an unknown, virtual or inactive warehouse (warehouseCode), an unknown customer or none for a BOM
 * with customer-supplied lines (customerCode). The caller queues the process start.
 */
export async function insertProductionOrder(
  em: EntityManager,
  input: ProductionOrderInput,
  username: string,
): Promise<ProductionOrder & { item: Item; warehouse: Warehouse }> {
  const startDate = input.startDate ?? today();
  const item = await madeItem(em, input.itemSku);
  await requireVersionsOn(em, item, startDate);
  if (input.dueDate < startDate) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `dueDate ${input.dueDate} is before startDate ${startDate}`,
      'dueDate',
    );
  }
  const warehouse = await orderWarehouse(em, input.warehouseCode);
  const customer = await orderCustomer(em, item, startDate, input.customerCode);

  const [seq] = await query<{ n: string }>(em, `select nextval('production_order_seq') as n`);
  const number = `PRD-${String(num(seq?.n)).padStart(6, '0')}`;
  const order = Object.assign(new ProductionOrder(), {
    number,
    item,
    quantity: input.quantity,
    warehouse,
    dueDate: input.dueDate,
    startDate,
    priority: input.priority ?? 100,
    note: input.note || null,
    customer,
    createdBy: username,
  });
  em.persist(order);
  await em.flush();
  return order;
}
