import type { EntityManager } from '@mikro-orm/postgresql';
import { postMove, type MoveCommand } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { countRows, createTestApp, login, type TestApp } from '../../test/support/int-env';
import { closePeriod } from '../periods/period-service';

jest.setTimeout(120_000);

let t: TestApp;
let controller: { authorization: string };
let clerk: { authorization: string };
let auditor: { authorization: string };
let admin: { authorization: string };
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
  controller = await login(t.app, 'controller');
  clerk = await login(t.app, 'clerk');
  auditor = await login(t.app, 'auditor');
  admin = await login(t.app, 'admin');
});

afterAll(async () => {
  await t?.close();
});

const tx = <T>(work: (em: EntityManager) => Promise<T>) => t.orm.em.fork().transactional(work);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ v: string }>(t.orm.em.fork(), sql, params);
  return num(row?.v ?? 0);
}

async function get<T>(url: string, headers = controller): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

/** A fresh item of the test's own, valued per warehouse, so its ledger holds exactly the moves posted here. */
async function newItem(): Promise<string> {
  counter += 1;
  const sku = `RPT-${Date.now() % 1_000_000}-${counter}`;
  await query(
    t.orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Reports test item', 'pcs', 'test', false, 1, 'buy', false, 'fifo', true, 10, now())`,
    [sku],
  );
  return sku;
}

function move(sku: string, overrides: Partial<MoveCommand>): MoveCommand {
  counter += 1;
  return {
    moveType: 'receipt',
    itemSku: sku,
    toLocation: 'MAIN-A01',
    quantity: 1,
    documentType: 'test',
    documentRef: `RPT${counter}`,
    userName: 'tester',
    idempotencyKey: `reports-test:${Date.now()}:${counter}`,
    ...overrides,
  };
}

interface Page<T> {
  items: T[];
  total: number;
}
type StockRow = { itemSku: string; virtualWarehouse: boolean; quantity: number; unitValue: number; value: number };
type StockReport = Page<StockRow> & { totals: { quantity: number; value: number } };
type LedgerRow = { moveType: string; quantityIn: number; quantityOut: number; runningQuantity: number };
type LedgerReport = Page<LedgerRow & { runningValue: number; valueIn: number; valueOut: number }> & {
  onHand: number;
  value: number;
};

describe('stock and books reports on real PostgreSQL', () => {
  let sku = '';

  beforeAll(async () => {
    sku = await newItem();
    await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 2, effectiveAt: daysAgo(20) })));
    await tx((em) => postMove(em, move(sku, { quantity: 5, unitCost: 4, effectiveAt: daysAgo(15) })));
    await tx((em) =>
      postMove(em, move(sku, { moveType: 'transfer', fromLocation: 'MAIN-A01', toLocation: 'EAST-A01', quantity: 6 })),
    );
    await tx((em) =>
      postMove(em, move(sku, { moveType: 'shipment', toLocation: null, fromLocation: 'MAIN-A01', quantity: 3 })),
    );
    // Backdated: re-values the FIFO issues after it.
    await tx((em) => postMove(em, move(sku, { quantity: 4, unitCost: 1, effectiveAt: daysAgo(30) })));
    await tx((em) =>
      postMove(em, move(sku, { moveType: 'scrap', toLocation: null, fromLocation: 'EAST-A01', quantity: 1 })),
    );
    await tx((em) => postMove(em, move(sku, { toLocation: 'CONSIGN-V01', quantity: 7, unitCost: 0 })));
  });

  test('stock on hand: the total value equals the valuation sub-ledger, virtual stock is worth nothing', async () => {
    const all = await get<StockReport>('/api/reports/stock-on-hand?pageSize=200');
    expect(all.total).toBeGreaterThan(100);
    expect(all.totals.value).toBeCloseTo(await scalar('select coalesce(sum(value), 0) as v from item_valuation'), 2);
    expect(all.totals.quantity).toBeCloseTo(
      await scalar('select coalesce(sum(quantity), 0) as v from stock_balance'),
      3,
    );
    for (const row of all.items) expect(row.value).toBeCloseTo(row.quantity * row.unitValue, 1);

    const mine = await get<StockReport>(`/api/reports/stock-on-hand?itemSku=${sku}`);
    expect(mine.items.map((row) => [row.virtualWarehouse, row.quantity])).toEqual(
      expect.arrayContaining([
        [false, 10],
        [false, 5],
        [true, 7],
      ]),
    );
    expect(mine.items.find((row) => row.virtualWarehouse)).toMatchObject({ unitValue: 0, value: 0 });
    expect(mine.totals).toMatchObject({
      expired: { quantity: 0, value: 0 },
      blocked: { quantity: 0, value: 0 },
      quantity: 22,
      value: await scalar(
        'select sum(v.value) as v from item_valuation v join item i on i.id = v.item_id where i.sku = ?',
        [sku],
      ),
    });
    const east = await get<StockReport>(`/api/reports/stock-on-hand?itemSku=${sku}&warehouseCode=EAST`);
    expect(east.items).toHaveLength(1);
    expect(east.totals.value).toBe(
      await scalar(
        `select v.value as v from item_valuation v join item i on i.id = v.item_id join warehouse w on w.id = v.warehouse_id
          where i.sku = ? and w.code = 'EAST'`,
        [sku],
      ),
    );

    const first = await get<StockReport>('/api/reports/stock-on-hand?page=1&pageSize=5');
    const second = await get<StockReport>('/api/reports/stock-on-hand?page=2&pageSize=5');
    expect(first.items).toEqual(all.items.slice(0, 5));
    expect(second.items).toEqual(all.items.slice(5, 10));
  });

  test('item ledger: running quantity and value end at on hand and the sub-ledger, page by page', async () => {
    const whole = await get<LedgerReport>(`/api/reports/item-ledger?itemSku=${sku}&pageSize=200`);
    expect(whole.items.map((row) => row.moveType)).toEqual([
      'receipt',
      'receipt',
      'receipt',
      'transfer',
      'shipment',
      'scrap',
      'receipt',
    ]);
    expect(whole.items.map((row) => row.runningQuantity)).toEqual([4, 14, 19, 19, 16, 15, 22]);
    const last = whole.items.at(-1);
    expect(last?.runningQuantity).toBe(whole.onHand);
    expect(whole.onHand).toBe(22);
    expect(last?.runningValue).toBeCloseTo(whole.value, 2);
    let running = 0;
    for (const row of whole.items) {
      running += row.valueIn - row.valueOut;
      expect(row.runningValue).toBeCloseTo(running, 2);
    }
    // Valued per warehouse: the transfer carries cost out of MAIN and into EAST; internal moves net to 0 quantity.
    expect(whole.items[3]).toMatchObject({ quantityIn: 0, quantityOut: 0 });
    expect(whole.items[3]?.valueIn).toBeGreaterThan(0);
    expect(whole.items[3]?.valueOut).toBeGreaterThan(0);
    expect(whole.items[6]).toMatchObject({ quantityIn: 7, valueIn: 0 }); // customer-supplied: never valued

    // Small pages carry the running totals over from everything before them.
    const paged: LedgerReport['items'] = [];
    for (let page = 1; page <= 4; page += 1) {
      paged.push(...(await get<LedgerReport>(`/api/reports/item-ledger?itemSku=${sku}&page=${page}&pageSize=2`)).items);
    }
    expect(paged).toEqual(whole.items);

    const seeded = await query<{ sku: string }>(
      t.orm.em.fork(),
      `select i.sku from item i where exists (select 1 from stock_move m where m.item_id = i.id) order by i.sku limit 1`,
    );
    const seededSku = String(seeded[0]?.sku);
    const seededLedger = await get<LedgerReport>(`/api/reports/item-ledger?itemSku=${seededSku}&pageSize=1`);
    const lastPage = await get<LedgerReport>(
      `/api/reports/item-ledger?itemSku=${seededSku}&pageSize=1&page=${seededLedger.total}`,
    );
    expect(lastPage.items[0]?.runningQuantity).toBe(
      await scalar('select sum(b.quantity) as v from stock_balance b join item i on i.id = b.item_id where i.sku = ?', [
        seededSku,
      ]),
    );
    expect(lastPage.items[0]?.runningValue).toBeCloseTo(lastPage.value, 2);

    for (const [url, field] of [
      ['/api/reports/item-ledger?itemSku=NO-SUCH-ITEM', 'itemSku'],
      ['/api/reports/item-ledger', 'itemSku'],
      [`/api/reports/item-ledger?itemSku=${sku}&pageSize=0`, 'pageSize'],
    ]) {
      const response = await t.app.inject({ method: 'GET', url: String(url), headers: controller });
      expect({ url, status: response.statusCode, field: response.json().error.field }).toEqual({
        url,
        status: 400,
        field,
      });
    }
  });

  test('aging buckets and slow movers', async () => {
    type Aging = Page<{ ageDays: number; bucket: string; quantity: number }> & {
      buckets: Array<{ bucket: string; lots: number }>;
    };
    const aging = await get<Aging>('/api/reports/stock-aging?pageSize=200');
    expect(aging.total).toBe(aging.buckets.reduce((sum, bucket) => sum + bucket.lots, 0));
    expect(aging.total).toBeGreaterThan(0);
    const bucketOf = (days: number) =>
      ['0-30', '31-90', '91-180', '180+'][[30, 90, 180].filter((d) => days > d).length];
    for (const row of aging.items) expect(row.bucket).toBe(bucketOf(row.ageDays));
    const old = await get<Aging>('/api/reports/stock-aging?bucket=91-180&pageSize=200');
    expect(old.items.every((row) => row.bucket === '91-180')).toBe(true);

    type Slow = Page<{ itemSku: string; lastOutgoingAt: string | null; quantity: number }>;
    const slow = await get<Slow>('/api/reports/slow-moving?days=90&pageSize=200');
    expect(slow.total).toBeGreaterThan(0);
    const cutoff = Date.now() - 90 * 86_400_000;
    for (const row of slow.items) {
      expect(row.lastOutgoingAt === null || Date.parse(row.lastOutgoingAt) < cutoff).toBe(true);
    }
    expect(slow.items.map((row) => row.itemSku)).not.toContain(sku); // shipped today
    const longer = await get<Slow>('/api/reports/slow-moving?days=1&pageSize=200');
    expect(longer.items.map((row) => row.itemSku)).not.toContain(sku);
    const bad = await t.app.inject({ method: 'GET', url: '/api/reports/slow-moving?days=0', headers: controller });
    expect(bad.statusCode).toBe(400);
  });

  test('trial balance balances and Inventory 1300 equals the valuation sub-ledger', async () => {
    type Trial = {
      accounts: Array<{ code: string; balance: number; debit: number }>;
      totals: { debit: number; credit: number };
      balanced: boolean;
    };
    const trial = await get<Trial>('/api/reports/trial-balance');
    expect(trial.balanced).toBe(true);
    expect(trial.totals.debit).toBe(trial.totals.credit);
    expect(trial.totals.debit).toBeGreaterThan(0);
    const subLedger = await scalar('select coalesce(sum(value), 0) as v from item_valuation');
    expect(trial.accounts.find((account) => account.code === '1300')?.balance).toBeCloseTo(subLedger, 2);

    const early = await get<Trial>('/api/reports/trial-balance?period=2000-01');
    expect(early.balanced).toBe(true);
    expect(early.accounts.every((account) => account.debit === 0)).toBe(true);
    const bad = await t.app.inject({ method: 'GET', url: '/api/reports/trial-balance?period=2025-13', headers: clerk });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('period');

    type Valuation = Page<{ itemSku: string; value: number }> & {
      totals: { value: number; inventoryAccountBalance: number; reconciled: boolean };
    };
    const valuation = await get<Valuation>('/api/reports/inventory-valuation?pageSize=200');
    expect(valuation.totals).toMatchObject({ reconciled: true, value: subLedger, inventoryAccountBalance: subLedger });
    expect(valuation.items.find((row) => row.itemSku === sku)?.value).toBe(
      await scalar('select sum(v.value) as v from item_valuation v join item i on i.id = v.item_id where i.sku = ?', [
        sku,
      ]),
    );
  });

  test('an auditor reads every report and the OpenAPI document describes them', async () => {
    const reports = [
      'stock-on-hand',
      'stock-aging',
      'slow-moving',
      'trial-balance',
      'inventory-valuation',
      'warehouses',
    ];
    for (const report of reports) {
      const response = await t.app.inject({ method: 'GET', url: `/api/reports/${report}`, headers: auditor });
      expect({ report, status: response.statusCode }).toEqual({ report, status: 200 });
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/reports/trial-balance' });
    expect(anonymous.statusCode).toBe(401);
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys(docs.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/reports/stock-on-hand',
        '/api/reports/item-ledger',
        '/api/reports/trial-balance',
        '/api/periods/{code}/close',
      ]),
    );
  });
});

describe('closing and reopening accounting periods', () => {
  const code = '2025-01';
  const inPeriod = (day: number) => new Date(Date.UTC(2025, 0, day, 12));
  // The one-button close runs the period-close process (checklist, proof, a second controller's approval): its
  // refusals are read here; the closes themselves are the books' administration (period-service), as these tests
  // are about the period lock, not the checklist (api/periods/*.int.test.ts cover that).
  const close = (headers: { authorization: string }, period = code) =>
    t.app.inject({ method: 'POST', url: `/api/periods/${period}/close`, headers, payload: { reason: 'month end' } });
  const closeBooks = (period = code) => closePeriod(t.orm, { code: period, actor: 'controller', reason: 'month end' });
  const reopen = (headers: { authorization: string }) =>
    t.app.inject({ method: 'POST', url: `/api/periods/${code}/reopen`, headers, payload: { reason: 'late invoice' } });
  let sku = '';
  /** Months before ours that other tests left open: months close in order, so these close first (and reopen after). */
  let earlier: string[] = [];

  beforeAll(async () => {
    sku = await newItem();
    // The books open a month on its first posting.
    await tx((em) => postMove(em, move(sku, { quantity: 3, unitCost: 5, effectiveAt: inPeriod(10) })));
    const rows = await query<{ code: string }>(
      t.orm.em.fork(),
      `select code from accounting_period where code < ? and status = 'open' order by code`,
      [code],
    );
    earlier = rows.map((row) => row.code);
    for (const month of earlier) await closeBooks(month);
  });

  afterAll(async () => {
    for (const month of [...earlier].reverse()) {
      await t.app.inject({
        method: 'POST',
        url: `/api/periods/${month}/reopen`,
        headers: controller,
        payload: { reason: 'test cleanup' },
      });
    }
  });

  test('months close in order and reopen latest first', async () => {
    const later = tx((em) =>
      postMove(em, move(sku, { quantity: 1, unitCost: 5, effectiveAt: new Date(Date.UTC(2025, 1, 3, 12)) })),
    );
    await later; // opens 2025-02
    const outOfOrder = await close(controller, '2025-02');
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json().error).toMatchObject({ code: 'PERIOD_OUT_OF_ORDER', field: 'code' });
    if (earlier.length > 0) {
      const month = earlier[earlier.length - 1] as string;
      const reopenEarly = await t.app.inject({
        method: 'POST',
        url: `/api/periods/${month}/reopen`,
        headers: controller,
        payload: { reason: 'reclose in order' },
      });
      expect(reopenEarly.statusCode).toBe(200); // nothing later is closed yet
      await closeBooks(month);
    }
  });

  test('only controllers and admins close; a closed period refuses postings; reopening is its own audited act', async () => {
    const periods = await get<{ items: Array<{ code: string; status: string }> }>('/api/periods', clerk);
    expect(periods.items).toEqual(expect.arrayContaining([expect.objectContaining({ code, status: 'open' })]));

    for (const [who, headers] of [
      ['clerk', clerk],
      ['auditor', auditor],
    ] as const) {
      const refused = await close(headers);
      expect({ who, status: refused.statusCode }).toEqual({ who, status: 403 });
    }
    expect((await close(controller, '1999-01')).statusCode).toBe(404);
    const malformed = await close(controller, '2025-1');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe('code');

    const reasonless = await t.app.inject({
      method: 'POST',
      url: `/api/periods/${code}/close`,
      headers: controller,
      payload: { reason: '  ' },
    });
    expect(reasonless.statusCode).toBe(400); // the close reason is required
    expect(reasonless.json().error.field).toBe('reason');

    const closed = await closeBooks();
    expect(closed).toMatchObject({ code, status: 'closed', closedBy: 'controller', closeReason: 'month end' });
    const again = await close(admin);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PERIOD_ALREADY_CLOSED');

    const late = tx((em) => postMove(em, move(sku, { quantity: 1, unitCost: 5, effectiveAt: inPeriod(20) })));
    await expect(late).rejects.toMatchObject({ code: 'PERIOD_CLOSED' });

    expect((await reopen(admin)).statusCode).toBe(403); // reopening is the controller's act alone
    const reopened = await reopen(controller);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ code, status: 'open', closedBy: null, closedAt: null });
    expect((await reopen(controller)).json().error.code).toBe('PERIOD_NOT_CLOSED');
    await tx((em) => postMove(em, move(sku, { quantity: 1, unitCost: 5, effectiveAt: inPeriod(20) })));

    const audit = await query<{ action: string; actor: string; details: { reason?: string } }>(
      t.orm.em.fork(),
      `select action, actor, details from audit_log where entity_type = 'accounting_period' and entity_id = ? order by id`,
      [code],
    );
    expect(audit).toEqual([
      { action: 'period.closed', actor: 'controller', details: { reason: 'month end' } },
      expect.objectContaining({ action: 'period.reopened', actor: 'controller' }),
    ]);
    expect(audit[1]?.details).toMatchObject({ closedBy: 'controller', reason: 'late invoice' });
  });

  test('a close waits for a posting in flight, which then lands before the lock', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let posted!: () => void;
    const postedSignal = new Promise<void>((resolve) => (posted = resolve));
    const posting = tx(async (em) => {
      const result = await postMove(em, move(sku, { quantity: 2, unitCost: 5, effectiveAt: inPeriod(25) }));
      posted();
      await gate;
      return result;
    });
    await postedSignal;
    let finished = false;
    const closing = closeBooks().then((period) => {
      finished = true;
      return period;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(false);
    release();
    const { moveId } = await posting;
    expect((await closing).status).toBe('closed');
    expect(await countRows(t.orm, 'select count(*) as n from stock_move where id = ?', [moveId])).toBe(1);
    expect((await reopen(controller)).statusCode).toBe(200);
  });
});
