/**
 * Master-data journey through the console against the full platform: an admin lays out a new warehouse (two
 * zones, three bins, one of them the dock), then imports items from a spreadsheet — the dry-run names the bad
 * cell by line and column and keeps Apply disabled; the corrected file applies — and finds the new items in the
 * shared list by search, sort and filter, which survive a reload, and exports the filtered list as CSV. Runs on a
 * desktop and on a 390 px handheld.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  chooseCsv,
  openNav,
  selectOption,
  waitForCount,
  waitForEnabled,
  waitForQueryParam,
  waitForRowKeys,
} from './support/lists';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';

jest.setTimeout(180_000);

const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'handheld', width: 390, height: 844 },
];

const journeys = useBrowser({ acceptDownloads: true });
const newPage = (viewport: { width: number; height: number }) => journeys.newPage({ viewport });

const ITEM_HEADER = 'sku,name,uom,category,supplyType,valuationMethod,lotTracked,leadTimeDays';

/** Three items; `leadTime` of the second is the cell the first attempt gets wrong. */
function itemsCsv(prefix: string, secondLeadTime: string): string[] {
  return [
    ITEM_HEADER,
    `${prefix}-1,Imported bolt,pcs,e2e-import,buy,fifo,false,5`,
    `${prefix}-2,Imported nut,pcs,e2e-import,buy,fifo,false,${secondLeadTime}`,
    `${prefix}-3,Imported bracket,pcs,e2e-import,make,moving-average,false,`,
  ];
}

/** Waits until the record's status chip reads exactly `status`. */
async function statusIs(page: Page, status: string): Promise<void> {
  const chip = byTestId(page, 'record-status').filter({ hasText: new RegExp(`^\\s*${status}\\s*$`) });
  await chip.waitFor({ state: 'visible' });
}

async function addRecord(page: Page, panel: string, fill: () => Promise<void>, rows: number): Promise<void> {
  await fill();
  await byTestId(page, `${panel}-save`).click();
  await waitForCount(byTestId(page, `${panel}-row`), rows, `${panel} rows`);
}

describe.each(VIEWPORTS)('master data on a $name ($width px)', (viewport) => {
  test('an admin creates a warehouse with zones and bins and imports items from CSV', async () => {
    const { page, errors } = await newPage(viewport);
    const tag = `${viewport.name === 'desktop' ? 'D' : 'H'}${Date.now().toString(36).toUpperCase()}`;
    const warehouse = `W${tag}`.slice(0, 20);
    const prefix = `IMP-${tag}`;

    await step(page, `md-${viewport.name}-01-warehouse-created`, async () => {
      await login(page, 'admin');
      await openNav(page, 'nav-master-data');
      await page.waitForURL((url) => url.pathname === '/master-data/items');
      await byTestId(page, 'md-tab-warehouses').click();
      await page.waitForURL((url) => url.pathname === '/master-data/warehouses');
      await byTestId(page, 'list-new').click();
      await byTestId(page, 'field-code').fill(warehouse);
      await byTestId(page, 'field-name').fill(`E2E warehouse ${tag}`);
      await byTestId(page, 'record-save').click();
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/master-data/warehouses/${warehouse}`);
      await byTestId(page, 'record-status').waitFor({ state: 'visible' });
    });

    await step(page, `md-${viewport.name}-01b-duplicate-refused-on-its-field`, async () => {
      await page.goto(`${BASE_URL}/master-data/warehouses/new`);
      await byTestId(page, 'field-code').fill(warehouse);
      await byTestId(page, 'field-name').fill('A second one');
      await byTestId(page, 'record-save').click();
      // The API's 409 names the field: the message appears under the code field and in the summary.
      const fieldError = page.locator('mw-record-field:has([data-testid="field-code"]) [data-testid="field-error"]');
      await fieldError.waitFor({ state: 'visible' });
      await expect(textOf(fieldError)).resolves.toContain(warehouse);
      await byTestId(page, 'form-error-summary').waitFor({ state: 'visible' });
      await page.goBack();
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/master-data/warehouses/${warehouse}`);
      await byTestId(page, 'zones-code').waitFor({ state: 'visible' });
    });

    await step(page, `md-${viewport.name}-02-zones-and-bins`, async () => {
      for (const [index, zone] of ['A', 'B'].entries()) {
        await addRecord(
          page,
          'zones',
          async () => {
            await byTestId(page, 'zones-code').fill(zone);
            await byTestId(page, 'zones-name').fill(`Aisle ${zone}`);
          },
          index + 1,
        );
      }
      const bins = [
        { code: `${warehouse}-DOCK`, zone: null, type: 'dock', sequence: '0' },
        { code: `${warehouse}-A1`, zone: 'A', type: 'storage', sequence: '10' },
        { code: `${warehouse}-B1`, zone: 'B', type: 'storage', sequence: '20' },
      ];
      for (const [index, bin] of bins.entries()) {
        await addRecord(
          page,
          'bins',
          async () => {
            await byTestId(page, 'bins-code').fill(bin.code);
            if (bin.zone) await selectOption(page, 'bins-zone', 'bins-zone-option', bin.zone);
            await selectOption(page, 'bins-type', 'bins-type-option', bin.type);
            await byTestId(page, 'bins-pickSequence').fill(bin.sequence);
          },
          index + 1,
        );
      }
      const dock = page.locator(`[data-testid="bins-row"]${attr('data-key', `${warehouse}-DOCK`)}`);
      await expect(textOf(dock.locator('[data-column="type"]'))).resolves.toBe('dock');
      const a1 = page.locator(`[data-testid="bins-row"]${attr('data-key', `${warehouse}-A1`)}`);
      await expect(textOf(a1.locator('[data-column="zone"]'))).resolves.toBe('A');
    });

    await step(page, `md-${viewport.name}-03-warehouse-listed`, async () => {
      await byTestId(page, 'record-back').click();
      await page.waitForURL((url) => url.pathname === '/master-data/warehouses');
      await byTestId(page, 'list-search').fill(warehouse);
      await waitForQueryParam(page, 'q', warehouse);
      await waitForRowKeys(page, [warehouse]);
    });

    await step(page, `md-${viewport.name}-04-import-refused`, async () => {
      await byTestId(page, 'md-tab-items').click();
      await page.waitForURL((url) => url.pathname === '/master-data/items');
      await byTestId(page, 'list-import').click();
      await chooseCsv(page, 'items-bad.csv', itemsCsv(prefix, 'soon'));
      await byTestId(page, 'import-dry-run').click();
      const errorRow = byTestId(page, 'import-error-row');
      await waitForCount(errorRow, 1, 'import errors');
      await expect(textOf(byTestId(errorRow, 'import-error-line'))).resolves.toBe('3');
      await expect(textOf(byTestId(errorRow, 'import-error-column'))).resolves.toBe('leadTimeDays');
      await waitForEnabled(byTestId(page, 'import-apply'), false, 'Apply after a dry-run with errors');
    });

    await step(page, `md-${viewport.name}-05-import-applied`, async () => {
      await chooseCsv(page, 'items-fixed.csv', itemsCsv(prefix, '7'));
      await waitForCount(byTestId(page, 'import-error-row'), 0, 'import errors after choosing the fixed file');
      await byTestId(page, 'import-dry-run').click();
      await byTestId(page, 'import-status').waitFor({ state: 'visible' });
      await expect(textOf(byTestId(page, 'import-created'))).resolves.toBe('3');
      await waitForEnabled(byTestId(page, 'import-apply'), true, 'Apply after a clean dry-run');
      await byTestId(page, 'import-apply').click();
      await page.locator('[data-testid="import-outcome"][data-applied="true"]').waitFor({ state: 'visible' });
      await expect(textOf(byTestId(page, 'import-created'))).resolves.toBe('3');
      await byTestId(page, 'import-close').click();
      await byTestId(page, 'import-close').waitFor({ state: 'detached' });
    });

    await step(page, `md-${viewport.name}-06-search-and-sort`, async () => {
      await byTestId(page, 'list-search').fill(prefix);
      await waitForQueryParam(page, 'q', prefix);
      await waitForRowKeys(page, [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
      // The list is sorted by SKU ascending by default, so the first click on its header turns it round.
      await byTestId(page, 'list-header-sku').click();
      await waitForQueryParam(page, 'sort', '-sku');
      await waitForRowKeys(page, [`${prefix}-3`, `${prefix}-2`, `${prefix}-1`]);
    });

    await step(page, `md-${viewport.name}-07-filter-survives-reload`, async () => {
      // On a handheld the filters fold away behind one button.
      if (viewport.width < 600) await byTestId(page, 'list-filters-toggle').click();
      await selectOption(page, 'list-filter-supplyType', 'list-filter-option', 'make');
      await waitForQueryParam(page, 'supplyType', 'make');
      await waitForRowKeys(page, [`${prefix}-3`]);
      await page.reload();
      await waitForRowKeys(page, [`${prefix}-3`]);
      const url = new URL(page.url());
      expect(url.searchParams.get('q')).toBe(prefix);
      expect(url.searchParams.get('sort')).toBe('-sku');
      expect(url.searchParams.get('supplyType')).toBe('make');
      await eventually(
        () => byTestId(page, 'list-search').inputValue(),
        (value) => value === prefix,
        { timeoutMs: 10_000, intervalMs: 250, what: 'the search box restored from the URL' },
      );
    });

    await step(page, `md-${viewport.name}-08-export`, async () => {
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('items.csv');
      const csv = readFileSync((await file.path()) as string, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).toContain('sku');
      // The export carries the list's filters: only the one made item of this import.
      expect(lines.filter((line) => line.includes(prefix))).toHaveLength(1);
      expect(csv).toContain(`${prefix}-3`);
    });

    await step(page, `md-${viewport.name}-09-row-opens`, async () => {
      await page.locator(`[data-testid="list-row"]${attr('data-key', `${prefix}-3`)}`).press('Enter');
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/master-data/items/${prefix}-3`);
      await eventually(
        () => byTestId(page, 'field-name').inputValue(),
        (value) => value === 'Imported bracket',
        { timeoutMs: 10_000, intervalMs: 250, what: 'the item form filled' },
      );
      await expect(byTestId(page, 'field-leadTimeDays').inputValue()).resolves.toBe('');
    });

    await step(page, `md-${viewport.name}-10-deactivate-and-reactivate`, async () => {
      await byTestId(page, 'record-deactivate').click();
      await statusIs(page, 'deactivated');
      await byTestId(page, 'record-reactivate').click();
      await statusIs(page, 'active');
      await byTestId(page, 'record-deactivate').waitFor({ state: 'visible' });
    });

    expect(errors).toEqual([]);
  });
});

describe('every master-data page reads its resource', () => {
  test('lists load sorted by their key and company settings show the calendar', async () => {
    const { page, errors } = await newPage(VIEWPORTS[0]!);
    await login(page, 'admin');
    for (const resource of ['items', 'customers', 'suppliers', 'warehouses', 'accounts', 'users']) {
      await step(page, `md-pages-${resource}`, async () => {
        await page.goto(`${BASE_URL}/master-data/${resource}`);
        await byTestId(page, 'list-row').first().waitFor({ state: 'visible' });
        // Every sortable header is a field the API sorts by (an unknown one would be a 400 naming sort).
        const headers = await page.locator('[data-testid^="list-header-"]:not(.mat-sort-header-disabled)').all();
        for (const header of headers) {
          const field = ((await header.getAttribute('data-testid')) ?? '').replace('list-header-', '');
          const answered = page.waitForResponse((res) => {
            const url = new URL(res.url());
            return (
              url.pathname === `/api/${resource}` && (url.searchParams.get('sort') ?? '').replace('-', '') === field
            );
          });
          await header.click();
          expect((await answered).status()).toBe(200);
        }
        await byTestId(page, 'list-row').first().click();
        await page.waitForURL((url) => url.pathname.startsWith(`/master-data/${resource}/`));
        await byTestId(page, 'record-status').waitFor({ state: 'visible' });
      });
    }
    await step(page, 'md-pages-item-with-moves-frozen', async () => {
      const sku = `MD-MOVED-${Date.now().toString(36).toUpperCase()}`;
      await itemWithStock(sku, [{ location: 'MAIN-C03', lot: `${sku}-A`, quantity: 5 }]);
      await page.goto(`${BASE_URL}/master-data/items/${sku}`);
      // Fields that change valuation are read-only once stock has moved, and say why.
      await page.locator('[data-testid="field-frozen"][data-field="uom"]').waitFor({ state: 'visible' });
      await expect(byTestId(page, 'field-uom').isDisabled()).resolves.toBe(true);
      await expect(byTestId(page, 'field-name').isEditable()).resolves.toBe(true);
      await byTestId(page, 'record-frozen-note').waitFor({ state: 'visible' });
    });
    await step(page, 'md-pages-new-user-with-roles', async () => {
      const username = `md-user-${Date.now().toString(36)}`;
      await page.goto(`${BASE_URL}/master-data/users/new`);
      await byTestId(page, 'field-username').fill(username);
      await byTestId(page, 'field-displayName').fill('Master Data User');
      await byTestId(page, 'field-roles').click();
      await byTestId(page, 'field-roles-option').filter({ hasText: 'planner' }).click();
      await byTestId(page, 'field-roles-option').filter({ hasText: 'clerk' }).click();
      await page.keyboard.press('Escape');
      await byTestId(page, 'field-password').fill('a-long-password');
      await byTestId(page, 'record-save').click();
      await page.waitForURL((url) => url.pathname === `/master-data/users/${username}`);
      await statusIs(page, 'active');
      await eventually(
        () => textOf(byTestId(page, 'field-roles')),
        (text) => text.includes('clerk') && text.includes('planner'),
        { timeoutMs: 10_000, intervalMs: 250, what: 'both roles shown' },
      );
    });
    await step(page, 'md-pages-new-customer-with-ship-to', async () => {
      const code = `MD-C-${Date.now().toString(36).toUpperCase()}`;
      await page.goto(`${BASE_URL}/master-data/customers/new`);
      await byTestId(page, 'field-code').fill(code);
      await byTestId(page, 'field-name').fill('Master Data Customer');
      await byTestId(page, 'shipToAddresses-add').click();
      await byTestId(page, 'shipToAddresses-code-0').fill('MAIN');
      await byTestId(page, 'shipToAddresses-address-0').fill('1 Quay Street, Harbour Town');
      await byTestId(page, 'record-save').click();
      await page.waitForURL((url) => url.pathname === `/master-data/customers/${code}`);
      await waitForCount(byTestId(page, 'shipToAddresses-row'), 1, 'ship-to addresses');
      await eventually(
        () => byTestId(page, 'shipToAddresses-address-0').inputValue(),
        (value) => value === '1 Quay Street, Harbour Town',
        { timeoutMs: 10_000, intervalMs: 250, what: 'the saved ship-to address' },
      );
    });
    await step(page, 'md-pages-company-settings', async () => {
      await page.goto(`${BASE_URL}/master-data/company-settings`);
      await eventually(
        () => byTestId(page, 'field-timeZone').inputValue(),
        (value) => value.length > 0,
        { timeoutMs: 10_000, intervalMs: 250, what: 'the time zone loaded' },
      );
      // A time zone that does not exist is refused, and the form says so.
      await byTestId(page, 'field-timeZone').fill('Nowhere/Atlantis');
      await byTestId(page, 'record-save').click();
      await byTestId(page, 'form-error-summary').waitFor({ state: 'visible' });
      const fieldError = page.locator(
        'mw-record-field:has([data-testid="field-timeZone"]) [data-testid="field-error"]',
      );
      await fieldError.waitFor({ state: 'visible' });
      await expect(textOf(fieldError)).resolves.toContain('Nowhere/Atlantis');
    });
    expect(errors).toEqual([]);
  });
});
