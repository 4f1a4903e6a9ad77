import { countRows, useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const run = Date.now().toString(36).toUpperCase();
const sku = (name: string) => `QP-${run}-${name}`;
const category = `qp-${run}`.toLowerCase();

const send = (method: 'GET' | 'POST', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function item(name: string): Promise<string> {
  const response = await send('POST', '/api/items', {
    sku: sku(name),
    name: `Part ${name}`,
    uom: 'PCS',
    category,
    lotTracked: false,
    supplyType: 'buy',
  });
  expect(response.statusCode).toBe(201);
  return sku(name);
}

const bore = {
  kind: 'numeric',
  code: 'BORE',
  name: 'Bore diameter',
  nominal: 12,
  lower: 11.9,
  upper: 12.1,
  unit: 'mm',
};
const visual = { kind: 'pass-fail', code: 'VISUAL', name: 'No scratches' };
const colour = { kind: 'attribute', code: 'COLOUR', name: 'Colour', allowedValues: ['red', 'blue'] };

const plansOf = (scopeKey: string) =>
  countRows(t.orm, `select count(*) as n from inspection_plan where scope_key = ?`, [scopeKey]);

describe('inspection plans', () => {
  let bracket: string;
  let washer: string;

  beforeAll(async () => {
    bracket = await item('BRACKET');
    washer = await item('WASHER');
  });

  test('versions per item are numbered and immutable; the one in effect is the latest effectiveFrom <= date', async () => {
    const first = await send('POST', '/api/inspection-plans', {
      itemSku: bracket,
      effectiveFrom: '2026-01-01',
      characteristics: [bore, visual, colour],
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      itemSku: bracket,
      itemCategory: null,
      version: 1,
      createdBy: 'admin',
      characteristics: [
        { lineNo: 10, code: 'BORE', kind: 'numeric', nominal: 12, lower: 11.9, upper: 12.1, unit: 'mm' },
        { lineNo: 20, code: 'VISUAL', kind: 'pass-fail', lower: null, allowedValues: null },
        { lineNo: 30, code: 'COLOUR', kind: 'attribute', allowedValues: ['red', 'blue'] },
      ],
    });
    const second = await send('POST', '/api/inspection-plans', {
      itemSku: bracket,
      effectiveFrom: '2026-06-01',
      note: 'tighter bore',
      characteristics: [{ ...bore, lower: 11.95, upper: 12.05 }],
    });
    expect(second.json()).toMatchObject({ version: 2, note: 'tighter bore' });

    const inMarch = await send('GET', `/api/items/${bracket}/inspection-plan?date=2026-03-01`, undefined, clerk);
    expect(inMarch.json()).toMatchObject({ id: first.json().id, version: 1 });
    const inJuly = await send('GET', `/api/items/${bracket}/inspection-plan?date=2026-07-01`);
    expect(inJuly.json()).toMatchObject({ version: 2, characteristics: [{ code: 'BORE', lower: 11.95 }] });
    const before = await send('GET', `/api/items/${bracket}/inspection-plan?date=2025-12-31`);
    expect(before.statusCode).toBe(404);

    const list = await send('GET', `/api/inspection-plans?itemSku=${bracket}`);
    expect(list.json().items.map((p: { version: number }) => p.version)).toEqual([2, 1]);
  });

  test("an item without a plan of its own uses its category's", async () => {
    expect((await send('GET', `/api/items/${washer}/inspection-plan?date=2026-03-01`)).statusCode).toBe(404);
    const created = await send('POST', '/api/inspection-plans', {
      itemCategory: category,
      effectiveFrom: '2026-01-01',
      characteristics: [visual],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ itemSku: null, itemCategory: category, version: 1 });
    const washerPlan = await send('GET', `/api/items/${washer}/inspection-plan?date=2026-03-01`);
    expect(washerPlan.json()).toMatchObject({ itemCategory: category, characteristics: [{ code: 'VISUAL' }] });
    // The bracket keeps its own plan over the category's.
    expect((await send('GET', `/api/items/${bracket}/inspection-plan?date=2026-03-01`)).json().itemSku).toBe(bracket);
  });

  test('bad input is refused naming the field, and nothing is written', async () => {
    const before = await plansOf(`item:${washer}`);
    const cases: Array<[object, number, string, string]> = [
      [{ characteristics: [{ ...bore, lower: 13, upper: 12 }] }, 400, 'VALIDATION_FAILED', 'characteristics[0].upper'],
      [{ characteristics: [visual, { ...bore, nominal: 15 }] }, 400, 'VALIDATION_FAILED', 'characteristics[1].nominal'],
      [
        { characteristics: [{ ...colour, allowedValues: [] }] },
        400,
        'VALIDATION_FAILED',
        'characteristics[0].allowedValues',
      ],
      [
        { characteristics: [{ kind: 'attribute', code: 'C', name: 'C' }] },
        400,
        'VALIDATION_FAILED',
        'characteristics[0].allowedValues',
      ],
      [{ characteristics: [visual, visual] }, 400, 'VALIDATION_FAILED', 'characteristics[1].code'],
      [{ characteristics: [] }, 400, 'VALIDATION_FAILED', 'characteristics'],
      [{ itemCategory: category, characteristics: [visual] }, 400, 'VALIDATION_FAILED', 'itemSku'],
      [{ itemSku: sku('NOPE'), characteristics: [visual] }, 400, 'UNKNOWN_ITEM', 'itemSku'],
    ];
    for (const [patch, status, code, field] of cases) {
      const response = await send('POST', '/api/inspection-plans', {
        itemSku: washer,
        effectiveFrom: '2026-01-01',
        ...patch,
      });
      expect([field, response.statusCode]).toEqual([field, status]);
      expect(response.json().error).toMatchObject({ code, field });
    }
    expect(await plansOf(`item:${washer}`)).toBe(before);
  });

  test('only quality engineers and admins create plans', async () => {
    const response = await send(
      'POST',
      '/api/inspection-plans',
      { itemSku: washer, effectiveFrom: '2026-01-01', characteristics: [visual] },
      clerk,
    );
    expect(response.statusCode).toBe(403);
    expect((await send('GET', '/api/items/QP-NOT-THERE/inspection-plan')).statusCode).toBe(404);
  });
});
