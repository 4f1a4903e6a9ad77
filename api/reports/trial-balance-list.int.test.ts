import { postMove } from '../../db/inventory/post-move';
import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };

type Account = { code: string; name: string; type: string; closing: number; debitMovement: number };
type AccountsPage = {
  items: Account[];
  total: number;
  page: number;
  pageSize: number;
  totals: { debitMovement: number; creditMovement: number; closing: number };
  balanced: boolean;
  basis: string;
};
type Report = { accounts: Account[]; totals: AccountsPage['totals']; balanced: boolean };

beforeAll(async () => {
  t = await createTestApp();
  controller = await login(t.app, 'controller');
  // A valued receipt, so the inventory and clearing accounts carry amounts to sort by.
  const sku = `TBL-${Date.now() % 1_000_000}`;
  await query(
    t.orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Trial balance list item', 'pcs', 'test', false, 1, 'buy', false, 'fifo', false, 10, now())`,
    [sku],
  );
  await t.orm.em.fork().transactional((em) =>
    postMove(em, {
      moveType: 'receipt',
      itemSku: sku,
      toLocation: 'MAIN-A01',
      quantity: 3,
      unitCost: 7,
      documentType: 'test',
      documentRef: sku,
      userName: 'tester',
      idempotencyKey: `tb-list:${sku}`,
    }),
  );
});

afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  return t.app.inject({ method: 'GET', url, headers: controller });
}

describe('trial balance on the shared list', () => {
  test('sorts every account on the server, pages them and keeps the whole report totals', async () => {
    const report = (await get('/api/reports/trial-balance')).json<Report>();
    const byClosing = await get('/api/reports/trial-balance/accounts?sort=-closing&pageSize=200');
    expect(byClosing.statusCode).toBe(200);
    const page = byClosing.json<AccountsPage>();
    expect(page.total).toBe(report.accounts.length);
    expect(page.totals).toEqual(report.totals);
    expect(page.balanced).toBe(report.balanced);
    const closings = page.items.map((account) => account.closing);
    expect(closings).toEqual([...closings].sort((a, b) => b - a));
    expect(closings[0]).toBeGreaterThan(0);

    const first = (await get('/api/reports/trial-balance/accounts?sort=name&pageSize=2')).json<AccountsPage>();
    const second = (await get('/api/reports/trial-balance/accounts?sort=name&pageSize=2&page=2')).json<AccountsPage>();
    const names = [...report.accounts.map((a) => a.name)].sort((a, b) => a.localeCompare(b));
    expect([...first.items, ...second.items].map((a) => a.name)).toEqual(names.slice(0, 4));
    expect(second.page).toBe(2);
  });

  test('searches and filters by type; the export holds every selected account, unpaged', async () => {
    const report = (await get('/api/reports/trial-balance')).json<Report>();
    const assets = report.accounts.filter((account) => account.type === 'asset');
    expect(assets.length).toBeGreaterThan(1);
    const filtered = (await get('/api/reports/trial-balance/accounts?type=asset&pageSize=1')).json<AccountsPage>();
    expect(filtered.total).toBe(assets.length);
    expect(filtered.items).toHaveLength(1);
    const searched = (await get('/api/reports/trial-balance/accounts?q=1300')).json<AccountsPage>();
    expect(searched.items.map((a) => a.code)).toContain('1300');

    const csv = await get('/api/reports/trial-balance/accounts/export.csv?type=asset&sort=-code&pageSize=1');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Account,Name,Type,Normal side,Opening (Dr - Cr),Debit,Credit,Closing (Dr - Cr)');
    expect(lines).toHaveLength(assets.length + 1);
    const codes = lines.slice(1).map((line) => line.split(',')[0]);
    expect(codes).toEqual([...codes].sort().reverse());
  });

  test('refuses a sort it does not know and a range that makes no sense, naming the field', async () => {
    const badSort = await get('/api/reports/trial-balance/accounts?sort=balance');
    expect(badSort.statusCode).toBe(400);
    const badRange = await get('/api/reports/trial-balance/accounts?basis=period');
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().error.field).toBe('from');
    const old = await get('/api/reports/trial-balance?basis=period');
    expect(old.statusCode).toBe(400);
  });
});
