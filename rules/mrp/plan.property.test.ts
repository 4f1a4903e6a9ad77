import fc from 'fast-check';
import { round6 } from '../manufacturing/quantities';
import { RUNS, worldArb, type BomWorld } from '../manufacturing/test-support';
import { addDays } from './buckets';
import { lotSizes } from './lot-size';
import { derivePegging } from './derive-pegging';
import { planLevels, planMrp } from './plan';
import type { Demand, LotSizePolicy, MrpInput, PlannedOrder, PlanningItem, Supply } from './types';

const START = '2027-05-03';

const policyArb: fc.Arbitrary<LotSizePolicy> = fc.oneof(
  fc.constant<LotSizePolicy>({ kind: 'lot-for-lot' }),
  fc.integer({ min: 1, max: 60 }).map((quantity): LotSizePolicy => ({ kind: 'fixed', quantity })),
  fc
    .record({
      minimum: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      multiple: fc.option(fc.constantFrom(5, 10, 12, 25), { nil: undefined }),
      maximum: fc.option(fc.integer({ min: 20, max: 80 }), { nil: undefined }),
    })
    .map((p): LotSizePolicy => ({ kind: 'min-max', ...p })),
  fc.integer({ min: 1, max: 4 }).map((periods): LotSizePolicy => ({ kind: 'period-order', periods })),
);

/** A planning world: random acyclic BOMs (phantoms included), items, demand and supply around the horizon. */
const inputArb: fc.Arbitrary<MrpInput> = worldArb.chain((world: BomWorld) => {
  const stocked = world.skus.filter((sku) => !world.boms.get(sku)?.phantom);
  const itemArb = (sku: string): fc.Arbitrary<PlanningItem> =>
    fc.record({
      sku: fc.constant(sku),
      source: fc.constant(world.boms.has(sku) ? ('make' as const) : ('buy' as const)),
      leadTimeDays: fc.integer({ min: 0, max: 20 }),
      safetyStock: fc.constantFrom(0, 0, 3, 10),
      lotSize: policyArb,
      supplierMultiple: fc.option(fc.constantFrom(2, 6), { nil: undefined }),
    });
  const dateArb = fc.integer({ min: -10, max: 60 }).map((d) => addDays(START, d));
  const demandArb = fc.record({
    ref: fc.integer({ min: 1, max: 9999 }).map((n) => `D-${n}`),
    kind: fc.constantFrom<Demand['kind']>('sales-order', 'forecast', 'production-component', 'subcontract-component'),
    sku: fc.constantFrom(...stocked),
    date: dateArb,
    quantity: fc.integer({ min: 1, max: 40 }),
  });
  const supplyArb = fc.record({
    ref: fc.integer({ min: 1, max: 9999 }).map((n) => `S-${n}`),
    kind: fc.constantFrom<Supply['kind']>(
      'on-hand',
      'purchase-order',
      'production-order',
      'subcontract-order',
      'transit',
    ),
    sku: fc.constantFrom(...stocked),
    date: dateArb,
    quantity: fc.integer({ min: 1, max: 40 }),
    expiresOn: fc.option(dateArb, { nil: null }),
  });
  return fc.record({
    buckets: fc.record({
      size: fc.constantFrom('day' as const, 'week' as const),
      start: fc.constant(START),
      count: fc.integer({ min: 1, max: 12 }),
    }),
    items: fc.tuple(...stocked.map(itemArb)),
    bom: fc.constant(world.lookup),
    demands: fc.uniqueArray(demandArb, { maxLength: 12, selector: (d) => `${d.kind}:${d.ref}` }),
    supplies: fc.uniqueArray(supplyArb, { maxLength: 8, selector: (s) => s.ref }),
  });
});

describe('MRP properties', () => {
  test('projected on hand never falls below safety stock for an item that can be planned', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planMrp(input);
        const troubled = new Set(plan.problems.map((p) => p.sku));
        for (const item of plan.items.filter((i) => !troubled.has(i.sku))) {
          for (const row of item.rows) expect(row.projectedOnHand).toBeGreaterThanOrEqual(item.safetyStock);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('every planned order is fully pegged, and every demand in the horizon is served in full', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planMrp(input);
        const served = new Map<string, number>();
        for (const order of plan.plannedOrders) {
          expect(order.quantity).toBeGreaterThan(0);
          expect(round6(order.pegs.reduce((sum, peg) => sum + peg.quantity, 0))).toBe(order.quantity);
        }
        for (const peg of [...plan.plannedOrders, ...plan.supplies].flatMap((s) => s.pegs)) {
          if (
            peg.kind !== 'forecast' &&
            peg.kind !== 'dependent' &&
            peg.kind !== 'safety-stock' &&
            peg.kind !== 'lot-size-remainder'
          ) {
            served.set(`${peg.kind}:${peg.ref}`, round6((served.get(`${peg.kind}:${peg.ref}`) ?? 0) + peg.quantity));
          }
        }
        const horizonEnd = plan.buckets[plan.buckets.length - 1]!.end;
        for (const demand of input.demands.filter((d) => d.kind !== 'forecast' && d.date < horizonEnd)) {
          expect(served.get(`${demand.kind}:${demand.ref}`)).toBe(demand.quantity);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('the same inputs, in any order, give the same plan', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffled = <T>(list: readonly T[]) =>
          [...list]
            .map((v, i) => [v, ((i + 1) * (seed | 1)) % 9973] as const)
            .sort((a, b) => a[1] - b[1])
            .map(([v]) => v);
        const again = {
          ...input,
          demands: shuffled(input.demands),
          supplies: shuffled(input.supplies),
          items: shuffled(input.items),
        };
        expect(planMrp(again)).toEqual(planMrp(input));
      }),
      { numRuns: RUNS },
    );
  });

  test('lot sizes cover the net requirement with positive orders that keep the policy', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.constantFrom(3, 7), { nil: undefined }),
        (lotSize, net, multiple) => {
          const sizes = lotSizes(net, { lotSize, supplierMultiple: multiple });
          expect(sizes.every((q) => q > 0)).toBe(true);
          expect(round6(sizes.reduce((a, b) => a + b, 0))).toBeGreaterThanOrEqual(net);
          if (multiple) for (const q of sizes) expect(round6(q / multiple) % 1).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test("pegging derived from an item's stored inputs and its parents' orders is the calculation's", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planMrp(input);
        // What a stored run keeps: the plan calculated without pegs, each item with its inputs.
        const levels = [...planLevels(input, undefined, false)].map(({ result }) => result);
        const stored = levels.flatMap((result) => result.items);
        expect(stored.map((item) => item.rows)).toEqual(plan.items.map((item) => item.rows));
        // Netted without pegs (dependent demand summed per component and date): the same orders and messages.
        const withoutPegs = (orders: PlannedOrder[]) => orders.map(({ pegs: _pegs, ...order }) => order);
        expect(withoutPegs(levels.flatMap((result) => result.plannedOrders))).toEqual(withoutPegs(plan.plannedOrders));
        expect(levels.flatMap((result) => result.exceptions)).toEqual(
          plan.exceptions.filter((e) => e.kind !== 'past-due-demand'),
        );
        const items = new Map(input.items.map((item) => [item.sku, item]));
        for (const itemPlan of stored) {
          const derived = derivePegging(
            items.get(itemPlan.sku)!,
            input.buckets,
            itemPlan.inputs,
            plan.plannedOrders,
            input.bom,
          );
          for (const order of plan.plannedOrders.filter((o) => o.sku === itemPlan.sku)) {
            expect(derived.orders.get(order.id)).toEqual(order.pegs);
          }
          expect(derived.supplies).toEqual(plan.supplies.filter((s) => s.sku === itemPlan.sku));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
