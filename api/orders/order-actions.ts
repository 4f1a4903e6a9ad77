import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { query } from '../../db/sql';
import {
  cancelOrderUpdate,
  changeOrderLinesUpdate,
  ORDER_REJECTION,
} from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { ApiError, type ApiErrorCode } from '../errors';
import { updateRejection } from '../update-rejection';

const REJECTION_CODES: Record<string, ApiErrorCode> = {
  [ORDER_REJECTION.notCancellable]: 'ORDER_NOT_CANCELLABLE',
  [ORDER_REJECTION.notChangeable]: 'ORDER_NOT_CHANGEABLE',
  [ORDER_REJECTION.invalidChange]: 'ORDER_CHANGE_INVALID',
};

/** The running fulfillment of an order; 404 when there is no such order. */
async function workflowOf(orm: MikroORM, orderNumber: string): Promise<string> {
  const [row] = await query<{ workflow_id: string }>(
    orm.em.fork(),
    'select workflow_id from sales_order where order_number = ?',
    [orderNumber],
  );
  if (!row) throw new ApiError('NOT_FOUND', `No sales order ${orderNumber}`);
  return row.workflow_id;
}

/**
 * Asks the order's workflow to cancel: its validator refuses once the order has shipped (409); otherwise the
 * workflow runs the compensations (staged stock back to its bins, reservations released) and closes the order.
 */
export async function cancelOrder(
  deps: { orm: MikroORM; temporal: Client },
  orderNumber: string,
  reason: string,
  username: string,
): Promise<{ orderNumber: string; accepted: true; step: string }> {
  const workflowId = await workflowOf(deps.orm, orderNumber);
  try {
    const result = await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(cancelOrderUpdate, { args: [{ reason, requestedBy: username }] });
    return { orderNumber, ...result };
  } catch (error) {
    throw toApiError(error, orderNumber, 'ORDER_NOT_CANCELLABLE');
  }
}

/** Changes line quantities before picking; the workflow releases and re-allocates. */
export async function changeOrderLines(
  deps: { orm: MikroORM; temporal: Client },
  orderNumber: string,
  lines: Array<{ lineNo: number; quantity: number }>,
  username: string,
  extra: { addLines?: Array<{ itemSku: string; quantity: number; unitPrice?: number }>; reason?: string } = {},
): Promise<{ orderNumber: string; accepted: true }> {
  const workflowId = await workflowOf(deps.orm, orderNumber);
  try {
    const result = await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(changeOrderLinesUpdate, { args: [{ lines, changedBy: username, ...extra }] });
    return { orderNumber, ...result };
  } catch (error) {
    throw toApiError(error, orderNumber, 'ORDER_NOT_CHANGEABLE');
  }
}

function toApiError(error: unknown, orderNumber: string, ended: ApiErrorCode): Error {
  if (error instanceof WorkflowNotFoundError) return new ApiError(ended, `The process of ${orderNumber} has ended`);
  const rejection = updateRejection(error, REJECTION_CODES, /^(lines\[\d+\]\.\w+|lines|reason)/);
  if (rejection) return rejection;
  // Any other refusal of an update (a business rejection from the change activity) is still the order's refusal.
  if (error instanceof WorkflowUpdateFailedError) return new ApiError('ORDER_NOT_CHANGEABLE', rootMessage(error));
  return error as Error;
}

function rootMessage(error: Error): string {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current.message;
}
