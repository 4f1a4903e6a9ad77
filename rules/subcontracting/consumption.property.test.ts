import fc from 'fast-check';
import { round6 } from '../manufacturing';
import { consumptionForDelivery, type ComponentAtSupplier, type DeliveryConsumptionInput } from './index';

const RUNS = 300;
const quantity = (max: number) => fc.integer({ min: 0, max: max * 1000 }).map((milli) => milli / 1000);
const atSupplier = (c: ComponentAtSupplier) => round6(c.sent - c.consumed - c.scrapped - c.returned) || 0;

const componentArb: fc.Arbitrary<ComponentAtSupplier> = fc.record({
  sku: fc.constantFrom('BOLT', 'PLATE', 'WIRE'),
  quantityPer: quantity(5),
  scrapPercent: fc.constantFrom(0, 2.5, 10, 50),
  sent: quantity(200),
  consumed: quantity(100),
  scrapped: quantity(20),
  returned: quantity(20),
});

const deliveryArb: fc.Arbitrary<DeliveryConsumptionInput> = fc.record({
  method: fc.constantFrom('bom-ratio' as const, 'as-sent' as const),
  overDeliveryPercent: fc.constantFrom(0, 5, 100),
  orderQuantity: quantity(50).filter((q) => q > 0),
  deliveredBefore: quantity(60),
  delivered: quantity(30).filter((q) => q > 0),
  completesOrder: fc.boolean(),
  components: fc.array(componentArb, { maxLength: 4 }),
});

/** An order quantity split into 1-5 positive deliveries (thousandths), the last one completing the order. */
const splitArb = fc
  .array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 5 })
  .map((milli) => ({ parts: milli.map((m) => m / 1000), order: round6(milli.reduce((a, b) => a + b, 0) / 1000) }));

describe('consumption properties', () => {
  test('a delivery never consumes more than is at the supplier, nor less than nothing', () => {
    fc.assert(
      fc.property(deliveryArb, (input) => {
        const result = consumptionForDelivery(input);
        if (!result.ok) {
          const skus = input.components.map((c) => c.sku);
          for (const refusal of result.refusals) {
            if (refusal.field === 'components') expect(skus).toContain(refusal.sku);
          }
          return;
        }
        result.components.forEach((line, index) => {
          const component = input.components[index]!;
          expect(line.sku).toBe(component.sku);
          expect(line.quantity).toBeGreaterThanOrEqual(0);
          expect(line.quantity).toBeLessThanOrEqual(atSupplier(component));
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('as sent, all deliveries to completion consume exactly what was sent less scrapped and returned', () => {
    const sentArb = fc.array(fc.record({ sent: quantity(300), scrap: fc.double({ min: 0, max: 1, noNaN: true }) }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(splitArb, sentArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ parts, order }, sent, back) => {
        let components: ComponentAtSupplier[] = sent.map((s, i) => ({
          sku: `C${i}`,
          quantityPer: 1,
          scrapPercent: 0,
          sent: s.sent,
          consumed: 0,
          scrapped: 0,
          returned: 0,
        }));
        let before = 0;
        for (const [index, delivered] of parts.entries()) {
          const completesOrder = index === parts.length - 1;
          if (completesOrder) {
            // The supplier reports scrap and returns with the last delivery: some of what is still there.
            components = components.map((c, i) => {
              const scrapped = round6(atSupplier(c) * sent[i]!.scrap);
              return { ...c, scrapped, returned: round6((c.sent - c.consumed - scrapped) * back) };
            });
          }
          const input = { method: 'as-sent' as const, overDeliveryPercent: 0, orderQuantity: order };
          const result = consumptionForDelivery({
            ...input,
            deliveredBefore: before,
            delivered,
            completesOrder,
            components,
          });
          if (!result.ok) throw new Error(JSON.stringify(result.refusals));
          if (!completesOrder) {
            // A partial delivery consumes its share only (give or take the rounding of two cumulative shares).
            result.components.forEach((line, i) => {
              expect(line.quantity).toBeLessThanOrEqual(round6((components[i]!.sent * delivered) / order) + 2e-6);
            });
          }
          components = components.map((c, i) => ({
            ...c,
            consumed: round6(c.consumed + result.components[i]!.quantity),
          }));
          before = round6(before + delivered);
        }
        for (const c of components) {
          expect(c.consumed).toBeCloseTo(c.sent - c.scrapped - c.returned, 6);
          expect(atSupplier(c)).toBe(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
