/**
 * Customer-supplied material in production, in the console (issue 15): a planner builds a BOM whose second line the
 * customer supplies ("Supplied by: Customer", shown in the version), creates a production order for it without a
 * customer and sees the server's refusal on the Customer field (marked required for that item), picks the customer
 * and creates it; the order's detail names the customer and, once released, shows that component as the
 * customer's material and the other as ours. The list filters by the customer.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, chooseAutocomplete, chooseOption, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const RUN = `${process.pid % 1000}${Date.now().toString(36).toUpperCase().slice(-5)}`;
const FG = `CMP-FG-${RUN}`; // made here from OWN and THEIRS
const OWN = `CMP-OW-${RUN}`; // ours
const THEIRS = `CMP-CU-${RUN}`; // the customer supplies it
const CUSTOMER = `C-CMP${RUN}`;
const WC = `CW${RUN}`;
const DUE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

let admin = '';
let orderNumber = '';

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function createItem(sku: string, name: string, supplyType: 'make' | 'buy'): Promise<void> {
  await ok(sku, await api('POST', '/api/items', admin, { sku, name, uom: 'pcs', category: 'test', supplyType }));
}

const component = (page: Page, sku: string) => page.locator(`[data-testid="prd-component"]${attr('data-sku', sku)}`);

beforeAll(async () => {
  admin = await apiLogin('admin');
  await createItem(FG, 'Cmp upholstered chair', 'make');
  await createItem(OWN, 'Cmp chair frame', 'buy');
  await createItem(THEIRS, "Cmp customer's fabric", 'buy');
  // A routing: an order needs one in effect on its start date.
  await ok('work centre', await api('POST', '/api/work-centres', admin, { code: WC, name: 'Cmp upholstery cell' }));
  const rate = { effectiveFrom: '2026-01-01', labourRate: 40, overheadRate: 10 };
  await ok('rates', await api('POST', `/api/work-centres/${WC}/rates`, admin, rate));
  const operation = { seq: 10, workCentreCode: WC, description: 'Upholster', setupHours: 0, runHoursPerUnit: 0.5 };
  await ok(
    'routing',
    await api('POST', `/api/items/${FG}/routings`, admin, { effectiveFrom: '2026-01-01', operations: [operation] }),
  );
  await ok(
    'customer',
    await api('POST', '/api/customers', admin, {
      code: CUSTOMER,
      name: `Fabric owner ${RUN}`,
      creditLimit: 1000,
      paymentTermsDays: 14,
      minShelfLifeDays: 0,
      shipToAddresses: [{ code: 'MAIN', address: '1 Main St' }],
    }),
  );
});

describe('customer-supplied material in a production order', () => {
  test('a planner marks a BOM line as the customer’s and must name the customer on the order', async () => {
    const { page, errors } = await newPage();

    await step(page, 'cmp-01-bom-with-customer-line', async () => {
      await login(page, 'planner');
      await page.goto(`${BASE_URL}/manufacturing/boms?sku=${FG}`);
      await page.getByRole('tab', { name: 'Versions' }).click();
      await byTestId(page, 'bom-versions-none').waitFor();
      await byTestId(page, 'bom-form-effective').fill('2026-01-01');
      await chooseAutocomplete(page, 'bom-form-component-0', 'bom-form-component-option', OWN);
      await byTestId(page, 'bom-form-qty-0').fill('1');
      await byTestId(page, 'bom-form-add-line').click();
      await chooseAutocomplete(page, 'bom-form-component-1', 'bom-form-component-option', THEIRS);
      await byTestId(page, 'bom-form-qty-1').fill('2');
      await chooseOption(page, 'bom-form-provision-1', 'bom-form-provision-customer', 'Customer');
      await byTestId(page, 'bom-form-submit').click();
      const version = page.locator(`[data-testid="bom-version"]${attr('data-version', '1')}`);
      await version.waitFor();
      const line = (sku: string) =>
        version.locator(`[data-testid="bom-version-line"]${attr('data-sku', sku)} [data-testid="bom-line-provision"]`);
      await waitForAttribute(line(THEIRS), 'data-provision', 'customer');
      await waitForAttribute(line(OWN), 'data-provision', 'ours');
    });

    await step(page, 'cmp-02-customer-required-refused', async () => {
      await page.goto(`${BASE_URL}/manufacturing/production-orders/new`);
      await chooseAutocomplete(page, 'prd-form-item', 'prd-form-item-option', FG);
      await byTestId(page, 'prd-form-quantity').fill('3');
      await byTestId(page, 'prd-form-due').fill(DUE);
      // The item's BOM has a customer-supplied line: the field says the customer is required, and why.
      await waitForAttribute(byTestId(page, 'prd-form-customer'), 'aria-required', 'true');
      await eventually(
        () => textOf(byTestId(page, 'prd-form-customer-hint')),
        (text) => text.includes(THEIRS),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the required hint naming the customer-supplied component' },
      );
      const refused = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/production-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'prd-form-submit').click();
      expect((await refused).status()).toBe(400);
      await waitForAttribute(byTestId(page, 'prd-form-customer'), 'aria-invalid', 'true');
      const fieldError = page.locator('mw-customer-field [data-testid="field-error"]');
      await eventually(
        () => textOf(fieldError),
        (text) => text.includes(THEIRS),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the customerCode refusal on the Customer field' },
      );
      expect(new URL(page.url()).pathname).toBe('/manufacturing/production-orders/new');
    });

    await step(page, 'cmp-03-created-with-customer', async () => {
      await chooseAutocomplete(page, 'prd-form-customer', 'prd-form-customer-option', CUSTOMER);
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/production-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'prd-form-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      orderNumber = ((await response.json()) as { number: string }).number;
      await page.waitForURL((url) => url.pathname === `/manufacturing/production-orders/${orderNumber}`);
      await waitForAttribute(byTestId(page, 'prd-customer'), 'data-customer', CUSTOMER);
    });

    await step(page, 'cmp-04-detail-whose-material', async () => {
      // Released in the background: the components show once the BOM is pinned.
      const theirs = component(page, THEIRS);
      await eventually(
        async () => {
          await byTestId(page, 'prd-refresh').click();
          return theirs.count();
        },
        (n) => n === 1,
        { timeoutMs: 90_000, intervalMs: 1_000, what: 'the released components' },
      );
      await waitForAttribute(theirs, 'data-provision', 'customer');
      await waitForAttribute(byTestId(theirs, 'prd-component-owner'), 'data-customer', CUSTOMER);
      await waitForAttribute(component(page, OWN), 'data-provision', 'ours');
      await waitForAttribute(byTestId(component(page, OWN), 'prd-component-owner'), 'data-customer', null);
    });

    await step(page, 'cmp-05-list-by-customer', async () => {
      await page.goto(`${BASE_URL}/manufacturing/production-orders?customer=${CUSTOMER}`);
      await waitForCount(page.locator(`[data-testid="prd-row"]${attr('data-number', orderNumber)}`), 1);
      await waitForCount(byTestId(page, 'prd-row'), 1);
    });

    expect(errors).toEqual([]);
  });
});
