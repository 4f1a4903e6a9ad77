/**
 * BOM bulk import in the console (issue 13): a planner opens Manufacturing -> Import BOMs, dry-runs a file with a
 * bad row and sees that row's line and column (nothing offered to apply), then dry-runs and applies a good file;
 * the new version it made opens on the BOM page, in the versions and in the tree.
 */
import { api, apiLogin } from './rules-api';
import { step, useBrowser } from './support/browser';
import { chooseCsv, waitForCount, waitForEnabled } from './support/lists';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForAttribute } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser();

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `BIMP-FG-${RUN}`; // has a v1 made through the API; the import makes v2
const C1 = `BIMP-C1-${RUN}`;
const C2 = `BIMP-C2-${RUN}`;
const HEADER = 'parent_sku,effective_from,phantom,line_no,component_sku,quantity_per,scrap_percent';

let admin = '';

async function createItem(sku: string, supplyType: 'make' | 'buy'): Promise<void> {
  const res = await api('POST', '/api/items', admin, {
    sku,
    name: `Import ${sku}`,
    uom: 'pcs',
    category: 'test',
    supplyType,
  });
  if (res.status !== 201) throw new Error(`item ${sku} not created: ${res.status} ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  admin = await apiLogin('admin');
  await createItem(FG, 'make');
  await createItem(C1, 'buy');
  await createItem(C2, 'buy');
  const v1 = await api('POST', `/api/items/${FG}/boms`, admin, {
    effectiveFrom: '2026-01-01',
    lines: [{ componentSku: C1, quantityPer: 1 }],
  });
  if (v1.status !== 201) throw new Error(`v1 not created: ${v1.status} ${JSON.stringify(v1.body)}`);
});

describe('BOM import page', () => {
  test('a bad row is shown by line and column; a good file applies and its version opens on the BOM page', async () => {
    const { page, errors } = await newPage();

    await step(page, 'bim-01-refused', async () => {
      await login(page, 'planner');
      await byTestId(page, 'nav-manufacturing').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/boms');
      await byTestId(page, 'mfg-tab-bom-import').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/bom-import');
      await chooseCsv(page, 'boms-bad.csv', [
        HEADER,
        `${FG},2026-06-01,no,10,${C1},2,`,
        `${FG},2026-06-01,no,20,${C2},0,5`, // line 3: quantity per must be above 0
      ]);
      await byTestId(page, 'import-dry-run').click();
      const errorRow = byTestId(page, 'import-error-row');
      await waitForCount(errorRow, 1, 'import errors');
      await expect(textOf(byTestId(errorRow, 'import-error-line'))).resolves.toBe('3');
      await expect(textOf(byTestId(errorRow, 'import-error-column'))).resolves.toBe('quantity_per');
      await waitForEnabled(byTestId(page, 'import-apply'), false, 'Apply after a dry-run with errors');
      await waitForCount(byTestId(page, 'bom-import-version'), 0, 'versions listed after a refused dry-run');
    });

    await step(page, 'bim-02-applied', async () => {
      await chooseCsv(page, 'boms-good.csv', [
        HEADER,
        `${FG},2026-06-01,no,10,${C1},2,`,
        `${FG},2026-06-01,no,20,${C2},3,5`,
      ]);
      await waitForCount(byTestId(page, 'import-error-row'), 0, 'import errors after choosing the good file');
      await byTestId(page, 'import-dry-run').click();
      const version = page.locator(`[data-testid="bom-import-version"]${attr('data-sku', FG)}`);
      await waitForAttribute(version, 'data-version', '2');
      await waitForEnabled(byTestId(page, 'import-apply'), true, 'Apply after a clean dry-run');
      await byTestId(page, 'import-apply').click();
      await page.locator('[data-testid="import-outcome"][data-applied="true"]').waitFor({ state: 'visible' });
      await expect(textOf(byTestId(page, 'import-created'))).resolves.toBe('2');
      await waitForAttribute(version, 'data-version', '2');
    });

    await step(page, 'bim-03-on-the-bom-page', async () => {
      await page
        .locator(`[data-testid="bom-import-version"]${attr('data-sku', FG)}`)
        .getByTestId('bom-import-open')
        .click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/boms' && url.searchParams.get('sku') === FG);
      // The tree is the version in force today: the imported one, with the component v1 did not have.
      const c2 = page.locator(`[data-testid="bom-node"]${attr('data-sku', C2)}`);
      await waitForAttribute(c2, 'data-required', (value) => Math.abs(Number(value) - 3.15) < 1e-6); // 3 x (1 + 5 %)
      await page.getByRole('tab', { name: 'Versions' }).click();
      const v2 = page.locator(`[data-testid="bom-version"]${attr('data-version', '2')}`);
      await v2.waitFor();
      await expect(textOf(v2)).resolves.toContain(C2);
      await waitForCount(page.locator(`[data-testid="bom-version"]${attr('data-version', '1')}`), 1, 'v1 kept');
    });

    expect(errors).toEqual([]);
  });
});
