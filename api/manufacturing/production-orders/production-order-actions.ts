import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appendAudit } from '../../../db/repositories/audit-repository';
import { ProductionOrder, type ProductionOrderStatus } from '../../../db/entities';
import {
  cancelProductionOrderSignal,
  dueDateChangedSignal,
  productionOrderWorkflowId,
} from '../../../workflows/production-order/production-order.contract';
import { ApiError } from '../../errors';
import type { PatchProductionOrderBody } from './production-order-schemas';

/** Statuses that take no more work: no cancel, no change. */
const FINISHED: ReadonlySet<ProductionOrderStatus> = new Set(['completed', 'closed', 'cancelled']);

function closedError(order: ProductionOrder, what: string): ApiError {
  return new ApiError('PRODUCTION_ORDER_CLOSED', `Production order ${order.number} is ${order.status}; ${what}`);
}

async function orderOf(em: EntityManager, number: string, lock = false): Promise<ProductionOrder> {
  const order = await em.findOne(ProductionOrder, { number }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!order) throw new ApiError('NOT_FOUND', `No production order ${number}`);
  return order;
}

/**
 * Tells the order's process its new due date (signal `dueDateChanged`), inside the caller's transaction: a failed
 * signal (Temporal unreachable: 503) rolls the row back, so the row and the escalation never disagree. An order not
 * yet released whose process has not started yet needs no signal (release reads the due date from the row); any
 * other order whose process has ended is refused as closed.
 */
async function signalDueDate(temporal: Client, order: ProductionOrder, dueDate: string): Promise<void> {
  try {
    await temporal.workflow
      .getHandle(productionOrderWorkflowId(order.number))
      .signal(dueDateChangedSignal, { dueDate });
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    if (order.status !== 'created') throw closedError(order, 'its process has ended');
  }
}

/**
 * Changes an order's planning data (note, priority, due date) in one transaction. The BOM and routing versions are
 * pinned at release from startDate and never change: a body naming `bomVersion` or `routingVersion` is refused
 * naming the field (409 FIELD_FROZEN once released; 400 before, since release picks them), with nothing written.
 * A new due date (the planner reschedules, also after release) moves the process's overdue escalation with it.
 */
export async function patchProductionOrder(
  deps: { orm: MikroORM; temporal: Client },
  number: string,
  body: PatchProductionOrderBody,
  username: string,
): Promise<{ number: string }> {
  return deps.orm.em.fork().transactional(async (em) => {
    const order = await orderOf(em, number, true);
    for (const field of ['bomVersion', 'routingVersion'] as const) {
      if (body[field] === undefined) continue;
      const what = field === 'bomVersion' ? 'BOM' : 'routing';
      if (order.status === 'created') {
        throw new ApiError(
          'VALIDATION_FAILED',
          `The ${what} version is not chosen by hand: release pins the one in effect on startDate ${order.startDate}`,
          field,
        );
      }
      throw new ApiError(
        'FIELD_FROZEN',
        `Production order ${number} is released with its ${what} version pinned; it never changes (a new ${what} ` +
          'version applies to orders released after it)',
        field,
      );
    }
    if (FINISHED.has(order.status)) throw closedError(order, 'it can no longer be changed');
    if (body.dueDate !== undefined && body.dueDate < order.startDate) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `dueDate ${body.dueDate} is before startDate ${order.startDate}`,
        'dueDate',
      );
    }
    const changes: Record<string, unknown> = {};
    if (body.note !== undefined) changes.note = body.note || null;
    if (body.priority !== undefined) changes.priority = body.priority;
    const rescheduled = body.dueDate !== undefined && body.dueDate !== order.dueDate;
    if (body.dueDate !== undefined) changes.dueDate = body.dueDate;
    em.assign(order, { ...changes, updatedAt: new Date() });
    await appendAudit(em, {
      actor: username,
      action: 'production-order.changed',
      entityType: 'production_order',
      entityId: number,
      workflowId: productionOrderWorkflowId(number),
      details: changes,
    });
    await em.flush();
    // Last, with the row written but not committed: a refused signal leaves nothing changed.
    if (rescheduled && body.dueDate !== undefined) await signalDueDate(deps.temporal, order, body.dueDate);
    return { number };
  });
}

/**
 * Asks the order's workflow to cancel (signal `cancel` {reason, by}); the workflow gives issued material back and
 * records the cancel. Refused with 409 PRODUCTION_ORDER_CLOSED once the order is completed, closed or cancelled,
 * or when its process has ended.
 */
export async function requestCancel(
  deps: { orm: MikroORM; temporal: Client },
  number: string,
  reason: string,
  username: string,
): Promise<{ number: string; workflowId: string; accepted: true }> {
  const order = await orderOf(deps.orm.em.fork(), number);
  if (FINISHED.has(order.status)) throw closedError(order, 'only an order not yet completed can be cancelled');
  const workflowId = productionOrderWorkflowId(number);
  try {
    await deps.temporal.workflow.getHandle(workflowId).signal(cancelProductionOrderSignal, { reason, by: username });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw closedError(order, 'its process has ended');
    throw error;
  }
  return { number, workflowId, accepted: true };
}
