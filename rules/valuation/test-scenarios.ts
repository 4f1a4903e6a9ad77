/**
 * Test support for the property tests (not part of the module's API): random postings and helpers to turn them into
 * valuation events whose issues never exceed the stock.
 */
import fc from 'fast-check';
import { byEffectiveTime } from './ordering';
import { receiptValueCents } from './units';
import type { ValuationEvent } from './types';

/** A posting before its seq and id are assigned; `qty` of an issue is a wish, clamped to the stock later. */
export type RawPosting =
  | { kind: 'in'; effectiveAt: number; qty: number; unitCost: number }
  | { kind: 'out'; effectiveAt: number; qty: number };

// A narrow time range makes equal effective times (ties broken by seq) and backdated postings common.
const effectiveAt = fc.integer({ min: 0, max: 40 });

/**
 * Quantities up to `max` milli-units: half the time arbitrary, half the time whole or half units, because
 * proportional takes only land exactly on half a cent (where rounding choices matter) when quantities share factors.
 */
const quantity = (max: number) =>
  fc.oneof(
    fc.integer({ min: 1, max }),
    fc.integer({ min: 1, max: max / 500 }).map((halves) => halves * 500),
  );

const rawReceipt = fc.record({
  kind: fc.constant('in' as const),
  effectiveAt,
  qty: quantity(50_000),
  // Up to 4 decimals so receipt values round in every direction; or whole cents so values are often odd/even.
  unitCost: fc.oneof(
    fc.integer({ min: 0, max: 10_000_000 }).map((tenThousandths) => tenThousandths / 10_000),
    fc.integer({ min: 0, max: 1_000 }).map((cents) => cents / 100),
  ),
});

const rawIssue = fc.record({
  kind: fc.constant('out' as const),
  effectiveAt,
  qty: quantity(80_000),
});

/**
 * Up to 60 postings, a bit more receipts than issues so stock builds up and issues span several layers. Size
 * 'medium' because fast-check's default keeps arrays around ten long, too short for long layer histories.
 */
export const rawPostings = fc.array(
  fc.oneof({ arbitrary: rawReceipt, weight: 3 }, { arbitrary: rawIssue, weight: 2 }),
  {
    maxLength: 60,
    size: 'medium',
  },
);

/**
 * Numbers postings in posting order (seq 1, 2, …) and values receipts. Then walks them in `bound` order — posting
 * order for incremental processing, effective-time order for replay — clamping each issue to the stock at that point
 * and dropping issues that find none, so stock never goes negative. Returns the events in posting order.
 */
export function toEvents(raw: readonly RawPosting[], bound: 'posting' | 'effective'): ValuationEvent[] {
  const numbered: ValuationEvent[] = raw.map((posting, index) => {
    const seq = index + 1;
    const id = `${posting.kind}-${seq}`;
    return posting.kind === 'in'
      ? {
          id,
          kind: 'in',
          effectiveAt: posting.effectiveAt,
          seq,
          qty: posting.qty,
          value: receiptValueCents(posting.qty, posting.unitCost),
        }
      : { id, kind: 'out', effectiveAt: posting.effectiveAt, seq, qty: posting.qty };
  });
  const walk = bound === 'posting' ? numbered : [...numbered].sort(byEffectiveTime);
  const kept = new Map<string, ValuationEvent>();
  let stock = 0;
  for (const event of walk) {
    if (event.kind === 'in') {
      stock += event.qty;
      kept.set(event.id, event);
    } else if (stock > 0) {
      const qty = Math.min(event.qty, stock);
      stock -= qty;
      kept.set(event.id, { ...event, qty });
    }
  }
  return numbered.flatMap((event) => kept.get(event.id) ?? []);
}

/** Property runs per test: enough to hit rare rounding and ordering cases, quick enough for the unit suite. */
export const RUNS = 200;
