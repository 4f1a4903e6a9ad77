import type { EntityManager } from '@mikro-orm/postgresql';
import { Bom, Item, ProductionOrder, Routing, Warehouse } from '../../../db/entities';
import { num, query } from '../../../db/sql';
import { productionOrderWorkflowId } from '../../../workflows/production-order/production-order.contract';
import { productionOrderStart } from '../../../workflows/production-order/production-order.start';
import { ApiError } from '../../errors';
import type { IntakeWork } from '../../intake/intake';
import type { CreateProductionOrderBody } from './production-order-schemas';

const today = () => new Date().toISOString().slice(0, 10);

/** The warehouse named, or the first-ranked active physical one; virtual or inactive ones are refused. */
async function orderWarehouse(em: EntityManager, code: string | undefined): Promise<Warehouse> {
  if (code === undefined) {
    const [first] = await em.find(
      Warehouse,
      { active: true, virtual: false },
      { orderBy: { priority: 'asc', code: 'asc' }, limit: 1 },
    );
    if (!first)
      throw new ApiError('UNKNOWN_WAREHOUSE', 'There is no active warehouse to make goods in', 'warehouseCode');
    return first;
  }
  const warehouse = await em.findOne(Warehouse, { code });
  if (!warehouse) throw new ApiError('UNKNOWN_WAREHOUSE', `No warehouse ${code}`, 'warehouseCode');
  if (warehouse.virtual || !warehouse.active) {
    const why = warehouse.virtual ? 'virtual (it holds customer material)' : 'deactivated';
    throw new ApiError('UNKNOWN_WAREHOUSE', `Warehouse ${code} is ${why}; goods are made in our own`, 'warehouseCode');
  }
  return warehouse;
}

/** The item to make: known, active, and made here (supply type 'make'). */
async function madeItem(em: EntityManager, sku: string): Promise<Item> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${sku}`, 'itemSku');
  if (!item.active) throw new ApiError('RECORD_INACTIVE', `Item ${sku} is deactivated`, 'itemSku');
  if (item.supplyType !== 'make') {
    throw new ApiError(
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
    throw new ApiError(
      'VALIDATION_FAILED',
      `Item ${item.sku} has no ${missing.join(' and no ')} in effect on ${startDate}`,
      'startDate',
    );
  }
}

/** What `POST /api/production-orders` answers. */
export interface CreatedProductionOrder {
  number: string;
  workflowId: string;
  itemSku: string;
  quantity: number;
  warehouseCode: string;
  dueDate: string;
  startDate: string;
  priority: number;
  status: 'created';
}

/**
 * Stores a production order (status `created`) in the intake's transaction and queues its `productionOrder` process
 * with it, which releases it (pins the BOM and routing effective on startDate). Every refusal names its field and
 * comes before anything is written: unknown or not-'make' item (itemSku), no BOM or routing in effect on the start
 * date (startDate), a due date before the start date (dueDate), an unknown or virtual warehouse (warehouseCode).
 */
export async function createProductionOrder(
  em: EntityManager,
  body: CreateProductionOrderBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<CreatedProductionOrder>> {
  const startDate = body.startDate ?? today();
  const item = await madeItem(em, body.itemSku);
  await requireVersionsOn(em, item, startDate);
  if (body.dueDate < startDate) {
    throw new ApiError('VALIDATION_FAILED', `dueDate ${body.dueDate} is before startDate ${startDate}`, 'dueDate');
  }
  const warehouse = await orderWarehouse(em, body.warehouseCode);

  const [seq] = await query<{ n: string }>(em, `select nextval('production_order_seq') as n`);
  const number = `PRD-${String(num(seq?.n)).padStart(6, '0')}`;
  const order = Object.assign(new ProductionOrder(), {
    number,
    item,
    quantity: body.quantity,
    warehouse,
    dueDate: body.dueDate,
    startDate,
    priority: body.priority ?? 100,
    note: body.note || null,
    createdBy: username,
  });
  em.persist(order);
  await em.flush();

  const workflowId = productionOrderWorkflowId(number);
  return {
    body: {
      number,
      workflowId,
      itemSku: item.sku,
      quantity: order.quantity,
      warehouseCode: warehouse.code,
      dueDate: order.dueDate,
      startDate,
      priority: order.priority,
      status: 'created',
    },
    starts: [productionOrderStart(number, username, taskQueue)],
    audit: {
      actor: username,
      action: 'production-order.created',
      entityType: 'production_order',
      entityId: number,
      workflowId,
      details: { ...body, startDate, warehouseCode: warehouse.code },
    },
  };
}
