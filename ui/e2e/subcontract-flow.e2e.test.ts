/**
 * The subcontract-order process in the console (issue 15): a planner approves the order in its approval form (the
 * coating the supplier buys itself shown as such); a clerk picks the components to send from the inbox and completes
 * the pick; the supplier's first, partial delivery is recorded in the supplier-receipt form; the order's detail page
 * then shows the delivery and what is still at the supplier per component, with the process's consumption rule beside
 * it, and the tracking report shows the same: what is still at the supplier, the coating as bought by the supplier.
 */
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, openInboxTask, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `SCF-FG-${RUN}`; // 2 bolts (10 % scrap) + 1 plate per unit
const BOLT = `SCF-BT-${RUN}`;
const PLATE = `SCF-PL-${RUN}`;
const COAT = `SCF-CT-${RUN}`; // bought by the supplier: never sent
const DUE = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

let orderNumber = '';
let workflowId = '';

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  const admin = await apiLogin('admin');
  await ok(
    FG,
    await api('POST', '/api/items', admin, {
      sku: FG,
      name: 'Plated bracket',
      uom: 'pcs',
      category: 'test',
      supplyType: 'subcontract',
    }),
  );
  await ok(
    COAT,
    await api('POST', '/api/items', admin, { sku: COAT, name: 'Zinc coating', uom: 'kg', category: 'test' }),
  );
  await itemWithStock(BOLT, [{ location: 'MAIN-C03', lot: `${BOLT}-A`, quantity: 30 }]);
  await itemWithStock(PLATE, [{ location: 'MAIN-C03', lot: `${PLATE}-A`, quantity: 10 }]);
  const bom = {
    effectiveFrom: '2026-01-01',
    phantom: false,
    lines: [
      { componentSku: BOLT, quantityPer: 2, scrapPercent: 10 },
      { componentSku: PLATE, quantityPer: 1 },
    ],
  };
  await ok('BOM', await api('POST', `/api/items/${FG}/boms`, admin, bom));
  const planner = await apiLogin('planner');
  const created = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/subcontract-orders', planner, {
    supplierCode: 'S-STEEL',
    itemSku: FG,
    quantity: 10,
    dueDate: DUE,
    feePerUnit: 2,
    warehouseCode: 'MAIN',
    components: [
      { itemSku: BOLT, quantityPer: 2, scrapPercent: 10 },
      { itemSku: PLATE, quantityPer: 1 },
      { itemSku: COAT, quantityPer: 0.05, provision: 'supplier' },
    ],
  });
  await ok('subcontract order', created);
  ({ orderNumber, workflowId } = created.body);
});

describe('the subcontract-order process in the console', () => {
  test('a planner approves in the form; a clerk sends the components and records a partial delivery; the order and the tracking report show what is still at the supplier', async () => {
    const planner = await newPage();
    await login(planner.page, 'planner');
    await step(planner.page, 'scf-00-approve', async () => {
      const approval = await openInboxTask(planner.page, orderNumber, 'subcontract-approval', { timeoutMs: 90_000 });
      const coat = planner.page.locator(`[data-testid="sca-component"]${attr('data-sku', COAT)}`);
      await eventually(
        () => textOf(byTestId(coat, 'sca-provided')),
        (text) => text === 'bought by the supplier',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the coating bought by the supplier' },
      );
      // Rejecting without a reason is stopped on the reason field, nothing sent.
      await byTestId(planner.page, 'sca-reject').click();
      await waitForCount(planner.page.locator('mw-field-error', { hasText: 'Required to reject' }), 1);
      await byTestId(planner.page, 'sca-approve').click();
      await planner.page.waitForURL((url) => url.pathname !== approval, { timeout: 60_000 });
    });
    expect(planner.errors).toEqual([]);

    const { page, errors } = await newPage();
    await login(page, 'clerk');

    const done: string[] = [];
    await step(page, 'scf-01-send-pick', async () => {
      done.push(await openInboxTask(page, orderNumber, 'production-kit-pick', { timeoutMs: 90_000 }));
      await waitForCount(page.locator(`[data-testid="prd-kit-pick"]${attr('data-sku', BOLT)}`), (n) => n > 0);
      await byTestId(page, 'task-complete').click();
      await page.waitForURL((url) => !done.includes(url.pathname), { timeout: 60_000 });
    });

    await step(page, 'scf-02-supplier-receipt', async () => {
      done.push(await openInboxTask(page, orderNumber, 'supplier-receipt', { timeoutMs: 90_000, done }));
      const bolts = page.locator(`[data-testid="sr-component"]${attr('data-sku', BOLT)}`);
      await eventually(
        () => textOf(byTestId(bolts, 'sr-at-supplier')),
        (text) => text === '22',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the 22 bolts at the supplier' },
      );
      await byTestId(page, 'sr-quantity').fill('4');
      await byTestId(page, 'sr-lot').fill(`${FG}-D1`);
      await byTestId(bolts, 'sr-consumed').fill('8.8');
      await byTestId(page, 'task-complete').click();
      await page.waitForURL((url) => !done.includes(url.pathname), { timeout: 60_000 });
    });

    await step(page, 'scf-03-still-at-supplier', async () => {
      // 4 of 10 delivered: bolts 22 - 8.8 = 13.2 and plates 10 - 4 = 6 still at the supplier.
      const atSupplier = (sku: string) =>
        textOf(
          byTestId(
            page.locator(`[data-testid="sc-component"]${attr('data-item-sku', sku)}`),
            'sc-component-at-supplier',
          ),
        );
      await eventually(
        async () => {
          await page.goto(`${BASE_URL}/subcontract-orders/${orderNumber}`);
          await byTestId(page, 'sc-detail-number').waitFor({ state: 'visible' });
          return `${await atSupplier(BOLT)}|${await atSupplier(PLATE)}`;
        },
        (text) => text === '13.2|6',
        { timeoutMs: 90_000, intervalMs: 1_000, what: 'what is still at the supplier' },
      );
      await waitForCount(byTestId(page, 'sc-delivery'), 1);
      await waitForCount(byTestId(page, 'sc-process-delivery'), 1);
      expect(await textOf(byTestId(page, 'sc-process-consumption'))).toContain('consume');
      await waitForCount(byTestId(page, 'sc-component-bought'), 1);
    });

    await step(page, 'scf-04-tracking-report', async () => {
      await page.goto(`${BASE_URL}/reports/subcontract-tracking?q=${encodeURIComponent(orderNumber)}`);
      const row = byTestId(page, 'sct-row').and(page.locator(attr('data-order-number', orderNumber)));
      await waitForCount(row, 1);
      // Bolts and plates still out; the coating never was ours to send.
      await eventually(
        () => textOf(byTestId(row, 'sct-out')),
        (text) => text === '2 of 3',
        { timeoutMs: 20_000, intervalMs: 250, what: 'component lines still out' },
      );
      await row.click();
      const component = (sku: string) => byTestId(page, 'sct-component').and(page.locator(attr('data-item-sku', sku)));
      // The figure without its unit of measure.
      const out = async (sku: string) => (await textOf(byTestId(component(sku), 'sct-component-out'))).split(' ')[0];
      await waitForCount(byTestId(page, 'sct-component'), 3);
      await eventually(
        async () => `${await out(BOLT)}|${await out(PLATE)}`,
        (text) => text === '13.2|6',
        { timeoutMs: 20_000, intervalMs: 250, what: 'what is still at the supplier in the report' },
      );
      await waitForCount(byTestId(component(COAT), 'sct-component-bought'), 1);
    });
    expect(errors).toEqual([]);
  });
});
