import type { CountTaskLine } from './stock-count.contract';

/**
 * Checks a count task's completion: one non-negative quantity (at most 3 decimals) per line of the count, each line
 * once. Returns the problem naming the field, or undefined.
 */
export function findCountProblem(lines: CountTaskLine[], payload: Record<string, unknown>): string | undefined {
  const counted = payload.lines;
  if (!Array.isArray(counted)) return 'payload.lines must be a list of { lineNo, quantity }';
  const seen = new Set<number>();
  for (const [index, entry] of counted.entries()) {
    const line = entry as { lineNo?: unknown; quantity?: unknown } | null;
    const lineNo = line?.lineNo;
    if (typeof lineNo !== 'number' || !lines.some((known) => known.lineNo === lineNo)) {
      return `payload.lines[${index}].lineNo is not a line of this count`;
    }
    if (seen.has(lineNo)) return `payload.lines[${index}].lineNo ${lineNo} is counted twice`;
    seen.add(lineNo);
    const quantity = line?.quantity;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
      return `payload.lines[${index}].quantity must be zero or more`;
    }
    if (Math.abs(Math.round(quantity * 1000) - quantity * 1000) > 1e-6) {
      return `payload.lines[${index}].quantity has more than 3 decimals`;
    }
  }
  const missing = lines.find((line) => !seen.has(line.lineNo));
  if (missing)
    return `payload.lines needs a quantity for line ${missing.lineNo} (${missing.itemSku}); 0 if none is there`;
  return undefined;
}

/** A recount by the clerk who counted first is no second opinion: refused, naming who must not do it. */
export function recountProblem(firstCounter: string, completedBy: string): string | undefined {
  return completedBy === firstCounter
    ? `completedBy: the recount must be made by someone other than ${firstCounter}, who counted first`
    : undefined;
}

/** The approval's completion: approve posts the difference, recount sends the bin back for another count. */
export function findApprovalProblem(payload: Record<string, unknown>): string | undefined {
  return payload.decision === 'approve' || payload.decision === 'recount'
    ? undefined
    : 'payload.decision must be approve or recount';
}
