import { createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };

type Row = { itemSku: string; itemName: string; value: number; unitValue: number };
type Valuation = { items: Row[]; total: number; totals: { value: number; reconciled: boolean } };

beforeAll(async () => {
  t = await createTestApp();
  controller = await login(t.app, 'controller');
});

afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: controller });

/**
 * Every row of the list in its order, page by page: the database is shared with every other integration file, so
 * how many items it holds by now (more than one page of 200) depends on which files ran before.
 */
async function allRows(query: string): Promise<Valuation> {
  const first = (await get(`/api/reports/inventory-valuation?${query}&pageSize=200&page=1`)).json<Valuation>();
  const items = [...first.items];
  for (let page = 2; items.length < first.total; page += 1) {
    const next = (await get(`/api/reports/inventory-valuation?${query}&pageSize=200&page=${page}`)).json<Valuation>();
    if (next.items.length === 0) break;
    items.push(...next.items);
  }
  return { ...first, items };
}

describe('inventory valuation on the shared list', () => {
  test('sorts by any column on the server; a search narrows the rows but not the reconciliation totals', async () => {
    const bySku = await allRows('');
    expect(bySku.total).toBeGreaterThan(2);

    const byValue = await allRows('sort=-value');
    const values = byValue.items.map((row) => row.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(byValue.totals).toEqual(bySku.totals);
    expect([...byValue.items.map((row) => row.itemSku)].sort()).toEqual([...bySku.items.map((r) => r.itemSku)].sort());

    const first = bySku.items[0]!;
    const searched = (
      await get(`/api/reports/inventory-valuation?q=${encodeURIComponent(first.itemSku)}`)
    ).json<Valuation>();
    expect(searched.items.map((row) => row.itemSku)).toContain(first.itemSku);
    expect(searched.total).toBe(searched.items.length);
    expect(searched.total).toBeLessThan(bySku.total);
    expect(searched.totals).toEqual(bySku.totals);

    const bad = await get('/api/reports/inventory-valuation?sort=cost');
    expect(bad.statusCode).toBe(400);
  });

  test('exports every selected item, in the list order, unpaged', async () => {
    const all = await allRows('sort=-value');
    const csv = await get('/api/reports/inventory-valuation/export.csv?sort=-value&pageSize=1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('inventory-valuation.csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Item,Name,Method,Per warehouse,Quantity,Unit,Unit value,Value');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(all.items.map((row) => row.itemSku));
  });
});
