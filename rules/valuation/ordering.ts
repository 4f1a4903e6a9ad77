/**
 * Orders layers/events by effective time, then seq (the posting sequence) — FIFO by EFFECTIVE time, never processing
 * order. A receipt posted late but effective earlier (a backdated posting) is therefore consumed first.
 */
export function byEffectiveTime(
  a: { effectiveAt: number; seq: number },
  b: { effectiveAt: number; seq: number },
): number {
  // Subtraction is safe: both fields are finite numbers (checked on the way in), so no NaN can reach the sort.
  return a.effectiveAt - b.effectiveAt || a.seq - b.seq;
}
