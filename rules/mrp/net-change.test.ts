import fc from 'fast-check';
import { RUNS, worldArb, type BomWorld } from '../manufacturing/test-support';
import { addDays } from './buckets';
import type { BomView } from '../manufacturing/types';
import {
  affectedItems,
  demandFromUnaffectedParents,
  planNetChange,
  unaffectedParents,
  type NetChangePlan,
} from './net-change';
import { bucketsOf } from './buckets';
import {
  changedOrderBuckets,
  incrementalNetChangeLevels,
  planIncrementalNetChange,
  sameEntries,
} from './net-change-incremental';
import { planMrp } from './plan';
import type { Demand, MrpInput, MrpPlan, PlanningItem, Supply } from './types';

const START = '2027-05-03';

interface Case {
  before: MrpInput;
  after: MrpInput;
  changed: string[];
  boms: BomView[];
}

/**
 * A random planning world, and the same world after its changed items got new demand and supply (orders placed,
 * changed or cancelled, receipts landed): everything else is left as it was.
 */
const caseArb: fc.Arbitrary<Case> = worldArb.chain((world: BomWorld) => {
  const stocked = world.skus.filter((sku) => !world.boms.get(sku)?.phantom);
  const itemArb = (sku: string): fc.Arbitrary<PlanningItem> =>
    fc.record({
      sku: fc.constant(sku),
      source: fc.constant(world.boms.has(sku) ? ('make' as const) : ('buy' as const)),
      leadTimeDays: fc.integer({ min: 0, max: 20 }),
      safetyStock: fc.constantFrom(0, 0, 3, 10),
      lotSize: fc.constantFrom(
        { kind: 'lot-for-lot' as const },
        { kind: 'fixed' as const, quantity: 25 },
        { kind: 'min-max' as const, minimum: 10, multiple: 5 },
        { kind: 'period-order' as const, periods: 2 },
      ),
    });
  const dateArb = fc.integer({ min: -10, max: 60 }).map((d) => addDays(START, d));
  const demandsArb = (prefix: string) =>
    fc.uniqueArray(
      fc.record({
        ref: fc.integer({ min: 1, max: 9999 }).map((n) => `${prefix}D-${n}`),
        kind: fc.constantFrom<Demand['kind']>('sales-order', 'forecast', 'production-component'),
        sku: fc.constantFrom(...stocked),
        date: dateArb,
        quantity: fc.integer({ min: 1, max: 40 }),
      }),
      { maxLength: 12, selector: (d) => `${d.kind}:${d.ref}` },
    );
  const suppliesArb = (prefix: string) =>
    fc.uniqueArray(
      fc.record({
        ref: fc.integer({ min: 1, max: 9999 }).map((n) => `${prefix}S-${n}`),
        kind: fc.constantFrom<Supply['kind']>('on-hand', 'purchase-order', 'production-order'),
        sku: fc.constantFrom(...stocked),
        date: dateArb,
        quantity: fc.integer({ min: 1, max: 40 }),
      }),
      { maxLength: 8, selector: (s) => s.ref },
    );
  return fc
    .record({
      buckets: fc.record({
        size: fc.constantFrom('day' as const, 'week' as const),
        start: fc.constant(START),
        count: fc.integer({ min: 1, max: 10 }),
      }),
      items: fc.tuple(...stocked.map(itemArb)),
      demands: demandsArb('old'),
      supplies: suppliesArb('old'),
      changed: fc.subarray(stocked, { minLength: 1 }),
      newDemands: demandsArb('new'),
      newSupplies: suppliesArb('new'),
    })
    .map(({ buckets, items, demands, supplies, changed, newDemands, newSupplies }) => {
      const isChanged = (sku: string) => changed.includes(sku);
      const before: MrpInput = { buckets, items, bom: world.lookup, demands, supplies };
      const after: MrpInput = {
        ...before,
        demands: [...demands.filter((d) => !isChanged(d.sku)), ...newDemands.filter((d) => isChanged(d.sku))],
        supplies: [...supplies.filter((s) => !isChanged(s.sku)), ...newSupplies.filter((s) => isChanged(s.sku))],
      };
      return { before, after, changed, boms: [...world.boms.values()] };
    });
});

/** The part of a plan that concerns `skus`, in an order independent of how the calculation walked the items. */
function partOf(plan: MrpPlan | NetChangePlan, skus: ReadonlySet<string>) {
  const key = (value: unknown) => JSON.stringify(value);
  const sorted = <T>(values: T[]) => [...values].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    items: sorted(plan.items.filter((i) => skus.has(i.sku)).map(({ lowLevelCode: _code, ...rest }) => rest)),
    plannedOrders: sorted(plan.plannedOrders.filter((o) => skus.has(o.sku))),
    supplies: sorted(plan.supplies.filter((s) => skus.has(s.sku))),
    exceptions: sorted(plan.exceptions.filter((e) => skus.has(e.sku))),
    problems: sorted(plan.problems.filter((p) => skus.has(p.sku))),
  };
}

/** The start date of bucket `b` of a world's horizon (a planned order's receipt date in it). */
function bucketStart(input: MrpInput, b: number): string {
  return bucketsOf(input.buckets)[b]!.start;
}

function netChangeOf({ before, after, changed, boms }: Case) {
  const affected = new Set(affectedItems(changed, after.bom));
  const stored = planMrp(before);
  // Only the parents' stored orders are read, as the activity does.
  const parents = new Set(unaffectedParents(boms, affected));
  const parentOrders = stored.plannedOrders.filter((order) => parents.has(order.sku));
  const fromParents = demandFromUnaffectedParents(parentOrders, after.bom, affected);
  return { affected, stored, plan: planNetChange(after, affected, fromParents) };
}

/**
 * What incremental net change starts from in a case: the affected items, the plan stored before the change with those
 * items' part of it (grids and inputs), and their demand and supply after it.
 */
function incrementalCase(c: Case) {
  const affected = new Set(affectedItems(c.changed, c.after.bom));
  const stored = planMrp(c.before);
  const storedItems = stored.items
    .filter((item) => affected.has(item.sku))
    .map((item) => ({
      sku: item.sku,
      lowLevelCode: item.lowLevelCode,
      rows: item.rows,
      inputs: { ...item.inputs, item: item.inputs.item!, boms: item.inputs.boms! },
    }));
  const fresh = {
    demands: c.after.demands.filter((d) => affected.has(d.sku)),
    supplies: c.after.supplies.filter((s) => affected.has(s.sku)),
  };
  return { affected, stored, storedItems, fresh };
}

describe('MRP net change', () => {
  test('re-planning the changed items and their components gives what a regenerative run gives for them', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { affected, plan } = netChangeOf(c);
        expect(partOf(plan, affected)).toEqual(partOf(planMrp(c.after), affected));
      }),
      { numRuns: RUNS },
    );
  });

  test('every item outside the affected set plans exactly as before the change', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { affected, stored } = netChangeOf(c);
        const others = new Set(c.before.items.map((i) => i.sku).filter((sku) => !affected.has(sku)));
        expect(partOf(planMrp(c.after), others)).toEqual(partOf(stored, others));
      }),
      { numRuns: RUNS },
    );
  });

  test("a bucket whose net requirement and planned receipts are unchanged keeps its orders (net change sends only the others')", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const before = planMrp(c.before);
        const after = planMrp(c.after);
        const ordersOf = (plan: MrpPlan, sku: string, dates: ReadonlySet<string>) =>
          plan.plannedOrders
            .filter((o) => o.sku === sku && !dates.has(o.receiptDate))
            .map(({ pegs: _pegs, ...order }) => order);
        for (const item of after.items) {
          const old = before.items.find((i) => i.sku === item.sku)!;
          const changed = new Set(changedOrderBuckets(old.rows, item.rows).map((b) => bucketStart(c.after, b)));
          expect(ordersOf(after, item.sku, changed)).toEqual(ordersOf(before, item.sku, changed));
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('from the stored plan alone, the items it re-nets and the ones it leaves as stored equal a regenerative run', () => {
    // Numbers to rounding in the sixth decimal: the stored dependent demand is the grid's gross less own demand.
    const near = (a: unknown, b: unknown): boolean => {
      if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
      if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      return [...keys].every((k) => near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    };
    const expectNear = (received: unknown, expected: unknown) => {
      if (!near(received, expected)) expect(received).toEqual(expected); // fails, showing the difference
    };
    const ordersOf = (orders: ReadonlyArray<MrpPlan['plannedOrders'][number]>, sku: string) =>
      orders.filter((o) => o.sku === sku).map(({ pegs: _pegs, ...order }) => order);
    fc.assert(
      fc.property(caseArb, (c) => {
        const { affected, stored, storedItems, fresh } = incrementalCase(c);
        const regenerated = planMrp(c.after);
        const plan = planIncrementalNetChange(c.after.buckets, storedItems, fresh);
        for (const sku of affected) {
          const now = regenerated.items.find((item) => item.sku === sku);
          if (!now) continue; // a phantom: passed through, never planned
          const renetted = plan.items.find((item) => item.sku === sku);
          const kept = stored.items.find((item) => item.sku === sku)!;
          expectNear((renetted ?? kept).rows, now.rows);
          expectNear(
            ordersOf(renetted ? plan.plannedOrders : stored.plannedOrders, sku),
            ordersOf(regenerated.plannedOrders, sku),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('taken one low-level code at a time, the incremental net change yields each code once, in order, and the same plan', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { storedItems, fresh } = incrementalCase(c);
        const levels = incrementalNetChangeLevels(c.after.buckets, storedItems, fresh);
        const parts: NetChangePlan['items'][] = [];
        let step = levels.next();
        while (!step.done) {
          const codes = new Set(step.value.items.map((item) => item.lowLevelCode));
          expect(codes.size).toBe(1); // one code per part
          for (const item of step.value.items) expect(step.value.changedBuckets?.has(item.sku)).toBe(true);
          parts.push(step.value.items);
          step = levels.next();
        }
        const codes = parts.map((part) => part[0]!.lowLevelCode);
        expect(codes).toEqual([...codes].sort((a, b) => a - b).filter((code, i, all) => all.indexOf(code) === i));
        expect(parts.flat()).toEqual(step.value.items);
        expect(step.value).toEqual(planIncrementalNetChange(c.after.buckets, storedItems, fresh));
      }),
      { numRuns: RUNS },
    );
  });

  test('inputs compare by value, an absent field as null, in order', () => {
    expect(sameEntries([{ ref: 'A', quantity: 1, expiresOn: null }], [{ ref: 'A', quantity: 1 }])).toBe(true);
    expect(sameEntries([{ ref: 'A', quantity: 1 }], [{ quantity: 1, ref: 'A' }])).toBe(true);
    expect(sameEntries([{ ref: 'A', quantity: 1 }], [{ ref: 'A', quantity: 2 }])).toBe(false);
    expect(sameEntries([{ ref: 'A' }], [{ ref: 'A', expiresOn: '2027-01-01' }])).toBe(false);
    expect(sameEntries([{ ref: 'A' }, { ref: 'B' }], [{ ref: 'B' }, { ref: 'A' }])).toBe(false);
    expect(sameEntries([{ ref: 'A' }], [])).toBe(false);
  });

  test('the affected items are the changed ones and everything below them, phantoms passed through', () => {
    const boms = new Map([
      ['BIKE', { phantom: false, lines: ['FRAME', 'KIT'] }],
      ['KIT', { phantom: true, lines: ['BOLT'] }],
      ['FRAME', { phantom: false, lines: ['TUBE'] }],
      ['CART', { phantom: false, lines: ['WHEEL'] }],
    ]);
    const bom = (sku: string) => {
      const found = boms.get(sku);
      if (!found) return undefined;
      const lines = found.lines.map((componentSku) => ({ componentSku, quantityPer: 1, scrapPercent: 0 }));
      return { parentSku: sku, version: 1, phantom: found.phantom, lines };
    };
    expect(affectedItems(['BIKE'], bom)).toEqual(['BIKE', 'BOLT', 'FRAME', 'TUBE']);
    expect(affectedItems(['FRAME', 'WHEEL'], bom)).toEqual(['FRAME', 'TUBE', 'WHEEL']);
    expect(affectedItems(['KIT'], bom)).toEqual(['BOLT']);
  });
});
