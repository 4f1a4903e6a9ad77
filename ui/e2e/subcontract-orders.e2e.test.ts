/**
 * The subcontract order in the console (issue 15): a planner creates one from the navigation, is refused the finished
 * item as its own component (on that component's field, nothing created), removes it and creates the order with the
 * item's BOM as its components; the detail page shows the components with their required quantities and nothing yet
 * at the supplier; the list finds the order by its number and by the late filter's complement, and opens it.
 */
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning } from './support/handheld';
import { openNav, waitForQueryParam } from './support/lists';
import { attr, byTestId, chooseAutocomplete, chooseOption, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `SC-FG-${RUN}`; // plated by the supplier: BOM 2 bodies + 3 screws (10 % scrap)
const BODY = `SC-BD-${RUN}`;
const SCREW = `SC-SW-${RUN}`;
const SUPPLIER = 'S-STEEL';
const DUE = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

let orderNumber = '';

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  const admin = await apiLogin('admin');
  for (const [sku, name, supplyType] of [
    [FG, 'Plated housing', 'subcontract'],
    [BODY, 'Raw housing body', 'buy'],
    [SCREW, 'Housing screw', 'buy'],
  ] as const) {
    await ok(sku, await api('POST', '/api/items', admin, { sku, name, uom: 'pcs', category: 'test', supplyType }));
  }
  const bom = {
    effectiveFrom: '2026-01-01',
    phantom: false,
    lines: [
      { componentSku: BODY, quantityPer: 2 },
      { componentSku: SCREW, quantityPer: 3, scrapPercent: 10 },
    ],
  };
  await ok('BOM', await api('POST', `/api/items/${FG}/boms`, admin, bom));
});

describe('subcontract orders in the console', () => {
  test('a planner creates an order, sees it on its detail page and in the list', async () => {
    const { page, errors } = await newPage();

    await step(page, 'sc-01-refused-on-the-component', async () => {
      await login(page, 'planner');
      await openNav(page, 'nav-subcontract-orders');
      await page.waitForURL((url) => url.pathname === '/subcontract-orders');
      await byTestId(page, 'sc-new').click();
      await page.waitForURL((url) => url.pathname === '/subcontract-orders/new');
      await chooseOption(page, 'sc-form-supplier', 'sc-form-supplier-option', `(${SUPPLIER})`);
      await chooseAutocomplete(page, 'sc-form-item', 'sc-form-item-option', FG);
      await byTestId(page, 'sc-form-quantity').fill('10');
      await byTestId(page, 'sc-form-due').fill(DUE);
      await byTestId(page, 'sc-form-fee').fill('1.75');
      // The item as its own component: refused on that component's field, and the form stays.
      await byTestId(page, 'sc-form-add-component').click();
      await chooseAutocomplete(page, 'sc-form-component-item-0', 'sc-form-component-option', FG);
      await byTestId(page, 'sc-form-submit').click();
      await waitForAttribute(byTestId(page, 'sc-form-component-item-0'), 'aria-invalid', 'true');
      const fieldError = page.locator('[data-testid="sc-form-component"] [data-testid="field-error"]');
      const message = await eventually(
        () => textOf(fieldError),
        (text) => text.length > 0,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the component refusal' },
      );
      expect(message).toContain('its own component');
      expect(new URL(page.url()).pathname).toBe('/subcontract-orders/new');
    });

    await step(page, 'sc-02-created-from-the-bom', async () => {
      await byTestId(page, 'sc-form-component-remove-0').click();
      await waitForCount(byTestId(page, 'sc-form-component'), 0);
      await byTestId(page, 'sc-form-bom-default').waitFor({ state: 'visible' });
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/subcontract-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'sc-form-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      expect(response.request().headers()['idempotency-key']).toBeTruthy();
      orderNumber = ((await response.json()) as { orderNumber: string }).orderNumber;
      expect(orderNumber).toMatch(/^SC-\d{6}$/);
      await page.waitForURL((url) => url.pathname === `/subcontract-orders/${orderNumber}`);
    });

    await step(page, 'sc-03-detail', async () => {
      // Only its own navigation entry is marked current (the entries' template names must not collide).
      const activated = (value: string | null) => (value ?? '').includes('activated');
      await waitForAttribute(byTestId(page, 'nav-subcontract-orders'), 'class', activated);
      await waitForAttribute(byTestId(page, 'nav-stock-counts'), 'class', (value) => !activated(value));
      await byTestId(page, 'sc-detail-number').filter({ hasText: orderNumber }).waitFor({ state: 'visible' });
      await byTestId(page, 'sc-detail-status').filter({ hasText: 'draft' }).waitFor({ state: 'visible' });
      const components = byTestId(page, 'sc-component');
      await waitForCount(components, 2);
      // 10 housings: 2 bodies each; 3 screws each at 10 % planned scrap.
      const body = page.locator(`[data-testid="sc-component"]${attr('data-item-sku', BODY)}`);
      const screw = page.locator(`[data-testid="sc-component"]${attr('data-item-sku', SCREW)}`);
      await byTestId(body, 'sc-component-required')
        .filter({ hasText: /^\s*20 pcs\s*$/ })
        .waitFor();
      await byTestId(screw, 'sc-component-required')
        .filter({ hasText: /^\s*33 pcs\s*$/ })
        .waitFor();
      await byTestId(screw, 'sc-component-at-supplier')
        .filter({ hasText: /^\s*0\s*$/ })
        .waitFor();
      await byTestId(page, 'sc-detail-header').filter({ hasText: SUPPLIER }).waitFor();
      await byTestId(page, 'sc-no-deliveries').waitFor({ state: 'visible' });
    });

    await step(page, 'sc-04-in-the-list', async () => {
      await openNav(page, 'nav-subcontract-orders');
      await page.waitForURL((url) => url.pathname === '/subcontract-orders');
      await byTestId(page, 'list-search').fill(orderNumber);
      await waitForQueryParam(page, 'q', orderNumber);
      const row = page.locator(`[data-testid="sc-row"]${attr('data-order-number', orderNumber)}`);
      await waitForCount(page.locator('[data-testid="sc-row"]'), 1);
      await byTestId(row, 'sc-status').filter({ hasText: 'draft' }).waitFor();
      await row.filter({ hasText: FG }).waitFor();
      // Due in three weeks: not late (the late filter in the URL leaves it out, its complement keeps it).
      await page.goto(`${BASE_URL}/subcontract-orders?q=${orderNumber}&late=true`);
      await byTestId(page, 'list-empty').waitFor({ state: 'visible' });
      await waitForAttribute(byTestId(page, 'list-total'), 'data-total', '0');
      await page.goto(`${BASE_URL}/subcontract-orders?q=${orderNumber}&late=false`);
      await waitForCount(page.locator('[data-testid="sc-row"]'), 1);
      await page.locator(`[data-testid="sc-row"]${attr('data-order-number', orderNumber)}`).click();
      await page.waitForURL((url) => url.pathname === `/subcontract-orders/${orderNumber}`);
      await byTestId(page, 'sc-detail-number').filter({ hasText: orderNumber }).waitFor({ state: 'visible' });
    });

    expect(errors).toEqual([]);
  });

  test('on a handheld the list and the order fit the screen', async () => {
    const { page, errors } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await step(page, 'sc-05-handheld', async () => {
      expect(orderNumber).not.toBe('');
      await login(page, 'planner');
      await openNav(page, 'nav-subcontract-orders');
      await page.waitForURL((url) => url.pathname === '/subcontract-orders');
      await byTestId(page, 'list-search').fill(orderNumber);
      const row = page.locator(`[data-testid="sc-row"]${attr('data-order-number', orderNumber)}`);
      await waitForCount(row, 1);
      await expectNoSidewaysPanning(page, 'the subcontract order list');
      await row.click();
      await page.waitForURL((url) => url.pathname === `/subcontract-orders/${orderNumber}`);
      await waitForCount(byTestId(page, 'sc-component'), 2);
      await expectNoSidewaysPanning(page, 'the subcontract order');
    });
    expect(errors).toEqual([]);
  });
});
