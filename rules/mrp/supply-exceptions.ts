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
  for (const supply of supplies) {
    if (supply.kind === 'on-hand' || supply.arrival >= buckets.length) continue;
    const firstNeed = supply.firstNeed;
    if (firstNeed === null) {
      if (spare(rows, supply.arrival, rows.length, supply.quantity, item.safetyStock)) {
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
    const needBucket = bucketEndingAfter(buckets, firstNeed);
    if (needBucket > supply.arrival && spare(rows, supply.arrival, needBucket, supply.quantity, item.safetyStock)) {
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

/** Whether projected on hand keeps safety stock in rows [from, to) without `quantity`. */
function spare(rows: ReadonlyArray<GridRow>, from: number, to: number, quantity: number, safety: number): boolean {
  for (let b = from; b < Math.min(to, rows.length); b += 1) {
    if (!(round6(rows[b]!.projectedOnHand - quantity) >= safety)) return false; // as every(>=) would, NaN too
  }
  return true;
}

/** The first bucket that ends after `date` (-1: none). */
function bucketEndingAfter(buckets: ReadonlyArray<Bucket>, date: string): number {
  for (let b = 0; b < buckets.length; b += 1) if (date < buckets[b]!.end) return b;
  return -1;
}
