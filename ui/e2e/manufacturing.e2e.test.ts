/**
 * Manufacturing master data and kitting (issue 13): a planner creates a two-level BOM through the form (its phantom
 * sub-assembly set up through the API), sees the exploded tree with the required quantities (scrap included) and the
 * phantom marked, sees where a component is used, is refused a BOM that would form a cycle on the component field
 * (naming the path), and runs kitting: the short components are highlighted with the purchase order that covers one.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, chooseAutocomplete, chooseOption, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser();

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `MFG-FG-${RUN}`; // finished good, its BOM made through the form
const PH = `MFG-PH-${RUN}`; // phantom sub-assembly: never stocked, its components issued where it is used
const C1 = `MFG-C1-${RUN}`; // plenty in stock
const C2 = `MFG-C2-${RUN}`; // 3 in stock
const C3 = `MFG-C3-${RUN}`; // none in stock, on an open purchase order

let admin = '';
let poNumber = '';

async function createItem(sku: string, name: string): Promise<void> {
  const res = await api('POST', '/api/items', admin, { sku, name, uom: 'pcs', category: 'test', supplyType: 'make' });
  if (res.status !== 201) throw new Error(`item ${sku} not created: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The tree row of `sku` once it shows `required`. */
async function waitForRequired(page: Page, sku: string, required: number): Promise<void> {
  const row = page.locator(`[data-testid="bom-node"]${attr('data-sku', sku)}`);
  await waitForAttribute(row, 'data-required', (value) => Math.abs(Number(value) - required) < 1e-6);
}

async function noHorizontalOverflow(page: Page): Promise<void> {
  await eventually(
    () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    (overflow) => overflow <= 0,
    { timeoutMs: 10_000, intervalMs: 250, what: 'no horizontal overflow' },
  );
}

/** The phantom sub-assembly's BOM (two bought components) and an open purchase order for the one not in stock. */
async function phantomBomAndPurchaseOrder(): Promise<void> {
  const bom = await api('POST', `/api/items/${PH}/boms`, admin, {
    effectiveFrom: '2026-01-01',
    phantom: true,
    lines: [
      { componentSku: C2, quantityPer: 2 },
      { componentSku: C3, quantityPer: 1 },
    ],
  });
  if (bom.status !== 201) throw new Error(`phantom BOM not created: ${bom.status} ${JSON.stringify(bom.body)}`);
  const po = await api<{ orderNumber: string }>('POST', '/api/purchase-orders', await apiLogin('clerk'), {
    supplierCode: 'S-STEEL',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: C3, quantity: 8, unitCost: 20 }],
  });
  if (po.status !== 201) throw new Error(`PO not placed: ${po.status} ${JSON.stringify(po.body)}`);
  poNumber = po.body.orderNumber;
}

beforeAll(async () => {
  admin = await apiLogin('admin');
  await createItem(FG, 'Mfg test finished good');
  await createItem(PH, 'Mfg test phantom frame');
  await itemWithStock(C1, [{ location: 'MAIN-C06', lot: `${C1}-L1`, quantity: 100 }]);
  await itemWithStock(C2, [{ location: 'MAIN-C06', lot: `${C2}-L1`, quantity: 3 }]);
  await createItem(C3, 'Mfg test bought-in motor');
});

describe('manufacturing: BOM tree, where-used, the cycle refusal and kitting', () => {
  test('a planner builds a two-level BOM, reads it, is refused a cycle and sees what is short', async () => {
    await phantomBomAndPurchaseOrder();
    const { page, errors } = await newPage();

    await step(page, 'mfg-01-new-version', async () => {
      await login(page, 'planner');
      await byTestId(page, 'nav-manufacturing').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/boms');
      await page.goto(`${BASE_URL}/manufacturing/boms?sku=${FG}`);
      await page.getByRole('tab', { name: 'Versions' }).click();
      await byTestId(page, 'bom-versions-none').waitFor();
      await byTestId(page, 'bom-form-effective').fill('2026-01-01');
      await chooseAutocomplete(page, 'bom-form-component-0', 'bom-form-component-option', PH);
      await byTestId(page, 'bom-form-qty-0').fill('1');
      await byTestId(page, 'bom-form-add-line').click();
      await chooseAutocomplete(page, 'bom-form-component-1', 'bom-form-component-option', C1);
      await byTestId(page, 'bom-form-qty-1').fill('2');
      await byTestId(page, 'bom-form-scrap-1').fill('10');
      await byTestId(page, 'bom-form-submit').click();
      await page.locator(`[data-testid="bom-version"]${attr('data-version', '1')}`).waitFor();
    });

    await step(page, 'mfg-02-tree', async () => {
      await page.getByRole('tab', { name: 'Tree' }).click();
      await byTestId(page, 'bom-quantity').fill('5');
      await byTestId(page, 'bom-quantity').press('Enter');
      await byTestId(page, 'bom-quantity').blur();
      await page.waitForURL((url) => url.searchParams.get('quantity') === '5');
      await waitForRequired(page, PH, 5);
      await waitForRequired(page, C1, 11); // 5 x 2 x (1 + 10 %)
      await waitForRequired(page, C2, 10); // through the phantom: 5 x 1 x 2
      await waitForRequired(page, C3, 5);
      const phantom = page.locator(`[data-testid="bom-node"]${attr('data-sku', PH)}`);
      await waitForAttribute(phantom, 'data-phantom', 'true');
      await byTestId(phantom, 'bom-node-phantom').waitFor();
      await waitForAttribute(page.locator(`[data-testid="bom-node"]${attr('data-sku', C2)}`), 'data-level', '2');
    });

    await step(page, 'mfg-03-where-used', async () => {
      await page.goto(`${BASE_URL}/manufacturing/boms?sku=${C2}`);
      await page.getByRole('tab', { name: 'Where used' }).click();
      const rows = byTestId(page, 'where-used-row');
      await waitForAttribute(rows.and(page.locator(attr('data-sku', PH))), 'data-level', '1');
      await waitForAttribute(rows.and(page.locator(attr('data-sku', FG))), 'data-level', '2');
    });

    await step(page, 'mfg-04-cycle-refused', async () => {
      await page.goto(`${BASE_URL}/manufacturing/boms?sku=${PH}`);
      await page.getByRole('tab', { name: 'Versions' }).click();
      await page.locator(`[data-testid="bom-version"]${attr('data-version', '1')}`).waitFor();
      await chooseAutocomplete(page, 'bom-form-component-0', 'bom-form-component-option', FG);
      await byTestId(page, 'bom-form-submit').click();
      const line = byTestId(page, 'bom-form-line').first();
      const error = byTestId(line, 'field-error');
      await eventually(
        () => textOf(error),
        (text) => text.includes(`${PH} -> ${FG} -> ${PH}`) || text.includes(`${FG} -> ${PH} -> ${FG}`),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the cycle refusal on the component field' },
      );
      await waitForAttribute(byTestId(page, 'bom-form-component-0'), 'aria-invalid', 'true');
      await waitForCount(page.locator(`[data-testid="bom-version"]`), 1); // nothing was written
    });

    await step(page, 'mfg-05-kitting', async () => {
      await byTestId(page, 'mfg-tab-kitting').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/kitting');
      await chooseAutocomplete(page, 'kitting-item-0', 'kitting-item-option', FG);
      await byTestId(page, 'kitting-qty-0').fill('5');
      await byTestId(page, 'kitting-ref-0').fill('JOB-1');
      await byTestId(page, 'kitting-run').click();
      const result = page.locator(`[data-testid="kitting-result"]${attr('data-sku', FG)}`);
      await waitForAttribute(result, 'data-buildable', '0');
      const row = (sku: string) => result.locator(`[data-testid="kitting-component"]${attr('data-sku', sku)}`);
      await waitForAttribute(row(C2), 'data-short', '7'); // 10 required, 3 available
      await waitForAttribute(row(C3), 'data-short', '5');
      await waitForAttribute(row(C1), 'data-short', '0');
      await waitForAttribute(row(C3), 'class', (cls) => (cls ?? '').split(' ').includes('short'));
      await waitForAttribute(row(C1), 'class', (cls) => !(cls ?? '').split(' ').includes('short'));
      await row(C3)
        .locator(`[data-testid="kitting-cover"]${attr('data-number', poNumber)}`)
        .waitFor();
      await waitForCount(result.locator(`[data-testid="kitting-component"]${attr('data-sku', PH)}`), 0);
    });

    await step(page, 'mfg-06-kitting-handheld', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await noHorizontalOverflow(page);
    });

    expect(errors).toEqual([]);
  });

  test('an admin gives a work centre its rates and the finished good a routing', async () => {
    const { page, errors } = await newPage();
    const wc = `WC${RUN}`;
    const created = await api('POST', '/api/work-centres', admin, { code: wc, name: 'Mfg test assembly cell' });
    expect(created.status).toBe(201);

    await step(page, 'mfg-07-rates', async () => {
      await login(page, 'admin');
      await page.goto(`${BASE_URL}/master-data/work-centres/${wc}`);
      await byTestId(page, 'wc-rates-empty').waitFor();
      await byTestId(page, 'wc-rates-effectiveFrom').fill('2026-01-01');
      await byTestId(page, 'wc-rates-labourRate').fill('42.5');
      await byTestId(page, 'wc-rates-overheadRate').fill('18');
      await byTestId(page, 'wc-rates-save').click();
      const row = page.locator(`[data-testid="wc-rates-row"]${attr('data-key', '2026-01-01')}`);
      await eventually(
        () => textOf(row.locator('[data-column="labourRate"]')),
        (text) => text === '42.5',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the new rate row' },
      );
      // The same date again is refused on the date field; rows never change.
      await byTestId(page, 'wc-rates-effectiveFrom').fill('2026-01-01');
      await byTestId(page, 'wc-rates-labourRate').fill('50');
      await byTestId(page, 'wc-rates-save').click();
      const fieldError = page.locator(
        'mw-record-field:has([data-testid="wc-rates-effectiveFrom"]) [data-testid="field-error"]',
      );
      await eventually(
        () => textOf(fieldError),
        (text) => text.length > 0,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the duplicate date refused on its field' },
      );
      await waitForCount(byTestId(page, 'wc-rates-row'), 1);
    });

    await step(page, 'mfg-08-routing', async () => {
      await page.goto(`${BASE_URL}/manufacturing/routings?sku=${FG}`);
      await byTestId(page, 'routing-none').waitFor();
      await byTestId(page, 'routing-form-effective').fill('2026-01-01');
      await chooseOption(page, 'routing-form-wc-0', 'routing-form-wc-option', wc);
      await byTestId(page, 'routing-form-desc-0').fill('Assemble');
      await byTestId(page, 'routing-form-setup-0').fill('1.5');
      await byTestId(page, 'routing-form-run-0').fill('0.25');
      await byTestId(page, 'routing-form-submit').click();
      const version = page.locator(`[data-testid="routing-version"]${attr('data-version', '1')}`);
      const operation = version.locator(`[data-testid="routing-operation"]${attr('data-seq', '10')}`);
      await eventually(
        () => textOf(operation),
        (text) => text.includes(wc) && text.includes('Assemble'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the routing version with its operation' },
      );
    });

    expect(errors).toEqual([]);
  });
});
