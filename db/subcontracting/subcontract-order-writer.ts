import type { EntityManager } from '@mikro-orm/postgresql';
import { lineRequirement } from '../../rules/manufacturing/quantities';
import {
  Customer,
  Item,
  ItemSupplier,
  Supplier,
  SubcontractOrder,
  SubcontractOrderComponent,
  Warehouse,
  type ComponentProvision,
} from '../entities';
import { DocumentError } from '../errors';
import { num, query } from '../sql';
import { bomComponents } from './bom-components';

/*
 * Writing a subcontract order, for every caller that creates one: the API (a planner's order) and MRP's release (an
 * approved planned subcontract order). Every refusal is a DocumentError naming its field and comes before anything is
 * written; the caller's transaction holds the order and its components together.
 */

/** The process id of an order's subcontract-order process (the process itself arrives with its workflow). */
export const subcontractOrderWorkflowId = (orderNumber: string) => `subcontract-order:${orderNumber}`;

/** One component as given: omitted provision is `ours`; `customerCode` only (and always) with `customer`. */
export interface SubcontractComponentInput {
  itemSku: string;
  quantityPer: number;
  scrapPercent?: number;
  provision?: ComponentProvision;
  customerCode?: string;
}

/** A subcontract order to write: the shape the API takes (api/subcontracting/subcontract-order-schemas.ts). */
export interface SubcontractOrderInput {
  supplierCode: string;
  itemSku: string;
  quantity: number;
  dueDate: string;
  /** Omitted: the supplier's active price for the item (item_supplier). */
  feePerUnit?: number;
  /** Omitted: the first-ranked active physical warehouse (as production orders default). */
  warehouseCode?: string;
  /** Omitted: the item's BOM in effect today, phantoms passed through, every component ours. */
  components?: SubcontractComponentInput[];
  /** The MRP planned order it is released from (`<run>:<ref>`): one order per planned order. */
  plannedRef?: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const to3 = (value: number) => Math.round(value * 1000) / 1000;

async function activeSupplier(em: EntityManager, code: string): Promise<Supplier> {
  const supplier = await em.findOne(Supplier, { code });
  if (!supplier) throw new DocumentError('UNKNOWN_SUPPLIER', `No supplier ${code}`, 'supplierCode');
  if (!supplier.active) throw new DocumentError('RECORD_INACTIVE', `Supplier ${code} is deactivated`, 'supplierCode');
  return supplier;
}

async function activeItem(em: EntityManager, sku: string, field: string): Promise<Item> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new DocumentError('UNKNOWN_ITEM', `No item ${sku}`, field);
  if (!item.active) throw new DocumentError('RECORD_INACTIVE', `Item ${sku} is deactivated`, field);
  return item;
}

/** Where the finished goods come back: the warehouse named, or the first-ranked active physical one. */
async function returnWarehouse(em: EntityManager, code: string | undefined): Promise<Warehouse> {
  if (code === undefined) {
    const where = { active: true, virtual: false };
    const [first] = await em.find(Warehouse, where, { orderBy: { priority: 'asc', code: 'asc' }, limit: 1 });
    if (!first)
      throw new DocumentError('UNKNOWN_WAREHOUSE', 'There is no active warehouse to receive into', 'warehouseCode');
    return first;
  }
  const warehouse = await em.findOne(Warehouse, { code });
  if (!warehouse) throw new DocumentError('UNKNOWN_WAREHOUSE', `No warehouse ${code}`, 'warehouseCode');
  if (warehouse.virtual || !warehouse.active) {
    const why = warehouse.virtual ? 'virtual (it holds customer material)' : 'deactivated';
    throw new DocumentError(
      'UNKNOWN_WAREHOUSE',
      `Warehouse ${code} is ${why}; goods come back into our own`,
      'warehouseCode',
    );
  }
  return warehouse;
}

/** The fee given, else the supplier's active price for the item; neither is refused naming feePerUnit. */
async function feeOf(em: EntityManager, input: SubcontractOrderInput, supplier: Supplier, item: Item) {
  if (input.feePerUnit !== undefined) return input.feePerUnit;
  const offer = await em.findOne(ItemSupplier, { item, supplier, active: true });
  if (offer) return num(offer.price);
  throw new DocumentError(
    'VALIDATION_FAILED',
    `No price on record for ${item.sku} from supplier ${supplier.code}: give feePerUnit`,
    'feePerUnit',
  );
}

/** One given component checked against the master data and the finished item. */
async function resolveComponent(
  em: EntityManager,
  finished: Item,
  given: SubcontractComponentInput,
  index: number,
  seen: Set<string>,
) {
  const at = `components[${index}]`;
  const item = await activeItem(em, given.itemSku, `${at}.itemSku`);
  if (item.id === finished.id) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `${item.sku} is the item being made; it cannot be its own component`,
      `${at}.itemSku`,
    );
  }
  if (seen.has(item.sku)) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `${item.sku} is listed twice; give it once with its full quantity`,
      `${at}.itemSku`,
    );
  }
  seen.add(item.sku);
  const provision = given.provision ?? 'ours';
  let customer: Customer | null = null;
  if (provision === 'customer') {
    if (!given.customerCode) {
      throw new DocumentError(
        'VALIDATION_FAILED',
        `A customer-provided component names its customer`,
        `${at}.customerCode`,
      );
    }
    customer = await em.findOne(Customer, { code: given.customerCode });
    if (!customer)
      throw new DocumentError('VALIDATION_FAILED', `No customer ${given.customerCode}`, `${at}.customerCode`);
  } else if (given.customerCode) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `Only a customer-provided component names a customer (provision is '${provision}')`,
      `${at}.customerCode`,
    );
  }
  return { item, quantityPer: given.quantityPer, scrapPercent: given.scrapPercent ?? 0, provision, customer };
}

type ResolvedComponent = Awaited<ReturnType<typeof resolveComponent>>;

/** Quantities are numeric(18,3): a requirement from 10^15 up would not fit the column. */
const MAX_QUANTITY = 1e15;

/** A component's requirement for the order, to 0.001; one too large to store is refused naming what made it so. */
function requiredOf(input: SubcontractOrderInput, component: ResolvedComponent, index: number): number {
  const required = to3(lineRequirement(input.quantity, component.quantityPer, component.scrapPercent));
  if (required < MAX_QUANTITY) return required;
  const field = input.components?.length ? `components[${index}].quantityPer` : 'quantity';
  throw new DocumentError(
    'VALIDATION_FAILED',
    `${component.item.sku} would need ${required}, more than a quantity can hold: order fewer or less per unit`,
    field,
  );
}

/** The given components, or the item's BOM in effect today (ours); no components at all is refused. */
async function componentsOf(em: EntityManager, finished: Item, given: SubcontractComponentInput[] | undefined) {
  const seen = new Set<string>();
  if (given && given.length > 0) {
    const resolved: ResolvedComponent[] = [];
    for (const [index, component] of given.entries()) {
      resolved.push(await resolveComponent(em, finished, component, index, seen));
    }
    return resolved;
  }
  const lines = await bomComponents(em, finished.sku, today());
  if (lines.length === 0) {
    throw new DocumentError(
      'VALIDATION_FAILED',
      `Item ${finished.sku} has no bill of materials in effect on ${today()}: give its components`,
      'components',
    );
  }
  const items = await em.find(Item, { sku: { $in: lines.map((line) => line.componentSku) } });
  const bySku = new Map(items.map((item) => [item.sku, item]));
  return lines.map((line) => ({
    item: bySku.get(line.componentSku) as Item,
    quantityPer: line.quantityPer,
    scrapPercent: line.scrapPercent,
    provision: 'ours' as const,
    customer: null,
  }));
}

/**
 * Stores a subcontract order (status `draft`, its process id recorded) with its components and returns it. Refusals,
 * before anything is written, each naming its field: unknown or deactivated supplier (supplierCode), item (itemSku)
 * or component (components[i].itemSku), a quantity not above zero (quantity), a warehouse that is unknown, virtual or
 * deactivated (warehouseCode), no fee given and no supplier price (feePerUnit), the item as its own component or a
 * component listed twice, a customer-provided component without a known customer (components[i].customerCode), no
 * components given and no BOM in effect (components). With `plannedRef`, an order already written for it is returned.
 */
export async function insertSubcontractOrder(
  em: EntityManager,
  input: SubcontractOrderInput,
  username: string,
): Promise<SubcontractOrder> {
  if (input.plannedRef !== undefined) {
    const existing = await em.findOne(SubcontractOrder, { plannedRef: input.plannedRef }, { populate: ['*'] });
    if (existing) return existing;
  }
  const supplier = await activeSupplier(em, input.supplierCode);
  const item = await activeItem(em, input.itemSku, 'itemSku');
  if (!(input.quantity > 0)) throw new DocumentError('VALIDATION_FAILED', 'quantity must be positive', 'quantity');
  const warehouse = await returnWarehouse(em, input.warehouseCode);
  const feePerUnit = await feeOf(em, input, supplier, item);
  const components = await componentsOf(em, item, input.components);
  const required = components.map((component, index) => requiredOf(input, component, index));

  const [seq] = await query<{ n: string }>(em, `select nextval('subcontract_order_number_seq') as n`);
  const orderNumber = `SC-${String(num(seq?.n)).padStart(6, '0')}`;
  const order = Object.assign(new SubcontractOrder(), {
    orderNumber,
    supplier,
    item,
    quantity: input.quantity,
    dueDate: input.dueDate,
    feePerUnit,
    warehouse,
    workflowId: subcontractOrderWorkflowId(orderNumber),
    plannedRef: input.plannedRef ?? null,
    createdBy: username,
  });
  for (const [index, component] of components.entries()) {
    order.components.add(
      Object.assign(new SubcontractOrderComponent(), {
        ...component,
        order,
        lineNo: index + 1,
        requiredQuantity: required[index],
      }),
    );
  }
  em.persist(order);
  await em.flush();
  return order;
}
