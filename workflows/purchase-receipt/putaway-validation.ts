import type { PutawayTaskPayload } from './purchase-receipt.contract';

/**
 * Checks a putaway completion against what was received: every received line is put away exactly once, into
 * one of the warehouse's putaway locations (passed in the task payload, so this stays pure). Returns the first
 * problem. Shared by the workflow's update validator and the unit tests.
 */
export function findPutawayProblem(
  task: Pick<PutawayTaskPayload, 'lines' | 'locations' | 'warehouseCode' | 'dockLocation'>,
  payload: Record<string, unknown>,
): string | undefined {
  const entries = payload.lines;
  if (!Array.isArray(entries) || entries.length === 0) return 'payload.lines must be a non-empty array';
  const received = new Set(task.lines.map((line) => line.lineNo));
  const allowed = new Set(task.locations);
  const seen = new Set<number>();
  for (const [index, raw] of entries.entries()) {
    const field = `payload.lines[${index}]`;
    if (!raw || typeof raw !== 'object' || typeof raw.lineNo !== 'number' || typeof raw.toLocation !== 'string') {
      return `${field} needs a numeric lineNo and a toLocation`;
    }
    const { lineNo, toLocation } = raw as { lineNo: number; toLocation: string };
    if (!received.has(lineNo)) return `${field}.lineNo ${lineNo} is not a received line`;
    if (seen.has(lineNo)) return `${field}.lineNo ${lineNo} appears twice; put each line away once`;
    seen.add(lineNo);
    if (toLocation === task.dockLocation) {
      return `${field}.toLocation ${toLocation} is the receiving dock; choose a bin`;
    }
    if (!allowed.has(toLocation)) {
      return `${field}.toLocation ${toLocation} is not a location of warehouse ${task.warehouseCode}`;
    }
  }
  const missing = task.lines.find((line) => !seen.has(line.lineNo));
  if (missing) return `payload.lines must put away every received line; line ${missing.lineNo} is missing`;
  return undefined;
}
