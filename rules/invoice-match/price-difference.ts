import { distribute } from '../cost-distribution';

/** Where a receipt's goods are now: its layer's remainder, and what each consuming move took and booked against. */
export interface ReceiptWhereabouts {
  /** Still on hand in the receipt's layer (or the moving-average pool's share of it). */
  onHandQuantity: number;
  issued: Array<{ moveId: number; quantity: number; account: string }>;
}

/** A price difference split by the after-the-fact rule: cents to the layer on hand, and per account issued. */
export interface PriceDifferenceSplit {
  onHandCents: number;
  issued: Array<{ moveId: number; account: string; cents: number }>;
}

/**
 * Splits a receipt's invoice price difference (cents, signed) over where its goods are now, in proportion to the
 * quantities (POSTINGS.md's after-the-fact rule): the part on hand re-values the layer (1300), each issued part goes
 * to the account its issue booked. Largest-remainder rounding, so the parts always add up to the difference. With
 * nothing on hand and nothing traced (should not happen), all of it counts as issued to `fallbackAccount`.
 */
export function splitPriceDifference(
  differenceCents: number,
  where: ReceiptWhereabouts,
  fallbackAccount: string,
): PriceDifferenceSplit {
  const targets = [
    { id: 'on-hand', basisValue: Math.max(0, where.onHandQuantity) },
    ...where.issued.map((issue, index) => ({ id: `issue-${index}`, basisValue: Math.max(0, issue.quantity) })),
  ];
  if (differenceCents === 0) return { onHandCents: 0, issued: [] };
  if (targets.every((target) => target.basisValue === 0)) {
    return { onHandCents: 0, issued: [{ moveId: 0, account: fallbackAccount, cents: differenceCents }] };
  }
  const shares = distribute(differenceCents, targets, 'largest-remainder');
  return {
    onHandCents: shares[0]?.cents ?? 0,
    issued: where.issued
      .map((issue, index) => ({ moveId: issue.moveId, account: issue.account, cents: shares[index + 1]?.cents ?? 0 }))
      .filter((share) => share.cents !== 0),
  };
}
