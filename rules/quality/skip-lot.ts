/**
 * Skip-lot per ISO 2859-3, as its own policy choice: a supplier qualifies with `qualificationLots` consecutive accepted
 * inspected lots; then only one lot in `frequency` is inspected (the others are skipped and accepted unseen); a
 * rejected lot ends skip-lot, and the supplier qualifies again from zero.
 */

/** The skip-lot policy: how many consecutive accepted lots qualify, then inspect 1 lot in `frequency`. */
export interface SkipLotPolicy {
  qualificationLots: number;
  frequency: 2 | 3 | 4 | 5;
}

/** A past lot: skipped (not inspected), or inspected with its result. */
export type SkipLotRecord = { inspected: false } | { inspected: true; accepted: boolean };

/** Whether to inspect the next lot, the phase the supplier is in, and why in words. */
export interface SkipLotDecision {
  inspect: boolean;
  phase: 'qualifying' | 'skipping';
  reason: string;
}

/** Decides for the next lot from the supplier's lots so far (oldest first). Pure. */
export function skipLotDecision(history: readonly SkipLotRecord[], policy: SkipLotPolicy): SkipLotDecision {
  let acceptedInRow = 0;
  let qualified = false;
  let skippedSinceInspected = 0;
  for (const lot of history) {
    if (!lot.inspected) {
      skippedSinceInspected += 1;
      continue;
    }
    skippedSinceInspected = 0;
    if (!lot.accepted) {
      acceptedInRow = 0;
      qualified = false;
      continue;
    }
    acceptedInRow += 1;
    if (acceptedInRow >= policy.qualificationLots) qualified = true;
  }
  const last = history.at(-1);
  if (!qualified) {
    const why =
      last?.inspected === true && !last.accepted
        ? `the last inspected lot was rejected: qualifying again, 0 of ${policy.qualificationLots} accepted lots`
        : `qualifying: ${acceptedInRow} of ${policy.qualificationLots} consecutive accepted lots`;
    return { inspect: true, phase: 'qualifying', reason: why };
  }
  // Skipping: one lot in `frequency` is inspected, so after frequency - 1 skipped lots the next is inspected.
  const inspect = skippedSinceInspected >= policy.frequency - 1;
  const reason = inspect
    ? `skip-lot 1 in ${policy.frequency}: ${skippedSinceInspected} lots skipped since the last inspection, inspect this one`
    : `skip-lot 1 in ${policy.frequency}: qualified with ${acceptedInRow} consecutive accepted lots, skip this one`;
  return { inspect, phase: 'skipping', reason };
}
