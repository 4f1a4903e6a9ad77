import { consumptionForDelivery, type ComponentAtSupplier, type DeliveryConsumptionInput } from './index';

/** An order of 10 finished units: bolts 2 per unit with 10% planned scrap (24 sent), plates 1 per unit (10 sent). */
const bolt: ComponentAtSupplier = {
  sku: 'BOLT',
  quantityPer: 2,
  scrapPercent: 10,
  sent: 24,
  consumed: 0,
  scrapped: 0,
  returned: 0,
};
const plate: ComponentAtSupplier = { ...bolt, sku: 'PLATE', quantityPer: 1, scrapPercent: 0, sent: 10 };

const delivery = (overrides: Partial<DeliveryConsumptionInput>): DeliveryConsumptionInput => ({
  method: 'bom-ratio',
  overDeliveryPercent: 0,
  orderQuantity: 10,
  deliveredBefore: 0,
  delivered: 4,
  completesOrder: false,
  components: [bolt, plate],
  ...overrides,
});

const quantities = (input: DeliveryConsumptionInput) => {
  const result = consumptionForDelivery(input);
  if (!result.ok) throw new Error(JSON.stringify(result.refusals));
  return result.components.map((c) => [c.sku, c.quantity, c.reason]);
};

describe('consumption by BOM ratio', () => {
  test('two partial deliveries and the completing one consume what the BOM needs for each, scrap included', () => {
    expect(quantities(delivery({ delivered: 4 }))).toEqual([
      ['BOLT', 8.8, '4 x 2 per unit x 1.1 scrap = 8.8'],
      ['PLATE', 4, '4 x 1 per unit = 4'],
    ]);
    const second = delivery({
      deliveredBefore: 4,
      delivered: 5,
      components: [
        { ...bolt, consumed: 8.8 },
        { ...plate, consumed: 4 },
      ],
    });
    expect(quantities(second)).toEqual([
      ['BOLT', 11, '5 x 2 per unit x 1.1 scrap = 11'],
      ['PLATE', 5, '5 x 1 per unit = 5'],
    ]);
    // The last unit: 2.2 bolts, not the 4.2 still at the supplier (the 2 extra are returned or scrapped later).
    const last = delivery({
      deliveredBefore: 9,
      delivered: 1,
      completesOrder: true,
      components: [
        { ...bolt, consumed: 19.8 },
        { ...plate, consumed: 9 },
      ],
    });
    expect(quantities(last)).toEqual([
      ['BOLT', 2.2, '1 x 2 per unit x 1.1 scrap = 2.2'],
      ['PLATE', 1, '1 x 1 per unit = 1'],
    ]);
  });

  test('a component short at the supplier is refused naming it, never clipped', () => {
    const result = consumptionForDelivery(delivery({ components: [{ ...bolt, sent: 8 }, plate] }));
    expect(result).toEqual({
      ok: false,
      refusals: [
        {
          field: 'components',
          sku: 'BOLT',
          message:
            'BOLT: this delivery consumes 8.8 (4 x 2 per unit x 1.1 scrap = 8.8) but only 8 is still at the ' +
            'supplier (sent 8, consumed 0, scrapped 0, returned 0)',
        },
      ],
    });
  });
});

describe('consumption as sent', () => {
  const asSent = (overrides: Partial<DeliveryConsumptionInput>) => delivery({ method: 'as-sent', ...overrides });

  test('a partial delivery consumes its share of what was sent, not all of it (ERPNext PR #19247)', () => {
    expect(quantities(asSent({ delivered: 4 }))).toEqual([
      ['BOLT', 9.6, '24 sent x 4/10 delivered = 9.6, less 0 consumed = 9.6'],
      ['PLATE', 4, '10 sent x 4/10 delivered = 4, less 0 consumed = 4'],
    ]);
    const second = asSent({
      deliveredBefore: 4,
      delivered: 5,
      components: [
        { ...bolt, consumed: 9.6 },
        { ...plate, consumed: 4 },
      ],
    });
    expect(quantities(second)).toEqual([
      ['BOLT', 12, '24 sent x 9/10 delivered = 21.6, less 9.6 consumed = 12'],
      ['PLATE', 5, '10 sent x 9/10 delivered = 9, less 4 consumed = 5'],
    ]);
  });

  test('the completing delivery consumes everything still at the supplier', () => {
    const last = asSent({
      deliveredBefore: 9,
      delivered: 1,
      completesOrder: true,
      components: [
        { ...bolt, consumed: 21.6, scrapped: 1, returned: 0.5 },
        { ...plate, consumed: 9 },
      ],
    });
    expect(quantities(last)).toEqual([
      [
        'BOLT',
        0.9,
        'completes the order: 24 sent - 21.6 consumed - 1 scrapped - 0.5 returned = 0.9 still at the supplier',
      ],
      ['PLATE', 1, 'completes the order: 10 sent - 9 consumed - 0 scrapped - 0 returned = 1 still at the supplier'],
    ]);
    // Over the three deliveries: 9.6 + 12 + 0.9 = 22.5 = 24 sent - 1 scrapped - 0.5 returned.
  });

  test('an over-delivery within tolerance counts as the whole order; what earlier deliveries took is not taken twice', () => {
    const over = asSent({
      overDeliveryPercent: 5,
      deliveredBefore: 9,
      delivered: 1.5,
      components: [{ ...plate, consumed: 9 }],
    });
    expect(quantities(over)).toEqual([
      ['PLATE', 1, '10 sent x 10/10 delivered (the whole order) = 10, less 9 consumed = 1'],
    ]);
    const ahead = asSent({ deliveredBefore: 4, delivered: 1, components: [{ ...plate, consumed: 6 }] });
    expect(quantities(ahead)).toEqual([
      [
        'PLATE',
        0,
        '10 sent x 5/10 delivered = 5, less 6 consumed = 0 (earlier deliveries consumed more already: nothing)',
      ],
    ]);
  });
});

describe('refusals', () => {
  test('beyond the over-delivery tolerance, naming quantity', () => {
    const within = consumptionForDelivery(delivery({ overDeliveryPercent: 5, deliveredBefore: 9, delivered: 1.5 }));
    expect(within.ok).toBe(true);
    const beyond = consumptionForDelivery(delivery({ overDeliveryPercent: 5, deliveredBefore: 9, delivered: 2 }));
    expect(beyond).toEqual({
      ok: false,
      refusals: [
        {
          field: 'quantity',
          sku: null,
          message:
            "quantity 2 brings the delivered total to 11, more than the order's 10 plus 5% over-delivery allows (10.5)",
        },
      ],
    });
    const none = consumptionForDelivery(delivery({ deliveredBefore: 10, delivered: 0.001 }));
    expect(none.ok ? [] : none.refusals.map((r) => r.field)).toEqual(['quantity']);
  });

  test('quantities that cannot be right', () => {
    const fieldsOf = (input: DeliveryConsumptionInput) => {
      const result = consumptionForDelivery(input);
      return result.ok ? [] : result.refusals.map((r) => [r.field, r.sku]);
    };
    expect(fieldsOf(delivery({ delivered: 0 }))).toEqual([['quantity', null]]);
    expect(fieldsOf(delivery({ delivered: Number.NaN }))).toEqual([['quantity', null]]);
    expect(fieldsOf(delivery({ orderQuantity: 0 }))).toEqual([['orderQuantity', null]]);
    expect(fieldsOf(delivery({ deliveredBefore: -1 }))).toEqual([['deliveredBefore', null]]);
    const overAccounted = { ...plate, consumed: 6, scrapped: 3, returned: 2 };
    expect(fieldsOf(delivery({ components: [bolt, overAccounted] }))).toEqual([['components', 'PLATE']]);
    expect(fieldsOf(delivery({ components: [{ ...bolt, quantityPer: -2 }] }))).toEqual([['components', 'BOLT']]);
  });
});
