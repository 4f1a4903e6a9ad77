import { ApiError } from '../errors';

/** Amounts are numeric(18,2): a line above this is a typing error, refused before the database would. */
const MAX_LINE_CENTS = 100_000_000_000;

/** One invoice line ready to store: what it is against (an order line or a delivery), its net and tax in cents. */
export interface PricedLine {
  quantity: number;
  unitPrice: number;
  taxRate: number;
  netCents: number;
  taxCents: number;
  orderLineId: number | null;
  deliveryId: number | null;
}

/** The order an invoice is against (exactly one of the two ids) and its lines. */
export interface InvoicedOrder {
  purchaseOrderId: number | null;
  subcontractOrderId: number | null;
  lines: PricedLine[];
}

/** Prices line `index` (net = quantity x unit price to the cent, tax on the net), refusing an absurd amount. */
export function priceLine(
  line: { quantity: number; unitPrice: number; taxRate: number },
  index: number,
  against: { orderLineId: number | null; deliveryId: number | null },
): PricedLine {
  const netCents = Math.round(line.quantity * line.unitPrice * 100);
  if (netCents > MAX_LINE_CENTS) {
    throw new ApiError(
      'VALIDATION_FAILED',
      `Line ${index + 1} amounts to more than 1,000,000,000`,
      `lines[${index}].unitPrice`,
    );
  }
  return {
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    taxRate: line.taxRate,
    netCents,
    taxCents: Math.round((netCents * line.taxRate) / 100),
    ...against,
  };
}
