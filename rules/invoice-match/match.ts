import type { InvoiceMatchPolicy } from '../rule-sets';

/** One invoice line beside what its purchase-order line received (money in currency units, quantities in units). */
export interface LineMatchInput {
  lineNo: number;
  invoicedQuantity: number;
  invoiceUnitPrice: number;
  /** The receipt price of the quantity this line clears (receipts oldest first). */
  receiptUnitPrice: number;
  /** Received on the order line and not yet invoiced by another invoice, before this one. */
  openReceivedQuantity: number;
}

/** How one line stands against its tolerances; variances and bases are net amounts in cents. */
export interface LineMatch {
  lineNo: number;
  priceVarianceCents: number;
  priceBaseCents: number;
  priceWithin: boolean;
  quantityVarianceCents: number;
  quantityBaseCents: number;
  quantityWithin: boolean;
  within: boolean;
}

const cents = (amount: number) => Math.round(amount * 100);

/** Within when at most `percent` of the base AND (when set) at most the absolute amount: the stricter applies. */
function withinTolerance(varianceCents: number, baseCents: number, percent: number, amount: number | null): boolean {
  const magnitude = Math.abs(varianceCents);
  // Compared in hundredths of a cent so a percentage of a cent amount is exact enough (no float drift at the edge).
  if (magnitude * 10_000 > Math.round(Math.abs(baseCents) * percent * 100)) return false;
  return amount === null || magnitude <= cents(amount);
}

/**
 * The three-way match of one line: price (invoice against receipt price, on the invoiced quantity) and quantity
 * (invoiced against received-not-yet-invoiced, at the receipt price), both as net amounts, against the policy.
 */
export function matchLine(input: LineMatchInput, policy: InvoiceMatchPolicy): LineMatch {
  const priceBaseCents = cents(input.receiptUnitPrice * input.invoicedQuantity);
  const priceVarianceCents = cents(input.invoiceUnitPrice * input.invoicedQuantity) - priceBaseCents;
  const quantityBaseCents = cents(input.openReceivedQuantity * input.receiptUnitPrice);
  const quantityVarianceCents =
    quantityBaseCents - cents(Math.min(input.invoicedQuantity, input.openReceivedQuantity) * input.receiptUnitPrice);
  const priceWithin = withinTolerance(
    priceVarianceCents,
    priceBaseCents,
    policy.priceTolerancePercent,
    policy.priceToleranceAmount,
  );
  const quantityWithin = withinTolerance(
    quantityVarianceCents,
    quantityBaseCents,
    policy.quantityTolerancePercent,
    policy.quantityToleranceAmount,
  );
  return {
    lineNo: input.lineNo,
    priceVarianceCents,
    priceBaseCents,
    priceWithin,
    quantityVarianceCents,
    quantityBaseCents,
    quantityWithin,
    within: priceWithin && quantityWithin,
  };
}
