import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lockProductionOrder,
  orderComponents,
  setProductionStatus,
  type ComponentRow,
} from '../../db/repositories/production-order-repository';
import { productionCost } from '../../db/repositories/production-cost-repository';
import {
  consumeReservation,
  lockActiveReservations,
  releaseReservation,
  releaseReservations,
} from '../../db/repositories/stock-repository';
import { query } from '../../db/sql';
import { issueComponent } from './component-moves';
import { refuseOtherOwner } from './component-owner';
import { checkQuantity, refuse, round3 } from './production-refusals';
import type { IssueKitInput, IssueResult, KitIssuePick, PostedComponent } from './production-types';
import { KIT_STATUSES } from './reserve-kit';

/**
 * Refuses a pick from an expired lot or from stock that is not available (quarantined, blocked): the books would
 * only say "not enough available stock", the clerk needs to know why.
 */
async function checkLot(em: EntityManager, component: ComponentRow, pick: KitIssuePick, index: number): Promise<void> {
  const rows = await query<{ status: string; expired: boolean; expires_on: string | null }>(
    em,
    `select b.status, coalesce(lot.expires_on < current_date, false) as expired,
            to_char(lot.expires_on, 'YYYY-MM-DD') as expires_on
       from stock_balance b join location l on l.id = b.location_id left join lot on lot.id = b.lot_id
      where b.item_id = ? and l.code = ? and coalesce(lot.code, '') = coalesce(?, '') and b.quantity > 0`,
    [component.itemId, pick.location, pick.lotCode],
  );
  const what = `${component.sku} lot ${pick.lotCode ?? '(none)'} at ${pick.location}`;
  const expired = rows.find((r) => r.expired);
  if (expired) refuse('ISSUE_REFUSED', `${what} expired on ${expired.expires_on}`, `picks[${index}].lotCode`);
  if (rows.length > 0 && !rows.some((r) => r.status === 'available')) {
    refuse('ISSUE_REFUSED', `${what} is ${rows[0]?.status}: it cannot be issued`, `picks[${index}].lotCode`);
  }
}

/**
 * Issues the picked kit: per pick a `production-issue` move (Dr 1400 / Cr 1300 at FIFO cost), taken from the
 * workflow's reservation of that line, bin and lot where there is one. Refuses an unknown or backflushed line, more
 * than a component requires, an expired or quarantined lot, another owner's stock (a customer's material for our line,
 * ours for a customer-supplied one, which moves the customer's stock at no value). Reservations of lines issued in
 * full are released.
 */
export async function issueKit(
  em: EntityManager,
  input: IssueKitInput,
  key: string,
): Promise<IssueResult & { issued: PostedComponent[] }> {
  const order = await lockProductionOrder(em, input.orderNumber);
  if (!order) return refuse('ISSUE_REFUSED', `Production order ${input.orderNumber} does not exist`, 'orderNumber');
  if (!KIT_STATUSES.has(order.status)) {
    return refuse(
      'ISSUE_REFUSED',
      `Production order ${order.number} is ${order.status}: nothing can be issued`,
      'status',
    );
  }
  const components = await orderComponents(em, order.id);
  const byLine = new Map(components.map((c) => [c.lineNo, c]));
  const reservations = await lockActiveReservations(em, input.workflowId);
  const issued = new Map<number, number>();
  const posted: PostedComponent[] = [];
  for (const [index, pick] of input.picks.entries()) {
    const component = byLine.get(pick.lineNo);
    if (!component)
      refuse('ISSUE_REFUSED', `Order ${order.number} has no component line ${pick.lineNo}`, `picks[${index}].lineNo`);
    if (component.issueMode === 'backflush') {
      refuse(
        'ISSUE_REFUSED',
        `Line ${pick.lineNo} (${component.sku}) is backflushed at its report, not picked`,
        `picks[${index}].lineNo`,
      );
    }
    checkQuantity('ISSUE_REFUSED', `picks[${index}].quantity`, pick.quantity);
    if (pick.quantity <= 0) refuse('ISSUE_REFUSED', 'A pick needs a quantity above 0', `picks[${index}].quantity`);
    const total = round3((issued.get(pick.lineNo) ?? component.issuedQuantity) + pick.quantity);
    if (total > component.requiredQuantity) {
      refuse(
        'ISSUE_REFUSED',
        `Line ${pick.lineNo} (${component.sku}) requires ${component.requiredQuantity}: ${total} would be more than that`,
        `picks[${index}].quantity`,
      );
    }
    await checkLot(em, component, pick, index);
    await refuseOtherOwner(em, component, pick, index);
    const reservation = reservations.find(
      (r) =>
        r.lineNo === pick.lineNo && r.locationCode === pick.location && r.lotCode === pick.lotCode && r.quantity > 0,
    );
    const fromReserved = reservation !== undefined && reservation.quantity >= pick.quantity;
    if (reservation && fromReserved) {
      await consumeReservation(em, reservation, pick.quantity);
      reservation.quantity = round3(reservation.quantity - pick.quantity);
    } else if (reservation) {
      // Picked more here than was reserved here: the reservation goes back and the whole pick comes from free stock.
      await releaseReservation(em, reservation);
      reservation.quantity = 0;
    }
    posted.push(
      await issueComponent(
        em,
        order,
        component,
        { ...pick, fromReserved },
        {
          kind: 'material',
          key: `production:${order.number}:${key}:${index}`,
          userName: input.userName,
        },
      ),
    );
    issued.set(pick.lineNo, total);
  }
  const done = new Set(
    components.filter((c) => (issued.get(c.lineNo) ?? c.issuedQuantity) >= c.requiredQuantity).map((c) => c.lineNo),
  );
  await releaseReservations(em, input.workflowId, (r) => done.has(r.lineNo));
  await setProductionStatus(em, order.id, 'in-progress');
  const kitComplete = components.every((c) => c.issueMode === 'backflush' || done.has(c.lineNo));
  return { issued: posted, kitComplete, cost: await productionCost(em, order.id) };
}
