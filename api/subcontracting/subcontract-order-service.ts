import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { SubcontractOrder } from '../../db/entities';
import { recordSubcontractChange, subcontractIsPlanned } from '../../db/planning/planning-changes';
import { appendAudit } from '../../db/repositories/audit-repository';
import { insertSubcontractOrder } from '../../db/subcontracting/subcontract-order-writer';
import { subcontractOrderStart } from '../../workflows/subcontract-order/subcontract-order.start';
import { num } from '../../db/sql';
import { ApiError } from '../errors';
import type { IntakeWork } from '../intake/intake';
import type { CreateSubcontractOrderBody } from './subcontract-order-schemas';

/** Statuses an order may be cancelled in (and only while nothing has been sent). */
const CANCELLABLE = new Set(['draft', 'approved']);

/**
 * Stores a draft subcontract order (db/subcontracting/subcontract-order-writer.ts) in the intake's transaction with
 * its audit entry and its process start (subcontract-order: approval, send, deliveries, close), committed to the outbox
 * with the order. Its refusals (DocumentError) answer 4xx naming the field, before anything is written.
 */
export async function createSubcontractOrder(
  em: EntityManager,
  body: CreateSubcontractOrderBody,
  username: string,
  taskQueue: string,
): Promise<IntakeWork<{ orderNumber: string; workflowId: string; status: 'draft' }>> {
  const order = await insertSubcontractOrder(em, body, username);
  const { orderNumber, workflowId } = order;
  return {
    body: { orderNumber, workflowId, status: 'draft' },
    starts: [subcontractOrderStart(orderNumber, username, taskQueue)],
    audit: {
      actor: username,
      action: 'subcontract-order.created',
      entityType: 'subcontract_order',
      entityId: orderNumber,
      workflowId,
      details: { ...body, feePerUnit: num(order.feePerUnit), warehouseCode: order.warehouse.code },
    },
  };
}

/**
 * Cancels a draft or approved order that has sent nothing, with the reason, who and when, and an audit entry, in one
 * transaction with the order row locked (a concurrent send or cancel waits and then sees the new state). Anything
 * else is refused: 404 for no such order, 409 ORDER_NOT_CANCELLABLE naming why.
 */
export async function cancelSubcontractOrder(orm: MikroORM, orderNumber: string, reason: string, username: string) {
  return orm.em.fork().transactional(async (em) => {
    const order = await em.findOne(
      SubcontractOrder,
      { orderNumber },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['components'] },
    );
    if (!order) throw new ApiError('NOT_FOUND', `No subcontract order ${orderNumber}`);
    if (!CANCELLABLE.has(order.status)) {
      throw new ApiError(
        'ORDER_NOT_CANCELLABLE',
        `Subcontract order ${orderNumber} is ${order.status}; only a draft or approved order can be cancelled`,
      );
    }
    if (order.components.getItems().some((component) => num(component.sentQuantity) > 0)) {
      throw new ApiError(
        'ORDER_NOT_CANCELLABLE',
        `Components of subcontract order ${orderNumber} are already at the supplier; they come back before it is cancelled`,
      );
    }
    // An approved order (or a draft an MRP release wrote) was planning's supply and demand; a hand-made draft never was.
    if (subcontractIsPlanned(order)) {
      await recordSubcontractChange(em, {
        orderNumber,
        workflowId: order.workflowId,
        reason: `subcontract order ${orderNumber} cancelled`,
        requestedBy: username,
      });
    }
    Object.assign(order, {
      status: 'cancelled',
      cancelledReason: reason,
      cancelledBy: username,
      cancelledAt: new Date(),
      updatedAt: new Date(),
    });
    await appendAudit(em, {
      actor: username,
      action: 'subcontract-order.cancelled',
      entityType: 'subcontract_order',
      entityId: orderNumber,
      workflowId: order.workflowId,
      details: { reason },
    });
    return { orderNumber, workflowId: order.workflowId, status: 'cancelled' as const };
  });
}
