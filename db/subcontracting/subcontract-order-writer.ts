import type { EntityManager } from '@mikro-orm/postgresql';
import { type Item, ItemSupplier, Supplier, SubcontractOrder, SubcontractOrderComponent, Warehouse } from '../entities';
import { DocumentError } from '../errors';
import { num, query } from '../sql';
import { activeItem, componentsOf, requiredOf, type SubcontractComponentInput } from './order-components';

export type { SubcontractComponentInput } from './order-components';

/*
 * Writing a subcontract order, for every caller that creates one: the API (a planner's order) and MRP's release (an
 * approved planned subcontract order). Every refusal is a DocumentError naming its field and comes before anything is
 * written; the caller's transaction holds the order and its components together.
 */

/** The process id of an order's subcontract-order process (the process itself arrives with its workflow). */
export const subcontractOrderWorkflowId = (orderNumber: string) => `subcontract-order:${orderNumber}`;

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
  /** Omitted: the item's BOM in effect today, phantoms passed through, each line's provision kept. */
  components?: SubcontractComponentInput[];
  /**
   * The customer the order is made for: the customer-supplied lines of the BOM become that customer's components
   * (required when components are taken from a BOM that has any; not used with components given).
   */
  customerCode?: string;
  /** The MRP planned order it is released from (`<run>:<ref>`): one order per planned order. */
  plannedRef?: string;
}

async function activeSupplier(em: EntityManager, code: string): Promise<Supplier> {
  const supplier = await em.findOne(Supplier, { code });
  if (!supplier) throw new DocumentError('UNKNOWN_SUPPLIER', `No supplier ${code}`, 'supplierCode');
  if (!supplier.active) throw new DocumentError('RECORD_INACTIVE', `Supplier ${code} is deactivated`, 'supplierCode');
  return supplier;
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

/**
 * Stores a subcontract order (status `draft`, its process id recorded) with its components and returns it. Refusals,
 * before anything is written, each naming its field: unknown or deactivated supplier (supplierCode), item (itemSku)
 * or component (components[i].itemSku), a quantity not above zero (quantity), a warehouse that is unknown, virtual or
 * deactivated (warehouseCode), no fee given and no supplier price (feePerUnit), the item as its own component or a
 * component listed twice, a customer-provided component without a known customer (components[i].customerCode), no
 * components given and no BOM in effect (components), a BOM with customer-supplied lines and no known customer
 * (customerCode). With `plannedRef`, an order already written for it is returned.
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
  const components = await componentsOf(em, item, input.components, input.customerCode);
  const required = components.map((component, index) =>
    requiredOf(input.quantity, !!input.components?.length, component, index),
  );

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
