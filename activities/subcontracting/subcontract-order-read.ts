import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { LockMode } from '@mikro-orm/postgresql';
import { SubcontractOrder } from '../../db/entities';
import { num } from '../../db/sql';
import type { SubcontractOrderView } from '../../workflows/subcontract-order/subcontract-order.contract';

/** Quantities carry 3 decimals; rounding keeps float arithmetic from leaving 1e-16 remainders. */
export const round3 = (value: number) => Math.round(value * 1000) / 1000;
export const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** The document type and source type of every move and entry a subcontract order posts. */
export const SUBCONTRACT_DOCUMENT = 'subcontract-order';

/** Refuses a step with a message for people naming `field` (non-retryable: the workflow re-opens the task with it). */
export function refuse(type: 'SEND_REFUSED' | 'RECEIPT_REFUSED', message: string, field?: string): never {
  throw ApplicationFailure.nonRetryable(message, type, field === undefined ? {} : { field });
}

/** The order with its supplier, item, warehouse, components (with their item and owning customer) and deliveries; locked for the transaction if asked. */
export async function findOrder(em: EntityManager, orderNumber: string, lock = false): Promise<SubcontractOrder> {
  // The row lock first, on the order alone (FOR UPDATE cannot take the nullable side of the populate's outer joins).
  const order = await em.findOne(
    SubcontractOrder,
    { orderNumber },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!order) throw ApplicationFailure.nonRetryable(`No subcontract order ${orderNumber}`, 'NOT_FOUND');
  await em.populate(order, [
    'supplier',
    'item',
    'warehouse',
    'components',
    'components.item',
    'components.customer',
    'deliveries',
  ]);
  return order;
}

/** The finished quantity the order's deliveries brought (rejected ones, and what the quality gate sent back, excluded). */
export function deliveredOf(order: SubcontractOrder): number {
  const received = order.deliveries.getItems().filter((delivery) => delivery.status === 'received');
  return round3(
    received.reduce((sum, delivery) => sum + num(delivery.finishedQuantity) - num(delivery.rejectedQuantity), 0),
  );
}

/** Finished goods the quality gate sent back to the supplier's site and no later delivery has brought back yet. */
export function rejectedAtSupplierOf(order: SubcontractOrder): number {
  const deliveries = order.deliveries.getItems();
  const rejected = deliveries.reduce((sum, delivery) => sum + num(delivery.rejectedQuantity), 0);
  const redelivered = deliveries.reduce((sum, delivery) => sum + num(delivery.redeliveredQuantity), 0);
  return Math.max(0, round3(rejected - redelivered));
}

/** The order as the workflow sees it: header, running totals per component, what is still at the supplier. */
export function viewOf(order: SubcontractOrder): SubcontractOrderView {
  return {
    orderNumber: order.orderNumber,
    supplierCode: order.supplier.code,
    itemSku: order.item.sku,
    quantity: num(order.quantity),
    feePerUnit: num(order.feePerUnit),
    warehouseCode: order.warehouse.code,
    status: order.status,
    delivered: deliveredOf(order),
    components: order.components.getItems().map((line) => {
      const [sent, consumed, scrapped, returned] = [
        num(line.sentQuantity),
        num(line.consumedQuantity),
        num(line.scrappedQuantity),
        num(line.returnedQuantity),
      ];
      return {
        lineNo: line.lineNo,
        sku: line.item.sku,
        provision: line.provision,
        required: num(line.requiredQuantity),
        sent,
        consumed,
        scrapped,
        returned,
        atSupplier: round3(sent - consumed - scrapped - returned),
      };
    }),
  };
}
