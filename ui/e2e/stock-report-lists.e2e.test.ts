/**
 * Stock reports on the shared list (issue 11, item 8): stock on hand, the item ledger, stock aging and slow-moving
 * stock sort on the
 * server (the rows' order is the API's order for the same sort), keep their filters in the URL across a reload and
 * Back, export the filtered rows (every page) as CSV, and open a row (a stock row its item's ledger).
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { selectOption, waitForQueryParam } from './support/lists';
import { byTestId, login } from './support/pages';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });

type StockRow = { itemSku: string; locationCode: string; lotCode: string | null; status: string };
type LedgerRow = { moveId: number; documentRef: string; runningQuantity: number };
type AgingRow = { itemSku: string; lotCode: string };
type SlowRow = { itemSku: string; quantity: number };
type Page_<R> = { items: R[]; total: number };

let token = '';
const report = async <R>(path: string) => (await api<Page_<R>>('GET', `/api/reports/${path}`, token)).body;

/** Every row of a report's list, all pages (what the CSV export must hold). */
async function allRows<R>(path: string): Promise<R[]> {
  const rows: R[] = [];
  for (let page = 1; ; page += 1) {
    const { items, total } = await report<R>(`${path}&page=${page}&pageSize=200`);
    rows.push(...items);
    if (rows.length >= total || items.length === 0) return rows;
  }
}

/** The rows' `attribute`, once they equal `expected` in order. */
async function waitForRows(rows: Locator, attribute: string, expected: string[], what: string): Promise<void> {
  await eventually(
    () => rows.evaluateAll((els, name) => els.map((el) => el.getAttribute(name) ?? ''), attribute),
    (values) => JSON.stringify(values) === JSON.stringify(expected),
    { timeoutMs: 20_000, intervalMs: 250, what },
  );
}

/** Clicks the list's Export and parses the downloaded CSV (quoted fields allowed) into rows, header first. */
async function exportedCsv(page: Page, fileName: string): Promise<string[][]> {
  const download = page.waitForEvent('download');
  await byTestId(page, 'list-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(fileName);
  const text = readFileSync((await file.path()) as string, 'utf8').trim();
  return text.split('\r\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1] ?? ''));
}

const balanceKey = (r: StockRow) => [r.itemSku, r.locationCode, r.lotCode ?? '', r.status].join('|');

describe('stock reports on the shared list', () => {
  beforeAll(async () => {
    token = await apiLogin('controller');
  });

  test('stock on hand sorts on the server, keeps its filter through reload and Back, exports it and opens a ledger', async () => {
    const { page, errors } = await newPage();
    const rows = byTestId(page, 'soh-row');
    const filtered = 'locationCode=EAST-A&sort=-quantity';

    await step(page, 'stock-lists-01-sorted', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/reports?tab=stock`);
      const bySku = await report<StockRow>('stock-on-hand?pageSize=20');
      await waitForRows(rows, 'data-balance', bySku.items.map(balanceKey), 'stock rows by item');
      await byTestId(page, 'list-header-quantity').click();
      await waitForQueryParam(page, 'sort', 'quantity');
      await byTestId(page, 'list-header-quantity').click();
      await waitForQueryParam(page, 'sort', '-quantity');
      const byQuantity = await report<StockRow>('stock-on-hand?sort=-quantity&pageSize=20');
      expect(byQuantity.items.map(balanceKey)).not.toEqual(bySku.items.map(balanceKey));
      await waitForRows(rows, 'data-balance', byQuantity.items.map(balanceKey), 'the largest quantities first');
    });

    const expected = await report<StockRow>(`stock-on-hand?${filtered}&pageSize=20`);
    await step(page, 'stock-lists-02-filter-in-the-url', async () => {
      await byTestId(page, 'soh-filter-location').fill('EAST-A');
      await byTestId(page, 'soh-filter-location').press('Enter');
      await waitForQueryParam(page, 'locationCode', 'EAST-A');
      expect(expected.items.length).toBeGreaterThan(0);
      await waitForRows(rows, 'data-balance', expected.items.map(balanceKey), 'the stock in EAST-A bins');
      await page.reload();
      await waitForQueryParam(page, 'locationCode', 'EAST-A');
      await waitForRows(rows, 'data-balance', expected.items.map(balanceKey), 'the same rows after reload');
    });

    await step(page, 'stock-lists-03-csv-of-the-filter', async () => {
      const all = await allRows<StockRow>(`stock-on-hand?${filtered}`);
      const [header, ...lines] = await exportedCsv(page, 'stock-on-hand.csv');
      expect(header?.slice(0, 5)).toEqual(['Item', 'Name', 'Warehouse', 'Location', 'Lot']);
      expect(lines.map((l) => [l[0], l[3], l[4], l[7]].join('|'))).toEqual(all.map(balanceKey));
    });

    await step(page, 'stock-lists-04-row-opens-the-ledger', async () => {
      const first = expected.items[0]!;
      await rows.first().focus();
      await rows.first().press('Enter');
      await page.waitForURL((url) => url.searchParams.get('tab') === 'ledger');
      await waitForQueryParam(page, 'sku', first.itemSku);
      await byTestId(page, 'ledger-row').first().waitFor();
      await page.goBack();
      await waitForQueryParam(page, 'locationCode', 'EAST-A');
      await waitForRows(rows, 'data-balance', expected.items.map(balanceKey), 'the filtered stock again after Back');
    });
    expect(errors).toEqual([]);
  });

  test('the item ledger sorts on the server, keeps its move filter in the URL and exports it', async () => {
    const { page, errors } = await newPage();
    const rows = byTestId(page, 'ledger-row');
    const sku = 'FOOD-001';
    const moveIds = (r: Page_<LedgerRow>) => r.items.map((m) => String(m.moveId));

    await step(page, 'stock-lists-05-ledger-sorted', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/reports?tab=ledger&sku=${sku}`);
      const inOrder = await report<LedgerRow>(`item-ledger?itemSku=${sku}&pageSize=20`);
      expect(inOrder.total).toBeGreaterThan(1);
      await waitForRows(rows, 'data-move-id', moveIds(inOrder), 'the moves in effective order');
      await byTestId(page, 'list-header-effectiveAt').click();
      await waitForQueryParam(page, 'sort', '-effectiveAt');
      const newest = await report<LedgerRow>(`item-ledger?itemSku=${sku}&sort=-effectiveAt&pageSize=20`);
      expect(moveIds(newest)).not.toEqual(moveIds(inOrder));
      await waitForRows(rows, 'data-move-id', moveIds(newest), 'the newest moves first');
    });

    await step(page, 'stock-lists-06-ledger-filter-and-csv', async () => {
      await selectOption(page, 'ledger-filter-move', 'list-filter-option', 'receipt');
      await waitForQueryParam(page, 'moveType', 'receipt');
      const receipts = await report<LedgerRow>(`item-ledger?itemSku=${sku}&moveType=receipt&sort=-effectiveAt`);
      await waitForRows(rows, 'data-move-id', moveIds(receipts), 'the receipts, newest first');
      await page.reload();
      await waitForQueryParam(page, 'moveType', 'receipt');
      await waitForRows(rows, 'data-move-id', moveIds(receipts), 'the receipts after reload');
      const all = await allRows<LedgerRow>(`item-ledger?itemSku=${sku}&moveType=receipt&sort=-effectiveAt`);
      const [header, ...lines] = await exportedCsv(page, `item-ledger-${sku}.csv`);
      expect(header?.[3]).toBe('Document');
      expect(lines.map((l) => [l[3], Number(l[12])])).toEqual(all.map((m) => [m.documentRef, m.runningQuantity]));
    });
    expect(errors).toEqual([]);
  });

  test('stock aging sorts on the server, keeps its item filter in the URL and exports it', async () => {
    const { page, errors } = await newPage();
    const rows = byTestId(page, 'aging-row');
    const lots = (r: Page_<AgingRow>) => r.items.map((row) => row.lotCode);

    await step(page, 'stock-lists-07-aging-sorted', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/reports?tab=aging`);
      await byTestId(page, 'list-header-ageDays').click();
      await waitForQueryParam(page, 'sort', 'ageDays');
      const youngest = await report<AgingRow>('stock-aging?sort=ageDays&pageSize=20');
      await waitForRows(rows, 'data-key', lots(youngest), 'the youngest lots first');
      await byTestId(page, 'list-header-ageDays').click();
      await waitForQueryParam(page, 'sort', '-ageDays');
      const oldest = await report<AgingRow>('stock-aging?sort=-ageDays&pageSize=20');
      expect(lots(oldest)).not.toEqual(lots(youngest));
      await waitForRows(rows, 'data-key', lots(oldest), 'the oldest lots first');
    });

    await step(page, 'stock-lists-08-aging-filter-and-csv', async () => {
      await byTestId(page, 'aging-filter-item').fill('FOOD');
      await byTestId(page, 'aging-filter-item').press('Enter');
      await waitForQueryParam(page, 'itemSku', 'FOOD');
      const chem = await report<AgingRow>('stock-aging?itemSku=FOOD&sort=-ageDays&pageSize=20');
      expect(chem.items.length).toBeGreaterThan(0);
      expect(chem.items.every((row) => row.itemSku.includes('FOOD'))).toBe(true);
      await waitForRows(rows, 'data-key', lots(chem), 'the FOOD lots, oldest first');
      await page.reload();
      await waitForQueryParam(page, 'itemSku', 'FOOD');
      await waitForRows(rows, 'data-key', lots(chem), 'the FOOD lots after reload');
      const all = await allRows<AgingRow>('stock-aging?itemSku=FOOD&sort=-ageDays');
      const [, ...lines] = await exportedCsv(page, 'stock-aging.csv');
      expect(lines.map((l) => [l[0], l[2]])).toEqual(all.map((row) => [row.itemSku, row.lotCode]));
    });
    expect(errors).toEqual([]);
  });

  test('slow-moving stock sorts on the server, keeps its days threshold through reload and Back and exports it', async () => {
    const { page, errors } = await newPage();
    const rows = byTestId(page, 'slow-row');
    const skus = (r: Page_<SlowRow>) => r.items.map((row) => row.itemSku);
    const filtered = 'days=1&sort=-quantity';

    await step(page, 'stock-lists-09-slow-sorted', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/reports?tab=slow-moving`);
      await byTestId(page, 'list-header-quantity').click();
      await waitForQueryParam(page, 'sort', 'quantity');
      const least = await report<SlowRow>('slow-moving?sort=quantity&pageSize=20');
      await waitForRows(rows, 'data-key', skus(least), 'the smallest slow movers first');
      await byTestId(page, 'list-header-quantity').click();
      await waitForQueryParam(page, 'sort', '-quantity');
      const most = await report<SlowRow>('slow-moving?sort=-quantity&pageSize=20');
      await waitForRows(rows, 'data-key', skus(most), 'the largest slow movers first');
    });

    const expected = await report<SlowRow>(`slow-moving?${filtered}&pageSize=20`);
    await step(page, 'stock-lists-10-slow-days-in-the-url', async () => {
      await byTestId(page, 'slow-days').fill('1');
      await byTestId(page, 'slow-days').press('Enter');
      await waitForQueryParam(page, 'days', '1');
      expect(expected.items.length).toBeGreaterThan(0);
      await waitForRows(rows, 'data-key', skus(expected), 'the items without an outgoing move for a day');
      await eventually(
        async () => (await byTestId(page, 'slow-threshold').textContent())?.trim(),
        (text) => text === '1 days',
        { timeoutMs: 15_000, intervalMs: 250, what: 'the threshold of 1 day in the summary' },
      );
      await page.reload();
      await waitForQueryParam(page, 'days', '1');
      await waitForRows(rows, 'data-key', skus(expected), 'the same rows after reload');
    });

    await step(page, 'stock-lists-11-slow-csv-and-ledger', async () => {
      const all = await allRows<SlowRow>(`slow-moving?${filtered}`);
      const [header, ...lines] = await exportedCsv(page, 'slow-moving.csv');
      expect(header?.slice(0, 7)).toEqual(['Item', 'Name', 'Last outgoing', 'Days since', 'Quantity', 'Unit', 'Value']);
      expect(lines.map((l) => [l[0], Number(l[4])])).toEqual(all.map((row) => [row.itemSku, row.quantity]));
      await rows.first().focus();
      await rows.first().press('Enter');
      await page.waitForURL((url) => url.searchParams.get('tab') === 'ledger');
      await waitForQueryParam(page, 'sku', expected.items[0]!.itemSku);
      await byTestId(page, 'ledger-row').first().waitFor();
      await page.goBack();
      await waitForQueryParam(page, 'days', '1');
      await waitForRows(rows, 'data-key', skus(expected), 'the same slow movers after Back');
    });
    expect(errors).toEqual([]);
  });
});
