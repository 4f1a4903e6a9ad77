import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConfirmedPick } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { consumeReservation, type ActiveReservation } from '../../db/repositories/stock-repository';
import { round3 } from './reserve-order-stock';

/** The instance's reservations a confirmed pick draws on: same line, location and lot, something left. */
export function reservationsFor(reservations: ActiveReservation[], pick: ConfirmedPick): ActiveReservation[] {
  return reservations.filter(
    (r) =>
      r.lineNo === pick.lineNo &&
      r.locationCode === pick.locationCode &&
      (r.lotCode ?? null) === (pick.lotCode ?? null) &&
      r.quantity > 0,
  );
}

/**
 * Uses `quantity` of these reservations in order (the move that takes the stock is posted by the caller), keeping
 * their in-memory quantities current for later picks. False, and nothing written, when they hold less.
 */
export async function consumeReservations(
  em: EntityManager,
  sources: ActiveReservation[],
  quantity: number,
): Promise<boolean> {
  if (round3(sources.reduce((sum, r) => sum + r.quantity, 0)) < quantity) return false;
  let open = quantity;
  for (const reservation of sources) {
    if (open <= 0) break;
    const take = Math.min(open, reservation.quantity);
    await consumeReservation(em, reservation, take);
    reservation.quantity = round3(reservation.quantity - take);
    open = round3(open - take);
  }
  return true;
}
