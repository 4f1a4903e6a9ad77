/**
 * The production order in the console (issue 13): a planner is refused an order for a bought item on the item field,
 * creates one for a made item and sees its kit short; stock arrives by a purchase receipt; a clerk on a handheld picks
 * the kit, is refused reporting more than an operation received (on the good field), reports the two operations and
 * the completion as tasks; an auditor reads the cost build-up (material, labour, overhead, completed, WIP zero after
 * close) and why each component is issued the way it is (rule and version); a
 * second order waiting for its kit is cancelled with a reason. The list filters, sorts and exports in the URL's terms.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning } from './support/handheld';
import { attr, byTestId, chooseAutocomplete, login, openInboxTask, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(360_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `PRD-FG-${RUN}`; // made here: BOM and routing below
const KIT = `PRD-KT-${RUN}`; // picked as a kit (the seeded default); 4 in stock, 10 needed
const FAST = `PRD-FS-${RUN}`; // category fastener: backflushed by the seeded rule
const WC = `PW${RUN}`;
const TODAY = new Date().toISOString().slice(0, 10);
const DUE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
const BIN = 'MAIN-C06';

let admin = '';
let orderNumber = '';

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The finished good's BOM (2 kit parts and 4 fasteners a unit) and routing (two operations at one work centre). */
async function masterData(): Promise<void> {
  admin = await apiLogin('admin');
  await ok(
    'item',
    await api('POST', '/api/items', admin, {
      sku: FG,
      name: 'Prd gearbox',
      uom: 'pcs',
      category: 'test',
      supplyType: 'make',
    }),
  );
  await itemWithStock(KIT, [{ location: BIN, lot: `${KIT}-L1`, quantity: 4 }]);
  await itemWithStock(FAST, [{ location: BIN, lot: `${FAST}-L1`, quantity: 100 }]);
  await ok('fastener', await api('PATCH', `/api/items/${FAST}`, admin, { category: 'fastener' }), 200);
  await ok('work centre', await api('POST', '/api/work-centres', admin, { code: WC, name: 'Prd assembly cell' }));
  const rate = { effectiveFrom: '2026-01-01', labourRate: 40, overheadRate: 10 };
  await ok('rates', await api('POST', `/api/work-centres/${WC}/rates`, admin, rate));
  const bom = {
    effectiveFrom: '2026-01-01',
    phantom: false,
    lines: [
      { componentSku: KIT, quantityPer: 2 },
      { componentSku: FAST, quantityPer: 4 },
    ],
  };
  await ok('BOM', await api('POST', `/api/items/${FG}/boms`, admin, bom));
  const operation = (seq: number, description: string) => ({
    seq,
    workCentreCode: WC,
    description,
    setupHours: 0,
    runHoursPerUnit: 0.5,
  });
  const routing = { effectiveFrom: '2026-01-01', operations: [operation(10, 'Machine'), operation(20, 'Assemble')] };
  await ok('routing', await api('POST', `/api/items/${FG}/routings`, admin, routing));
}

interface ProcessTasks {
  tasks?: Array<{ id: string; status: string; formKind: string }>;
}

/** Completes the process's open task of `formKind` over the API (the purchase receipt is set-up here). */
async function completeOverApi(token: string, workflowId: string, formKind: string, payload: unknown): Promise<void> {
  const task = await eventually(
    async () => {
      const detail = await api<ProcessTasks>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body.tasks?.find((candidate) => candidate.status === 'open' && candidate.formKind === formKind);
    },
    (found) => found !== undefined,
    { what: `${formKind} task of ${workflowId}` },
  );
  await ok(formKind, await api('POST', `/api/tasks/${task?.id}/complete`, token, { payload }), 200);
}

/** The missing 6 kit parts arrive: a purchase order received and put away (the receipt wakes the waiting order). */
async function kitStockArrives(): Promise<void> {
  const clerk = await apiLogin('clerk');
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', clerk, {
    supplierCode: 'S-STEEL',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: KIT, quantity: 6, unitCost: 4 }],
  });
  await ok('purchase order', placed);
  const line = { lineNo: 1, quantity: 6, lotCode: `${KIT}-L2`, manufacturedOn: TODAY };
  await completeOverApi(clerk, placed.body.workflowId, 'goods-receipt', { lines: [line] });
  await completeOverApi(clerk, placed.body.workflowId, 'putaway', { lines: [{ lineNo: 1, toLocation: BIN }] });
}

async function openOrder(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}/manufacturing/production-orders/${orderNumber}`);
  await byTestId(page, 'prd-detail-number').waitFor({ state: 'visible' });
}

/** Re-reads the detail page until `probe` holds (the workflow moves on in the background). */
async function untilShown<T>(page: Page, probe: () => Promise<T>, accept: (value: T) => boolean, what: string) {
  return eventually(
    async () => {
      await byTestId(page, 'prd-refresh').click();
      await page.waitForTimeout(400);
      return probe();
    },
    accept,
    { timeoutMs: 90_000, intervalMs: 1_000, what },
  );
}

/** Opens the clerk's task of `formKind` for the order from the inbox. */
async function openTask(page: Page, formKind: string): Promise<void> {
  await openInboxTask(page, orderNumber, formKind, { timeoutMs: 90_000 });
}

/** Completes the open task (its form fitting the screen) and waits until the console has left it (the server took it). */
async function complete(page: Page): Promise<void> {
  await expectNoSidewaysPanning(page, `the task form ${page.url()}`);
  const at = new URL(page.url()).pathname;
  await byTestId(page, 'task-complete').click();
  await page.waitForURL((url) => url.pathname !== at, { timeout: 60_000 });
}

const costOf = (page: Page, kind: string) =>
  page.locator(`[data-testid="prd-cost-line"]${attr('data-kind', kind)}`).getAttribute('data-amount');
const component = (page: Page, sku: string) => page.locator(`[data-testid="prd-component"]${attr('data-sku', sku)}`);

beforeAll(async () => {
  await masterData();
});

describe('a production order from creation to close', () => {
  test('a planner creates an order and sees the kit short', async () => {
    const { page, errors } = await newPage();

    await step(page, 'prd-01-refused-on-the-field', async () => {
      await login(page, 'planner');
      await byTestId(page, 'nav-manufacturing').click();
      await byTestId(page, 'mfg-tab-production-orders').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/production-orders');
      await byTestId(page, 'prd-new').click();
      await page.waitForURL((url) => url.pathname === '/manufacturing/production-orders/new');
      // A bought component is no item to make: refused on the item field, nothing created.
      await chooseAutocomplete(page, 'prd-form-item', 'prd-form-item-option', KIT);
      await byTestId(page, 'prd-form-quantity').fill('5');
      await byTestId(page, 'prd-form-due').fill(DUE);
      await byTestId(page, 'prd-form-submit').click();
      await waitForAttribute(byTestId(page, 'prd-form-item'), 'aria-invalid', 'true');
      const fieldError = page.locator('mw-sku-field [data-testid="field-error"]');
      await eventually(
        () => textOf(fieldError),
        (text) => text.length > 0,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the item refusal' },
      );
      expect(new URL(page.url()).pathname).toBe('/manufacturing/production-orders/new');
    });

    await step(page, 'prd-02-created', async () => {
      await chooseAutocomplete(page, 'prd-form-item', 'prd-form-item-option', FG);
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/production-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'prd-form-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      expect(response.request().headers()['idempotency-key']).toBeTruthy();
      orderNumber = ((await response.json()) as { number: string }).number;
      expect(orderNumber).toMatch(/^PRD-\d{6}$/);
      await page.waitForURL((url) => url.pathname === `/manufacturing/production-orders/${orderNumber}`);
    });

    await step(page, 'prd-03-kit-short', async () => {
      await untilShown(
        page,
        () => byTestId(page, 'prd-detail-status').getAttribute('data-status'),
        (s) => s === 'awaiting-stock',
        'awaiting-stock',
      );
      await waitForAttribute(byTestId(page, 'prd-pinned'), 'data-bom-version', '1');
      await waitForAttribute(component(page, KIT), 'data-mode', 'kit');
      await waitForAttribute(component(page, KIT), 'data-required', '10');
      await waitForAttribute(component(page, FAST), 'data-mode', 'backflush');
      const kitRow = page.locator(`[data-testid="prd-kit-component"]${attr('data-sku', KIT)}`);
      // 10 needed: the 4 in stock are reserved for the order, the other 6 are short, so nothing more can be built.
      await waitForAttribute(kitRow, 'data-short', '6');
      await waitForAttribute(byTestId(page, 'prd-kit-buildable'), 'data-buildable', '0');
    });

    await step(page, 'prd-04-handheld', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await expectNoSidewaysPanning(page, 'the production order at 390 px');
    });

    await step(page, 'prd-05-list', async () => {
      // The item filter and the sort live in the URL; the export holds the filtered rows.
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.goto(`${BASE_URL}/manufacturing/production-orders?item=${FG}`);
      const row = page.locator(`[data-testid="prd-row"]${attr('data-number', orderNumber)}`);
      await waitForCount(row, 1);
      await waitForCount(byTestId(page, 'prd-row'), 1);
      await byTestId(page, 'list-header-dueDate').click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'dueDate' && url.searchParams.get('item') === FG);
      await waitForCount(row, 1);
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('production-orders.csv');
      const lines = readFileSync((await file.path()) as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines.length).toBe(2); // the header and this order
      expect(lines[1]).toContain(orderNumber);
      await row.click();
      await page.waitForURL((url) => url.pathname === `/manufacturing/production-orders/${orderNumber}`);
    });
    expect(errors).toEqual([]);
  });

  test('a clerk picks the kit, reports two operations and the completion', async () => {
    expect(orderNumber).not.toBe('');
    await kitStockArrives();
    const { page, errors } = await newPage();
    await page.setViewportSize({ width: 390, height: 844 }); // the shop floor's handheld
    await login(page, 'clerk');

    await step(page, 'prd-06-kit-pick', async () => {
      await openTask(page, 'production-kit-pick');
      const pick = page.locator(`[data-testid="prd-kit-pick"]${attr('data-sku', KIT)}`);
      await waitForCount(pick, (n) => n > 0);
      await eventually(
        () => byTestId(pick.first(), 'prd-kit-pick-location').inputValue(),
        (v) => v === BIN,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the proposed bin' },
      );
      await complete(page);
    });

    for (const [seq, hours] of [
      [10, '2'],
      [20, '1.5'],
    ] as const) {
      await step(page, `prd-07-operation-${seq}`, async () => {
        await openTask(page, 'production-operation');
        await eventually(
          () => textOf(byTestId(page, 'prd-op-seq')),
          (t) => t.startsWith(`${seq} `),
          { timeoutMs: 20_000, intervalMs: 250, what: `operation ${seq}` },
        );
        await byTestId(page, 'prd-op-hours').fill(hours);
        if (seq === 10) {
          // More than the operation received is refused on the good field; the task stays open.
          await byTestId(page, 'prd-op-good').fill('6');
          await byTestId(page, 'task-complete').click();
          await eventually(
            () => textOf(page.locator('mat-form-field:has([data-testid="prd-op-good"]) [data-testid="field-error"]')),
            (text) => text.includes('exceeds'),
            { timeoutMs: 20_000, intervalMs: 250, what: 'the over-report refused on the good field' },
          );
        }
        await byTestId(page, 'prd-op-good').fill('5');
        await byTestId(page, 'prd-op-scrap').fill('0');
        await complete(page);
      });
    }

    await step(page, 'prd-08-completion', async () => {
      await openTask(page, 'production-completion');
      await byTestId(page, 'prd-completion-good').fill('5');
      await byTestId(page, 'prd-completion-location').fill('MAIN-C07');
      await complete(page);
      await openOrder(page);
      await untilShown(
        page,
        () => byTestId(page, 'prd-detail-status').getAttribute('data-status'),
        (s) => s === 'closed',
        'the order closed',
      );
    });
    expect(errors).toEqual([]);
  });

  test('an auditor reads the cost build-up and why each component is issued the way it is', async () => {
    expect(orderNumber).not.toBe('');
    const { page, errors } = await newPage();
    await step(page, 'prd-09-auditor', async () => {
      await login(page, 'auditor');
      await openOrder(page);
      await waitForAttribute(byTestId(page, 'prd-detail-status'), 'data-status', 'closed');
      // Material: 10 kit parts + 4 x 5 fasteners backflushed, all at 4.00; labour 3.5 h x 40; overhead 3.5 h x 10;
      // all of it received with the 5 finished goods, so nothing is left in WIP and nothing went to variance.
      const kinds = ['material', 'labour', 'overhead', 'completed', 'variance', 'wip'];
      await eventually(
        async () => (await Promise.all(kinds.map((kind) => costOf(page, kind)))).join(' '),
        (shown) => shown === '120 140 35 295 0 0',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the cost build-up' },
      );
      await waitForAttribute(component(page, FAST), 'data-backflushed', '20');
      await waitForAttribute(component(page, KIT), 'data-issued', '10');
      const reasonOf = (sku: string) => textOf(byTestId(component(page, sku), 'prd-component-reason'));
      await eventually(
        async () => `${await reasonOf(FAST)} | ${await reasonOf(KIT)}`,
        (text) =>
          /^backflush.*"fasteners-backflushed".*material-issue v\d+/.test(text) &&
          /\| kit.*default.*material-issue v\d+/.test(text),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the issue-mode reasons with the rule version' },
      );
      await waitForCount(byTestId(page, 'prd-operation'), 2);
      await waitForAttribute(page.locator(`[data-testid="prd-operation"]${attr('data-seq', '20')}`), 'data-good', '5');
      await waitForCount(byTestId(page, 'prd-timeline-row'), (n) => n >= 3);
      await waitForCount(byTestId(page, 'prd-cancel'), 0); // read-only, and closed anyway
    });
    expect(errors).toEqual([]);
  });
  test('a planner cancels an order waiting for its kit, saying why', async () => {
    const planner = await apiLogin('planner');
    const created = await api<{ number: string }>('POST', '/api/production-orders', planner, {
      itemSku: FG,
      quantity: 1,
      dueDate: DUE,
    });
    await ok('second order', created);
    const second = created.body.number;
    const { page, errors } = await newPage();
    await step(page, 'prd-10-cancelled', async () => {
      await login(page, 'planner');
      await page.goto(`${BASE_URL}/manufacturing/production-orders/${second}`);
      // The kit parts went into the first order: this one waits for them.
      await untilShown(
        page,
        () => byTestId(page, 'prd-detail-status').getAttribute('data-status'),
        (status) => status === 'awaiting-stock',
        'the second order waiting for its kit',
      );
      await byTestId(page, 'prd-cancel-submit').click();
      await eventually(
        () => textOf(byTestId(page, 'prd-cancel-error')),
        (text) => text.includes('Say why'),
        {
          timeoutMs: 10_000,
          intervalMs: 200,
          what: 'a cancel without a reason refused',
        },
      );
      await byTestId(page, 'prd-cancel-reason-input').fill('customer withdrew the demand');
      await byTestId(page, 'prd-cancel-submit').click();
      await untilShown(
        page,
        () => byTestId(page, 'prd-detail-status').getAttribute('data-status'),
        (status) => status === 'cancelled',
        'the order cancelled',
      );
      await eventually(
        () => textOf(byTestId(page, 'prd-cancel-reason')),
        (text) => text.includes('customer withdrew the demand'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the cancel reason on the order' },
      );
      await waitForCount(byTestId(page, 'prd-cancel'), 0);
    });
    expect(errors).toEqual([]);
  });
});
