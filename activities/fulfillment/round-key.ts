/**
 * An idempotency key for one allocation / dispatch round of an order. Round 1 keeps the key single-shipment orders
 * always had, so retries of work posted before rounds existed still find their first result.
 */
export function roundKey(base: string, round: number | undefined): string {
  return round && round > 1 ? `${base}:r${round}` : base;
}
