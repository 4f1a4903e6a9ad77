/**
 * Reports on the shared list (issue 11, items 8 and 12): the trial balance sorts on the server (the rows' order is
 * the API's order for the same sort, over the whole chart), keeps its filter and sort in the URL across a reload,
 * exports the filtered accounts as CSV, and shows amounts in the company currency.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { selectOption, waitForQueryParam } from './support/lists';
import { byTestId, login, textOf } from './support/pages';

jest.setTimeout(120_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });

type Account = { code: string; type: string; closing: number };
type AccountsPage = { items: Account[]; total: number };

/** The accounts (`data-account`) of the trial balance's rows, once they equal `expected`, in order. */
async function waitForAccounts(page: Page, expected: string[], what: string): Promise<void> {
  await eventually(
    () => byTestId(page, 'tb-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-account') ?? '')),
    (codes) => JSON.stringify(codes) === JSON.stringify(expected),
    { timeoutMs: 20_000, intervalMs: 250, what },
  );
}

describe('reports on the shared list', () => {
  test('the trial balance sorts on the server, keeps its filter in the URL, exports CSV and shows the currency', async () => {
    const { page, errors } = await newPage();
    const token = await apiLogin('controller');
    const accounts = async (query: string) =>
      (await api<AccountsPage>('GET', `/api/reports/trial-balance/accounts?${query}`, token)).body;
    const { currency } = (await api<{ currency: string }>('GET', '/api/company-settings', token)).body;
    expect(currency).toMatch(/^[A-Z]{3}$/);

    await step(page, 'report-lists-01-trial-balance', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/reports?tab=trial-balance`);
      const byCode = await accounts('sort=code&pageSize=20');
      await waitForAccounts(
        page,
        byCode.items.map((a) => a.code),
        'accounts in code order',
      );
    });

    await step(page, 'report-lists-02-sorted-on-the-server', async () => {
      const header = byTestId(page, 'list-header-closing');
      await header.click();
      await waitForQueryParam(page, 'sort', 'closing');
      await header.click();
      await waitForQueryParam(page, 'sort', '-closing');
      // The first page is the largest closings of the whole chart (the server's order), not a page sorted in place.
      const expected = await accounts('sort=-closing&pageSize=20');
      await waitForAccounts(
        page,
        expected.items.map((a) => a.code),
        'accounts by closing, largest first',
      );
    });

    await step(page, 'report-lists-03-filter-in-the-url', async () => {
      await selectOption(page, 'list-filter-type', 'list-filter-option', 'asset');
      await waitForQueryParam(page, 'type', 'asset');
      const assets = await accounts('type=asset&sort=-closing&pageSize=20');
      expect(assets.items.length).toBeGreaterThan(1);
      await waitForAccounts(
        page,
        assets.items.map((a) => a.code),
        'asset accounts by closing',
      );
      await page.reload();
      await waitForQueryParam(page, 'type', 'asset');
      await waitForQueryParam(page, 'sort', '-closing');
      await waitForAccounts(
        page,
        assets.items.map((a) => a.code),
        'the same asset accounts after reload',
      );
      await eventually(
        () => byTestId(page, 'list-total').getAttribute('data-total'),
        (total) => total === String(assets.total),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the filtered total' },
      );
    });

    await step(page, 'report-lists-04-amount-in-the-currency', async () => {
      const first = (await accounts('type=asset&sort=-closing&pageSize=1')).items[0]!;
      const shown = await page.evaluate(
        ({ value, code }) => new Intl.NumberFormat(undefined, { style: 'currency', currency: code }).format(value),
        { value: first.closing, code: currency },
      );
      const cell = page.locator(`[data-testid="tb-row"][data-account="${first.code}"] [data-column="closing"]`);
      await eventually(
        () => textOf(cell),
        (text) => text === shown,
        { timeoutMs: 20_000, intervalMs: 250, what: `the closing shown as ${shown}` },
      );
      const label = await page.evaluate(
        (code) =>
          new Intl.NumberFormat(undefined, { style: 'currency', currency: code })
            .formatToParts(0)
            .find((part) => part.type === 'currency')?.value ?? code,
        currency,
      );
      await eventually(
        () => textOf(byTestId(page, 'tb-total-debit')),
        (text) => text.includes(label),
        { timeoutMs: 20_000, intervalMs: 250, what: `the debit total labelled ${label}` },
      );
    });

    await step(page, 'report-lists-05-csv-export', async () => {
      const all = await accounts('type=asset&sort=-closing&pageSize=200');
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('trial-balance.csv');
      const lines = readFileSync((await file.path()) as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('Account,Name,Type,Normal side,Opening (Dr - Cr),Debit,Credit,Closing (Dr - Cr)');
      // Every filtered account, in the list's order, not only the page on screen.
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(all.items.map((a) => a.code));
    });

    expect(errors).toEqual([]);
  });

  test('inventory valuation sorts on the server, keeps its search in the URL and exports CSV', async () => {
    const { page, errors } = await newPage();
    const token = await apiLogin('auditor');
    type Valuation = { items: { itemSku: string }[]; total: number };
    const valuation = async (query: string) =>
      (await api<Valuation>('GET', `/api/reports/inventory-valuation?${query}`, token)).body;
    const rows = byTestId(page, 'valuation-row');
    const waitForSkus = (expected: string[], what: string) =>
      eventually(
        () => rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-key') ?? '')),
        (skus) => JSON.stringify(skus) === JSON.stringify(expected),
        { timeoutMs: 20_000, intervalMs: 250, what },
      );

    await step(page, 'report-lists-06-valuation-sorted', async () => {
      await login(page, 'auditor');
      await page.goto(`${BASE_URL}/reports?tab=valuation`);
      await expect(textOf(byTestId(page, 'valuation-status'))).resolves.toBe('Reconciled');
      await byTestId(page, 'list-header-value').click();
      await waitForQueryParam(page, 'sort', 'value');
      await byTestId(page, 'list-header-value').click();
      await waitForQueryParam(page, 'sort', '-value');
      const expected = await valuation('sort=-value&pageSize=20');
      await waitForSkus(
        expected.items.map((r) => r.itemSku),
        'items by value, largest first',
      );
    });

    await step(page, 'report-lists-07-valuation-search-survives-reload', async () => {
      const sku = (await valuation('sort=-value&pageSize=1')).items[0]!.itemSku;
      const search = byTestId(page, 'list-search');
      await search.fill(sku);
      await waitForQueryParam(page, 'q', sku);
      const expected = await valuation(`sort=-value&q=${encodeURIComponent(sku)}&pageSize=20`);
      await waitForSkus(
        expected.items.map((r) => r.itemSku),
        `the items matching ${sku}`,
      );
      await page.reload();
      await waitForQueryParam(page, 'q', sku);
      await waitForSkus(
        expected.items.map((r) => r.itemSku),
        `the items matching ${sku} after reload`,
      );
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('inventory-valuation.csv');
      const lines = readFileSync((await file.path()) as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(expected.items.map((r) => r.itemSku));
    });

    expect(errors).toEqual([]);
  });
});
