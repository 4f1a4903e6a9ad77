import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lockProductionOrder,
  orderComponents,
  setProductionStatus,
  type ProductionOrderRow,
} from '../../db/repositories/production-order-repository';
import { issuedMoves, productionCost, wipByKind } from '../../db/repositories/production-cost-repository';
import { releaseReservations } from '../../db/repositories/stock-repository';
import { bookIntoWip } from './backflush';
import { returnComponent } from './component-moves';
import { refuse } from './production-refusals';
import type {
  CancelProductionOrderInput,
  CloseProductionOrderInput,
  PostedComponent,
  ProductionCost,
} from './production-types';

/** Production variance (POSTINGS.md): whatever WIP an order still holds when it is closed or cancelled. */
export const PRODUCTION_VARIANCE = '5500';

/** Posts the order's remaining WIP to production variance (Dr 5500 / Cr 1400, the reverse when negative). */
async function settleWip(em: EntityManager, order: ProductionOrderRow, key: string, userName: string): Promise<number> {
  const wip = [...(await wipByKind(em, order.id)).values()].reduce((sum, cents) => sum + cents, 0);
  await bookIntoWip(em, order, {
    kind: 'variance',
    account: PRODUCTION_VARIANCE,
    cents: -wip,
    description: `production variance of ${order.number}: what its WIP still held`,
    key,
    userName,
  });
  return wip / 100;
}

/**
 * Closes a released order whose work is over (completed, or all of it scrapped): the workflow's remaining
 * reservations go back, and whatever WIP the order still holds (material issued but not consumed, costs booked after
 * the last completion, scrap, rounding) goes to production variance, so its WIP ends at exactly 0.
 */
export async function closeOrder(em: EntityManager, input: CloseProductionOrderInput): Promise<ProductionCost> {
  const order = await lockProductionOrder(em, input.orderNumber);
  if (!order) return refuse('CLOSE_REFUSED', `Production order ${input.orderNumber} does not exist`, 'orderNumber');
  if (order.status === 'closed') return productionCost(em, order.id);
  // The workflow closes when nothing more can be received: all completed, or everything scrapped on the way.
  if (order.status === 'created' || order.status === 'cancelled') {
    return refuse(
      'CLOSE_REFUSED',
      `Production order ${order.number} is ${order.status}: there is nothing to close`,
      'status',
    );
  }
  await releaseReservations(em, input.workflowId);
  await settleWip(em, order, `production:${order.number}:close`, input.userName);
  await setProductionStatus(em, order.id, 'closed', { column: 'closed_at' });
  return productionCost(em, order.id);
}

/**
 * Cancels an order before any completion: its reservations go back, every issued component returns to the bin, lot
 * and status it came from at the value it was issued (`production-receipt`, Dr 1300 / Cr 1400), and what WIP is left
 * (labour and overhead applied) goes to production variance.
 */
export async function cancelOrder(
  em: EntityManager,
  input: CancelProductionOrderInput,
): Promise<ProductionCost & { returned: PostedComponent[] }> {
  const order = await lockProductionOrder(em, input.orderNumber);
  if (!order) return refuse('CANCEL_REFUSED', `Production order ${input.orderNumber} does not exist`, 'orderNumber');
  if (order.status === 'cancelled') return { ...(await productionCost(em, order.id)), returned: [] };
  if (order.status === 'completed' || order.status === 'closed' || order.completedQuantity > 0) {
    return refuse(
      'CANCEL_REFUSED',
      `Production order ${order.number} has finished goods received (${order.status}): it can no longer be cancelled`,
      'status',
    );
  }
  await releaseReservations(em, input.workflowId);
  const byLine = new Map((await orderComponents(em, order.id)).map((c) => [c.lineNo, c]));
  const returned: PostedComponent[] = [];
  for (const [index, issued] of (await issuedMoves(em, order.id)).entries()) {
    const component = byLine.get(issued.lineNo);
    if (!component) continue;
    returned.push(
      await returnComponent(em, order, component, issued, {
        key: `production:${order.number}:cancel:${index}`,
        userName: input.userName,
      }),
    );
  }
  await settleWip(em, order, `production:${order.number}:cancel:variance`, input.userName);
  await setProductionStatus(em, order.id, 'cancelled', { column: 'cancelled_at', cancelReason: input.reason });
  return { ...(await productionCost(em, order.id)), returned };
}
