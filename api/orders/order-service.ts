import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import { BUSINESS_KEY, CURRENT_STEP, PROCESS_TYPE } from '../../workflows/search-attributes';
import {
  ORDER_FULFILLMENT,
  orderFulfillmentWorkflowId,
  type OrderFulfillmentInput,
} from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { ApiError } from '../errors';
import type { CreateOrderBody } from './order-schemas';

export interface OrderServiceDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  pickSlaMinutes: number;
  creditApprovalMinutes?: number;
  backorderTimeoutMinutes?: number;
}

/**
 * Creates the order in PostgreSQL, then starts its fulfillment workflow. The order commits first so the
 * workflow always finds it; if Temporal refuses the start, the order is removed again and the caller gets
 * a 503, so nothing is left half-written.
 */
/** An order to create: the API's body, plus prices carried over when a split creates the new order. */
export type NewOrder = Omit<CreateOrderBody, 'lines'> & {
  lines: Array<CreateOrderBody['lines'][number] & { unitPrice?: number }>;
};

export async function createOrder(deps: OrderServiceDeps, body: NewOrder, username: string) {
  const orderNumber = await deps.orm.em.fork().transactional((em) => insertOrder(em, body, username));
  const workflowId = orderFulfillmentWorkflowId(orderNumber);
  const input: OrderFulfillmentInput = {
    orderNumber,
    pickSlaMinutes: deps.pickSlaMinutes,
    requestedBy: username,
    creditApprovalMinutes: deps.creditApprovalMinutes,
    backorderTimeoutMinutes: deps.backorderTimeoutMinutes,
  };
  try {
    await deps.temporal.workflow.start('orderFulfillment', {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: PROCESS_TYPE, value: ORDER_FULFILLMENT },
        { key: BUSINESS_KEY, value: orderNumber },
        { key: CURRENT_STEP, value: 'started' },
      ],
    });
  } catch (error) {
    await query(deps.orm.em.fork(), 'delete from sales_order where order_number = ?', [orderNumber]);
    throw new ApiError('PROCESS_UNAVAILABLE', `The order could not be started: ${String(error)}`);
  }
  await deps.orm.em.fork().transactional(async (em) => {
    await query(
      em,
      `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                     updated_at) values (?, '', ?, ?, 'running', 'started', now(), now())
       on conflict (workflow_id) do nothing`,
      [workflowId, ORDER_FULFILLMENT, orderNumber],
    );
    await appendAudit(em, {
      actor: username,
      action: 'order.created',
      entityType: 'sales_order',
      entityId: orderNumber,
      workflowId,
      details: { customerCode: body.customerCode, lines: body.lines },
    });
  });
  return { orderNumber, workflowId };
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
