import { postMove, type MoveCommand } from '../../db/inventory/post-move';
import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';
import { moveCommands } from '../../test/support/stock';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };
const sku = `SLT-${Date.now() % 1_000_000}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

type StockRow = { itemSku: string; locationCode: string; lotCode: string | null; quantity: number; value: number };
type LedgerRow = { moveId: number; lotCode: string | null; runningQuantity: number; runningValue: number };
type AgingRow = { lotCode: string; ageDays: number; bucket: string; quantity: number };
type Page<R> = { items: R[]; total: number };

const moveOf = moveCommands('stock-lists', 'MAIN-A01');
const move = (overrides: Partial<MoveCommand>) => moveOf(sku, overrides);

beforeAll(async () => {
  t = await createTestApp();
  controller = await login(t.app, 'controller');
  await query(
    t.orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Stock lists item', 'pcs', 'test', true, 1, 'buy', false, 'fifo', false, 10, now())`,
    [sku],
  );
  // Three lots of different ages, quantities and costs in two locations, then an issue from the oldest.
  const moves: Array<Partial<MoveCommand>> = [
    { lot: { code: `${sku}-OLD` }, quantity: 5, unitCost: 2, effectiveAt: daysAgo(100) },
    { lot: { code: `${sku}-MID` }, toLocation: 'MAIN-A02', quantity: 3, unitCost: 4, effectiveAt: daysAgo(40) },
    { lot: { code: `${sku}-NEW` }, quantity: 8, unitCost: 3, effectiveAt: daysAgo(1) },
    { moveType: 'issue', lot: { code: `${sku}-OLD` }, toLocation: null, fromLocation: 'MAIN-A01', quantity: 2 },
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

/** Every page of a list, pageSize rows at a time. */
async function allPages<R>(url: string, pageSize: number): Promise<R[]> {
  const rows: R[] = [];
  for (let page = 1; ; page += 1) {
    const { items, total } = await get<Page<R>>(`${url}&page=${page}&pageSize=${pageSize}`);
    rows.push(...items);
    if (rows.length >= total || items.length === 0) return rows;
  }
}

/** The CSV export's data lines, split into fields (the fixtures hold no commas or quotes). */
async function csvRows(url: string): Promise<{ header: string[]; rows: string[][] }> {
  const response = await t.app.inject({ method: 'GET', url, headers: controller });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  const [header = '', ...lines] = response.body.trim().split('\r\n');
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

async function refusal(url: string) {
  const response = await t.app.inject({ method: 'GET', url, headers: controller });
  return { status: response.statusCode, field: response.json<{ error: { field?: string } }>().error.field };
}

describe('stock on hand on the shared list', () => {
  test('sorts both ways on a column, filters by lot and status, totals over the filter', async () => {
    const up = await get<Page<StockRow>>(`/api/reports/stock-on-hand?itemSku=${sku}&sort=quantity`);
    expect(up.items.map((r) => r.quantity)).toEqual([3, 3, 8]);
    const down = await get<Page<StockRow>>(`/api/reports/stock-on-hand?itemSku=${sku}&sort=-value`);
    const values = down.items.map((r) => r.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // Every lot at the item's average unit value: the 8 of the newest lot is worth most, the two 3s tie.
    expect(down.items[0]?.lotCode).toBe(`${sku}-NEW`);
    expect(values[1]).toBe(values[2]);

    type WithTotals = Page<StockRow> & { totals: { quantity: number; value: number } };
    const mid = await get<WithTotals>(`/api/reports/stock-on-hand?itemSku=${sku}&lotCode=-mid`);
    expect(mid.items.map((r) => [r.lotCode, r.locationCode, r.quantity])).toEqual([[`${sku}-MID`, 'MAIN-A02', 3]]);
    expect(mid.totals).toMatchObject({ quantity: 3, value: mid.items[0]?.value });
    const located = await get<WithTotals>(`/api/reports/stock-on-hand?q=${sku}&locationCode=a01`);
    expect(located.items.map((r) => r.lotCode).sort()).toEqual([`${sku}-NEW`, `${sku}-OLD`]);
    expect(located.totals.quantity).toBe(11);
    const blocked = await get<WithTotals>(`/api/reports/stock-on-hand?itemSku=${sku}&status=blocked`);
    expect(blocked).toMatchObject({ total: 0, totals: { quantity: 0 } });
  });

  test('exports every page of the filtered list, in its order; an unknown sort is refused naming sort', async () => {
    const listed = await allPages<StockRow>(`/api/reports/stock-on-hand?q=${sku}&sort=-quantity`, 1);
    expect(listed).toHaveLength(3);
    const csv = await csvRows(`/api/reports/stock-on-hand/export.csv?q=${sku}&sort=-quantity&pageSize=1`);
    expect(csv.header.slice(0, 5)).toEqual(['Item', 'Name', 'Warehouse', 'Location', 'Lot']);
    expect(csv.rows.map((r) => [r[0], r[3], r[4], Number(r[8])])).toEqual(
      listed.map((r) => [r.itemSku, r.locationCode, r.lotCode, r.quantity]),
    );
    expect(await refusal('/api/reports/stock-on-hand?sort=cost')).toEqual({ status: 400, field: 'sort' });
    expect(await refusal('/api/reports/stock-on-hand/export.csv?sort=-cost')).toEqual({ status: 400, field: 'sort' });
    expect(await refusal('/api/reports/stock-on-hand?status=lost')).toEqual({ status: 400, field: 'status' });
  });
});

describe('item ledger on the shared list', () => {
  test("sorts and filters while each move keeps the running figures of the item's history", async () => {
    const ledger = await get<Page<LedgerRow> & { onHand: number }>(`/api/reports/item-ledger?itemSku=${sku}`);
    expect(ledger.items.map((r) => r.runningQuantity)).toEqual([5, 8, 16, 14]);
    expect(ledger.onHand).toBe(14);
    expect(ledger.items.at(-1)?.runningValue).toBe(5 * 2 + 3 * 4 + 8 * 3 - 2 * 2);

    const reversed = await get<Page<LedgerRow>>(`/api/reports/item-ledger?itemSku=${sku}&sort=-effectiveAt`);
    expect(reversed.items).toEqual([...ledger.items].reverse());
    const old = await get<Page<LedgerRow>>(`/api/reports/item-ledger?itemSku=${sku}&lotCode=old&sort=-runningQuantity`);
    expect(old.items.map((r) => [r.lotCode, r.runningQuantity])).toEqual([
      [`${sku}-OLD`, 14],
      [`${sku}-OLD`, 5],
    ]);
    const issues = await get<Page<LedgerRow>>(`/api/reports/item-ledger?itemSku=${sku}&moveType=issue`);
    expect(issues.items.map((r) => r.moveId)).toEqual([ledger.items[3]?.moveId]);

    const csv = await csvRows(`/api/reports/item-ledger/export.csv?itemSku=${sku}&sort=-runningValue`);
    const byValue = await allPages<LedgerRow>(`/api/reports/item-ledger?itemSku=${sku}&sort=-runningValue`, 1);
    expect(csv.rows.map((r) => Number(r[12]))).toEqual(byValue.map((r) => r.runningQuantity));
    expect(await refusal(`/api/reports/item-ledger?itemSku=${sku}&sort=price`)).toEqual({
      status: 400,
      field: 'sort',
    });
    expect(await refusal('/api/reports/item-ledger/export.csv?itemSku=NO-SUCH-ITEM')).toMatchObject({
      field: 'itemSku',
    });
  });
});

describe('stock aging on the shared list', () => {
  test('sorts both ways, filters by bucket, summarises the buckets of the search and exports all pages', async () => {
    type Aging = Page<AgingRow> & { buckets: Array<{ bucket: string; lots: number; quantity: number }> };
    const up = await get<Aging>(`/api/reports/stock-aging?itemSku=${sku}&sort=ageDays`);
    expect(up.items.map((r) => [r.lotCode, r.bucket, r.quantity])).toEqual([
      [`${sku}-NEW`, '0-30', 8],
      [`${sku}-MID`, '31-90', 3],
      [`${sku}-OLD`, '91-180', 3],
    ]);
    expect(up.buckets.map((b) => b.lots)).toEqual([1, 1, 1, 0]);
    const down = await get<Aging>(`/api/reports/stock-aging?itemSku=${sku}&sort=-bucket`);
    expect(down.items.map((r) => r.lotCode)).toEqual(up.items.map((r) => r.lotCode).reverse());
    const mid = await get<Aging>(`/api/reports/stock-aging?itemSku=${sku}&bucket=31-90`);
    expect(mid.items.map((r) => r.lotCode)).toEqual([`${sku}-MID`]);
    expect(mid.buckets).toEqual(up.buckets);

    const listed = await allPages<AgingRow>(`/api/reports/stock-aging?q=${sku}&sort=-quantity`, 2);
    const csv = await csvRows(`/api/reports/stock-aging/export.csv?q=${sku}&sort=-quantity`);
    expect(csv.rows.map((r) => [r[2], Number(r[7])])).toEqual(listed.map((r) => [r.lotCode, r.quantity]));
    expect(await refusal('/api/reports/stock-aging?sort=age')).toEqual({ status: 400, field: 'sort' });
  });
});
