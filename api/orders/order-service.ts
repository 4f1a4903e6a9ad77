import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { orderItemIds, recordPlanningChange } from '../../db/planning/planning-changes';
import { num, query } from '../../db/sql';
import { orderFulfillmentWorkflowId } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { orderFulfillmentStart } from '../../workflows/order-fulfillment/order-fulfillment.start';
import { ApiError } from '../errors';
import type { IntakeContext, IntakeWork } from '../intake/intake';
import type { CreateOrderBody } from './order-schemas';

export interface OrderServiceDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  pickSlaMinutes: number;
  creditApprovalMinutes?: number;
  backorderTimeoutMinutes?: number;
  /** How create requests are taken in (idempotency key, outbox, start after the commit). */
  intake: IntakeContext;
}

/** An order to create: the API's body, plus prices carried over when a split creates the new order. */
export type NewOrder = Omit<CreateOrderBody, 'lines'> & {
  lines: Array<CreateOrderBody['lines'][number] & { unitPrice?: number }>;
};

/**
 * Stores the order in the intake's transaction and queues its fulfillment start with it: the order and its process
 * commit together or not at all (the start itself happens after the commit, see api/intake/intake.ts).
 */
export async function placeOrder(
  em: EntityManager,
  deps: OrderServiceDeps,
  body: NewOrder,
  username: string,
): Promise<IntakeWork<{ orderNumber: string; workflowId: string }>> {
  const orderNumber = await insertOrder(em, body, username);
  await recordPlanningChange(em, {
    itemIds: await orderItemIds(em, orderNumber),
    reason: `sales order ${orderNumber} placed`,
    documentRef: orderNumber,
    requestedBy: username,
    taskQueue: deps.taskQueue,
  });
  const start = orderFulfillmentStart(orderNumber, username, deps);
  return {
    body: { orderNumber, workflowId: start.workflowId },
    starts: [start],
    audit: {
      actor: username,
      action: 'order.created',
      entityType: 'sales_order',
      entityId: orderNumber,
      workflowId: start.workflowId,
      details: { customerCode: body.customerCode, lines: body.lines },
    },
  };
}

async function insertOrder(em: EntityManager, body: NewOrder, username: string): Promise<string> {
  const [customer] = await query<{ id: number; active: boolean }>(
    em,
    'select id, active from customer where code = ?',
    [body.customerCode],
  );
  if (!customer) throw new ApiError('UNKNOWN_CUSTOMER', `No customer ${body.customerCode}`, 'customerCode');
  if (!customer.active) {
    throw new ApiError('RECORD_INACTIVE', `Customer ${body.customerCode} is deactivated`, 'customerCode');
  }
  const itemIds: number[] = [];
  for (const [index, line] of body.lines.entries()) {
    const [item] = await query<{ id: number; active: boolean }>(em, 'select id, active from item where sku = ?', [
      line.itemSku,
    ]);
    if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${line.itemSku}`, `lines[${index}].itemSku`);
    if (!item.active) {
      throw new ApiError('RECORD_INACTIVE', `Item ${line.itemSku} is deactivated`, `lines[${index}].itemSku`);
    }
    itemIds.push(item.id);
  }
  const [seq] = await query<{ n: string }>(em, `select nextval('sales_order_number_seq') as n`);
  const orderNumber = `SO-${String(num(seq?.n)).padStart(6, '0')}`;
  const [order] = await query<{ id: number }>(
    em,
    `insert into sales_order (order_number, customer_id, status, requested_date, workflow_id, created_by, created_at,
                              updated_at) values (?, ?, 'open', ?, ?, ?, now(), now()) returning id`,
    [orderNumber, customer.id, body.requestedDate ?? null, orderFulfillmentWorkflowId(orderNumber), username],
  );
  for (const [index, line] of body.lines.entries()) {
    // The price is fixed when the order is placed: later list-price changes do not re-price it.
    await query(
      em,
      `insert into sales_order_line (order_id, line_no, item_id, quantity, unit_price)
       select ?, ?, id, ?, coalesce(?, list_price) from item where id = ?`,
      [order?.id, index + 1, line.quantity, line.unitPrice ?? null, itemIds[index]],
    );
  }
  return orderNumber;
}
