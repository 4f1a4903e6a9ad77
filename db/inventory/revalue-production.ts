import type { EntityManager } from '@mikro-orm/postgresql';
import { insertProductionCost } from '../repositories/production-cost-repository';
import { num, query } from '../sql';
import { WORK_IN_PROGRESS } from './move-types';

/*
 * The after-the-fact rule for goods issued to a production order (POSTINGS.md): a cost difference found later (an
 * invoice's price difference, a backdated receipt re-valuing FIFO) follows the goods into the order. While the order
 * is open it goes to its WIP (1400) and onto the order as a `material-revaluation` cost row, so completion and close
 * see it; once the order is closed or cancelled its WIP is 0 and must stay so: the difference goes to production
 * variance (5500), and the order shows it as a `late-revaluation` row with a `variance` row against it.
 */

/** Production variance (POSTINGS.md 5500), where a closed order's late cost differences go. */
export const PRODUCTION_VARIANCE = '5500';

/** Order statuses after which the order's WIP is settled (0) for good. */
const SETTLED = new Set(['closed', 'cancelled']);

/** A share of a cost difference that belongs to one issue move (cents, signed: positive, the issue cost more). */
export interface IssuedShare {
  moveId: number;
  cents: number;
}

/** An issued share traced to the production order its move issued into, with the account it books. */
export interface OrderShare extends IssuedShare {
  orderId: number;
  orderNumber: string;
  componentLineNo: number;
  /** The order was closed or cancelled: the share books to 5500, not 1400. */
  afterClose: boolean;
  account: string;
}

/**
 * The shares that belong to production issues, traced by the issue's own cost row to its order and component line
 * (shares of other moves are left out: they book to the account their move stored). Shares of one move are summed.
 */
export async function productionShares(em: EntityManager, shares: readonly IssuedShare[]): Promise<OrderShare[]> {
  const byMove = new Map<number, number>();
  for (const share of shares) {
    if (share.moveId > 0) byMove.set(share.moveId, (byMove.get(share.moveId) ?? 0) + share.cents);
  }
  if (byMove.size === 0) return [];
  const traced = await query<Record<string, unknown>>(
    em,
    `select distinct on (stock_move_id) stock_move_id, production_order_id, component_line_no from production_cost
      where stock_move_id in (?) and kind in ('material', 'backflush') order by stock_move_id, id`,
    [[...byMove.keys()]],
  );
  if (traced.length === 0) return [];
  // Locked as a close locks them: a close either ran before (its order is settled, the share goes to variance) or
  // waits for this posting and then sends the share to variance with the rest of the order's WIP.
  const orders = await query<{ id: number; number: string; status: string }>(
    em,
    'select id, number, status from production_order where id in (?) order by id for update',
    [[...new Set(traced.map((r) => num(r.production_order_id)))]],
  );
  const orderOf = new Map(orders.map((o) => [num(o.id), o]));
  return traced
    .map((r): OrderShare => {
      const order = orderOf.get(num(r.production_order_id));
      const afterClose = SETTLED.has(String(order?.status));
      return {
        moveId: num(r.stock_move_id),
        cents: byMove.get(num(r.stock_move_id)) ?? 0,
        orderId: num(r.production_order_id),
        orderNumber: String(order?.number),
        componentLineNo: num(r.component_line_no),
        afterClose,
        account: afterClose ? PRODUCTION_VARIANCE : WORK_IN_PROGRESS,
      };
    })
    .filter((share) => share.cents !== 0);
}

/**
 * Writes the traced shares onto their orders once their journal entry is posted (`journalEntryId`), each keyed
 * `<key>:<move>`, so a retried posting (whose entry is found again by its key) writes nothing twice. An open order's
 * share also raises its component's issued value, so a later completion relieves the corrected material cost.
 */
export async function recordProductionShares(
  em: EntityManager,
  shares: readonly OrderShare[],
  posting: { journalEntryId: number | null; key: string; userName: string; at: Date },
): Promise<void> {
  for (const share of shares) {
    const key = `${posting.key}:${share.moveId}`;
    const row = {
      orderId: share.orderId,
      componentLineNo: share.componentLineNo,
      amountCents: share.cents,
      journalEntryId: posting.journalEntryId,
      stockMoveId: share.moveId,
      reportedBy: posting.userName,
      effectiveAt: posting.at,
    };
    if (share.afterClose) {
      const written = await insertProductionCost(
        em,
        { ...row, kind: 'late-revaluation', idempotencyKey: key },
        { onConflict: 'skip' },
      );
      if (written) {
        await insertProductionCost(em, {
          ...row,
          // The line stays named: the timeline tells this variance from the close's (which names none).
          kind: 'variance',
          stockMoveId: null,
          amountCents: -share.cents,
          idempotencyKey: `${key}:variance`,
        });
      }
      continue;
    }
    const written = await insertProductionCost(
      em,
      { ...row, kind: 'material-revaluation', idempotencyKey: key },
      { onConflict: 'skip' },
    );
    if (written) {
      await query(
        em,
        `update production_order_component set issued_value = issued_value + ?
          where production_order_id = ? and line_no = ?`,
        [share.cents / 100, share.orderId, share.componentLineNo],
      );
    }
  }
}
