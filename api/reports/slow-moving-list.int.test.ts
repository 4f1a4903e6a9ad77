import { postMove, type MoveCommand } from '../../db/inventory/post-move';
import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';
import { moveCommands } from '../../test/support/stock';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };
const prefix = `SLW${Date.now() % 1_000_000}`;
/** Never moved out (9 on hand), last issued 50 days ago (4 left), issued today (not slow for any threshold). */
const [never, fifty, today] = ['N', 'F', 'T'].map((tag) => `${prefix}-${tag}`) as [string, string, string];
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

type SlowRow = { itemSku: string; lastOutgoingAt: string | null; daysSinceLastOutgoing: number | null };
type SlowRowQ = SlowRow & { quantity: number; value: number };
type Page<R> = { items: R[]; total: number; totals: { value: number } };

const moveOf = moveCommands('slow-moving', 'MAIN-A01');
const move = (overrides: Partial<MoveCommand>) => moveOf(never, overrides);

beforeAll(async () => {
  t = await createTestApp();
  controller = await login(t.app, 'controller');
  for (const sku of [never, fifty, today]) {
    await query(
      t.orm.em.fork(),
      `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                         valuation_method, valued_per_warehouse, list_price, created_at)
       values (?, 'Slow mover', 'pcs', 'test', false, 1, 'buy', false, 'average', false, 10, now())`,
      [sku],
    );
  }
  const issue = { moveType: 'issue', toLocation: null, fromLocation: 'MAIN-A01' } as const;
  const moves: Array<Partial<MoveCommand>> = [
    { itemSku: never, quantity: 9, unitCost: 2, effectiveAt: daysAgo(200) },
    { itemSku: fifty, quantity: 6, unitCost: 5, effectiveAt: daysAgo(120) },
    { itemSku: fifty, ...issue, quantity: 2, effectiveAt: daysAgo(50) },
    { itemSku: today, quantity: 3, unitCost: 1, effectiveAt: daysAgo(10) },
    { itemSku: today, ...issue, quantity: 1 },
  ];
  for (const command of moves) await t.orm.em.fork().transactional((em) => postMove(em, move(command)));
});

afterAll(async () => {
  await t?.close();
});

async function get<T>(url: string): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers: controller });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

const skus = (page: Page<SlowRow>) => page.items.map((r) => r.itemSku);

describe('slow-moving stock on the shared list', () => {
  test('the days threshold selects, never-moved first; sorts both ways; totals over the filter', async () => {
    const month = await get<Page<SlowRowQ>>(`/api/reports/slow-moving?itemSku=${prefix}&days=30`);
    expect(skus(month)).toEqual([never, fifty]);
    expect(month.items[0]).toMatchObject({ lastOutgoingAt: null, daysSinceLastOutgoing: null, quantity: 9, value: 18 });
    expect(month.items[1]).toMatchObject({ daysSinceLastOutgoing: 50, quantity: 4, value: 20 });
    expect(month.totals.value).toBe(38);
    const quarter = await get<Page<SlowRowQ>>(`/api/reports/slow-moving?q=${prefix}&days=60`);
    expect(skus(quarter)).toEqual([never]);
    expect(quarter.totals.value).toBe(18);

    const up = await get<Page<SlowRowQ>>(`/api/reports/slow-moving?itemSku=${prefix}&days=30&sort=quantity`);
    expect(up.items.map((r) => r.quantity)).toEqual([4, 9]);
    const down = await get<Page<SlowRowQ>>(`/api/reports/slow-moving?itemSku=${prefix}&days=30&sort=-quantity`);
    expect(down.items.map((r) => r.quantity)).toEqual([9, 4]);
    // Never moved counts as the longest time since: first when sorted by days since, descending.
    const longest = await get<Page<SlowRowQ>>(
      `/api/reports/slow-moving?itemSku=${prefix}&days=30&sort=-daysSinceLastOutgoing`,
    );
    expect(skus(longest)).toEqual([never, fifty]);
    const latest = await get<Page<SlowRowQ>>(`/api/reports/slow-moving?itemSku=${prefix}&days=30&sort=-lastOutgoingAt`);
    expect(skus(latest)).toEqual([fifty, never]);
  });

  test('exports every page of the filtered list in its order; bad sort and days are refused naming them', async () => {
    const rows: SlowRowQ[] = [];
    for (let page = 1; page <= 2; page += 1) {
      const url = `/api/reports/slow-moving?itemSku=${prefix}&days=30&sort=-value&page=${page}&pageSize=1`;
      rows.push(...(await get<Page<SlowRowQ>>(url)).items);
    }
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/reports/slow-moving/export.csv?itemSku=${prefix}&days=30&sort=-value&pageSize=1`,
      headers: controller,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const [header = '', ...lines] = response.body.trim().split('\r\n');
    expect(header.split(',')).toEqual(['Item', 'Name', 'Last outgoing', 'Days since', 'Quantity', 'Unit', 'Value']);
    const csv = lines.map((line) => line.split(','));
    expect(csv.map((r) => [r[0], Number(r[4]), Number(r[6])])).toEqual(
      rows.map((r) => [r.itemSku, r.quantity, r.value]),
    );
    expect(csv.map((r) => r[0])).toEqual([fifty, never]);

    for (const [url, field] of [
      ['/api/reports/slow-moving?sort=age', 'sort'],
      ['/api/reports/slow-moving/export.csv?sort=-price', 'sort'],
      ['/api/reports/slow-moving?days=0', 'days'],
    ]) {
      const refused = await t.app.inject({ method: 'GET', url: String(url), headers: controller });
      expect({ url, status: refused.statusCode, field: refused.json().error.field }).toEqual({
        url,
        status: 400,
        field,
      });
    }
  });
});
