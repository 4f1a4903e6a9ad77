import type { EntityManager } from '@mikro-orm/postgresql';
import { insertProductionOrder } from '../../../db/manufacturing/production-order-writer';
import { productionOrderWorkflowId } from '../../../workflows/production-order/production-order.contract';
import { productionOrderStart } from '../../../workflows/production-order/production-order.start';
import type { IntakeWork } from '../../intake/intake';
import type { CreateProductionOrderBody } from './production-order-schemas';

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
 * Stores a production order (status `created`, db/manufacturing/production-order-writer.ts) in the intake's
 * transaction and queues its `productionOrder` process with it, which releases it (pins the BOM and routing effective
 * on startDate). Every refusal (a DocumentError, answered 4xx) names its field and comes before anything is written: unknown or not-'make' item (itemSku), no BOM or routing in effect on the start
 * date (startDate), a due date before the start date (dueDate), an unknown or virtual warehouse (warehouseCode).
 */
export async function createProductionOrder(
  em: EntityManager,
  body: CreateProductionOrderBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<CreatedProductionOrder>> {
  const order = await insertProductionOrder(em, body, username);
  const { number, item, warehouse, startDate } = order;
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
