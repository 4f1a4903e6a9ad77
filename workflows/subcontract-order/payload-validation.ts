import type { ComponentStanding, SendReservation } from './subcontract-order.contract';

const milli = (quantity: number) => Math.round(quantity * 1000);

/** A number of at least 0 (positive unless `allowZero`) with at most 3 decimals, or the problem naming `field`. */
export function quantityProblem(value: unknown, field: string, allowZero = true): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    return allowZero ? `${field} must be a number, zero or more` : `${field} must be positive`;
  }
  if (Math.abs(milli(value) - value * 1000) > 1e-6) return `${field} must have at most 3 decimals`;
  return undefined;
}

/** Checks a list of `{ lineNo, quantity }` against the order's component lines; each line at most once. */
function lineListProblem(list: unknown, field: string, lines: ComponentStanding[]): string | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `${field} must be a list of { lineNo, quantity }`;
  const seen = new Set<number>();
  for (const [index, entry] of list.entries()) {
    const at = `${field}[${index}]`;
    const line = entry as { lineNo?: unknown; quantity?: unknown } | null;
    if (!line || typeof line.lineNo !== 'number') return `${at}.lineNo must be a component line number`;
    if (!lines.some((component) => component.lineNo === line.lineNo)) {
      return `${at}.lineNo ${line.lineNo} is not a component of this order`;
    }
    if (seen.has(line.lineNo)) return `${at}.lineNo ${line.lineNo} appears twice; give it once`;
    seen.add(line.lineNo);
    const problem = quantityProblem(line.quantity, `${at}.quantity`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks the shape of a supplier-receipt completion (pure; the rules' refusals, over-delivery and consumption beyond
 * what is at the supplier, come from the receipt activity): a positive finished quantity, an optional lot code, and
 * per component line what the supplier reports consumed, scrapped and returned. Returns the first problem.
 */
export function findSupplierReceiptProblem(
  lines: ComponentStanding[],
  payload: Record<string, unknown>,
): string | undefined {
  const quantity = quantityProblem(payload.quantity, 'quantity', false);
  if (quantity) return quantity;
  if (payload.lotCode !== undefined && payload.lotCode !== null && typeof payload.lotCode !== 'string') {
    return 'lotCode must be a lot code';
  }
  for (const field of ['consumed', 'scrapped', 'returned']) {
    const problem = lineListProblem(payload[field], field, lines);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks the last task's answer when finished goods are complete but material is still at the supplier: per line, what
 * comes back and what the supplier scrapped must together be exactly what is still there.
 */
export function findReturnRestProblem(
  lines: ComponentStanding[],
  payload: Record<string, unknown>,
): string | undefined {
  for (const field of ['returned', 'scrapped']) {
    const problem = lineListProblem(payload[field] ?? [], field, lines);
    if (problem) return problem;
  }
  const total = (field: string, lineNo: number) =>
    ((payload[field] ?? []) as Array<{ lineNo: number; quantity: number }>)
      .filter((line) => line.lineNo === lineNo)
      .reduce((sum, line) => sum + milli(line.quantity), 0);
  for (const line of lines) {
    const accounted = total('returned', line.lineNo) + total('scrapped', line.lineNo);
    if (accounted !== milli(line.atSupplier)) {
      return `returned: line ${line.lineNo} (${line.sku}) has ${line.atSupplier} at the supplier; returned and scrapped give ${accounted / 1000}`;
    }
  }
  return undefined;
}

/**
 * A pick at a place reserved for its line but of a lot not reserved there names the lot: the reservation took only the
 * line's owner's stock (ours for our lines, the customer's for a customer-provided one), so another lot at that place
 * is someone else's material (a customer's sent as ours, or ours for the customer's line) or simply not reserved.
 * Pure; the send activity checks the owner again against the books.
 */
export function unreservedLotProblem(
  reserved: SendReservation['picks'],
  answer: Record<string, unknown>,
): string | undefined {
  if (!Array.isArray(answer.picks)) return undefined;
  for (const [index, entry] of answer.picks.entries()) {
    const pick = entry as { lineNo?: unknown; location?: unknown; lotCode?: unknown } | null;
    if (!pick || typeof pick.lineNo !== 'number' || typeof pick.location !== 'string') continue;
    const lot = typeof pick.lotCode === 'string' && pick.lotCode !== '' ? pick.lotCode : null;
    const atPlace = reserved.filter((r) => r.lineNo === pick.lineNo && r.location === pick.location);
    if (atPlace.length === 0 || atPlace.some((r) => (r.lotCode ?? null) === lot)) continue;
    const lots = atPlace.map((r) => r.lotCode ?? 'no lot').join(', ');
    return (
      `payload.picks[${index}].lotCode ${lot ?? 'no lot'} is not reserved for line ${pick.lineNo} ` +
      `(${atPlace[0]?.sku}) at ${pick.location}: only ${lots}; a customer's material goes only to its own line, ours ` +
      'only to ours'
    );
  }
  return undefined;
}
