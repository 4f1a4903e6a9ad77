import { round6 } from '../manufacturing/quantities';
import type { Bucket, ExceptionMessage, GridRow, PlanningItem, SupplyKind } from './types';

/** An existing supply after netting: where it arrived (its bucket) and what it serves. */
export interface NettedSupply {
  ref: string;
  kind: SupplyKind;
  quantity: number;
  arrival: number;
  date: string;
  /** The date of the first demand it serves (null: none), kept whether or not the netting records pegs. */
  firstNeed: string | null;
}

/**
 * Defer and cancel messages for existing receipts (purchase, production and subcontract orders, transit): a receipt
 * whose first demand comes buckets after it arrives, and without which projected on hand would still keep safety
 * stock until then, should move to that bucket; one that serves no demand in the horizon and is not needed for
 * safety stock should be cancelled. On-hand stock gets no message. (Expedite is raised while netting.)
 */
export function exceptionsForSupplies(
  item: PlanningItem,
  buckets: ReadonlyArray<Bucket>,
  rows: ReadonlyArray<GridRow>,
  supplies: ReadonlyArray<NettedSupply>,
): ExceptionMessage[] {
  const messages: ExceptionMessage[] = [];
  const spare = (from: number, to: number, quantity: number) =>
    rows.slice(from, to).every((row) => round6(row.projectedOnHand - quantity) >= item.safetyStock);
  for (const supply of supplies) {
    if (supply.kind === 'on-hand' || supply.arrival >= buckets.length) continue;
    const firstNeed = supply.firstNeed;
    if (firstNeed === null) {
      if (spare(supply.arrival, rows.length, supply.quantity)) {
        messages.push({
          kind: 'cancel',
          sku: item.sku,
          ref: supply.ref,
          fromDate: supply.date,
          toDate: null,
          quantity: supply.quantity,
          message: `Cancel ${supply.ref} (${supply.quantity} of ${item.sku}, due ${supply.date}): nothing in the horizon needs it`,
        });
      }
      continue;
    }
    const needBucket = buckets.findIndex((bucket) => firstNeed < bucket.end);
    if (needBucket > supply.arrival && spare(supply.arrival, needBucket, supply.quantity)) {
      messages.push({
        kind: 'defer',
        sku: item.sku,
        ref: supply.ref,
        fromDate: supply.date,
        toDate: buckets[needBucket]!.start,
        quantity: supply.quantity,
        message: `Defer ${supply.ref} (${supply.quantity} of ${item.sku}) from ${supply.date} to ${buckets[needBucket]!.start}: nothing needs it earlier`,
      });
    }
  }
  return messages;
}
