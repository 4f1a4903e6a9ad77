/**
 * The warehouse screens on a handheld (390 px, a phone or a scanner) and at a desk (1366 px): picking, packing and
 * shipping an order short-picked in MAIN and re-allocated to EAST (packed per dock, one shipment per warehouse), and
 * receiving and putting away a purchase order. On every screen nothing pans sideways, controls are thumb-sized on
 * the handheld, a scanned bin, lot or item code lands on its line, and the pick list and packing slip print alone.
 */
import type { Page } from 'playwright-core';
import { fetchCall, packCheckOpenShipment } from '../../test/support/pack-check';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  expectFocused,
  expectNoSidewaysPanning,
  expectPrintsOnly,
  expectTouchTargets,
  scan,
  stubPrint,
} from './support/handheld';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForCount, waitForEnabled, waitForValue } from './support/waits';

jest.setTimeout(240_000);

const VIEWPORTS = [
  { name: 'handheld', width: 390, height: 844 },
  { name: 'desktop', width: 1366, height: 900 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

interface TaskRow {
  id: string;
  taskType: string;
  status: string;
}

let token = '';
const journeys = useBrowser();

function newPage(viewport: Viewport): Promise<{ page: Page; errors: string[] }> {
  const handheld = viewport.name === 'handheld';
  return journeys.newPage({
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: handheld,
    hasTouch: handheld,
  });
}

/** Waits (through the API) for the process's active task of a type, other than `except`, and opens it by its address. */
async function openTask(page: Page, workflowId: string, taskType: string, except?: string): Promise<string> {
  let seen: unknown = null;
  const task = await eventually(
    async () => {
      const detail = await api<{ instance: unknown; tasks: TaskRow[] }>(
        'GET',
        `/api/processes/${encodeURIComponent(workflowId)}`,
        token,
      );
      seen = { instance: detail.body.instance, tasks: detail.body.tasks.map((t) => [t.taskType, t.status]) };
      // Open, or already claimed: opening a task's form claims it, and the console may open the next task itself.
      return detail.body.tasks.find(
        (t) => t.taskType === taskType && (t.status === 'open' || t.status === 'claimed') && t.id !== except,
      );
    },
    (found) => found !== undefined,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `an open ${taskType} task of ${workflowId}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the process: ${JSON.stringify(seen)}`);
  });
  await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(task!.id)}`);
  await byTestId(page, 'task-title').waitFor({ state: 'visible' });
  return task!.id;
}

/** Clicks the form's confirm button and waits for the server to accept the completion. */
async function confirm(page: Page): Promise<Record<string, unknown>> {
  const completed = page.waitForResponse(
    (res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname) && res.request().method() === 'POST',
  );
  await waitForEnabled(byTestId(page, 'task-complete'));
  await byTestId(page, 'task-complete').click();
  const response = await completed;
  expect(response.status()).toBe(200);
  return (JSON.parse(response.request().postData() ?? '{}') as { payload: Record<string, unknown> }).payload;
}

/** The screen as the viewport sees it: no sideways panning, and on a handheld, thumb-sized controls. */
async function fits(page: Page, viewport: Viewport, form: string): Promise<void> {
  await expectNoSidewaysPanning(page, `the ${form} screen at ${viewport.width} px`);
  if (viewport.name === 'handheld') await expectTouchTargets(page.locator(`mw-${form}-form`), `the ${form} form`);
}

async function processStatus(workflowId: string): Promise<string> {
  const detail = await api<{ instance: { status: string } }>(
    'GET',
    `/api/processes/${encodeURIComponent(workflowId)}`,
    token,
  );
  return detail.body.instance.status;
}

beforeAll(async () => {
  token = await apiLogin('clerk');
});

describe.each(VIEWPORTS)('warehouse screens on a $name ($width px)', (viewport) => {
  const shot = (name: string) => `hh-${viewport.name}-${name}`;

  test('pick with the scan field, short-pick into a second warehouse, pack per dock, print, ship', async () => {
    const sku = `E2E-HH-${viewport.name[0]}${Date.now().toString(36)}`.toUpperCase();
    await itemWithStock(sku, [
      { location: 'MAIN-B01', lot: `${sku}-M`, quantity: 5 },
      { location: 'EAST-A01', lot: `${sku}-E`, quantity: 5 },
    ]);
    const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/orders', token, {
      customerCode: 'C-BOLT',
      lines: [{ itemSku: sku, quantity: 4 }],
    });
    expect(placed.status).toBe(201);
    const { workflowId } = placed.body;
    const { page, errors } = await newPage(viewport);
    await login(page, 'clerk');
    const stop = (location: string) => page.locator(`[data-testid="pick-stop"]${attr('data-location', location)}`);

    let firstPick = '';
    await step(page, shot('02-pick-scan'), async () => {
      firstPick = await openTask(page, workflowId, 'pick');
      await stop('MAIN-B01').waitFor({ state: 'visible' });
      await fits(page, viewport, 'pick-confirmation');
      if (viewport.name === 'handheld') {
        // The navigation is an overlay on a handheld: it opens over the task without widening it, and closes again.
        await byTestId(page, 'nav-toggle').click();
        await byTestId(page, 'nav-tasks').waitFor({ state: 'visible' });
        await expectNoSidewaysPanning(page, 'the pick screen with the navigation open');
        // Escape closes it; pressed while the drawer is still opening it can go unheard (CI): press until it closes.
        await eventually(
          async () => {
            await page.keyboard.press('Escape');
            await byTestId(page, 'nav-tasks').waitFor({ state: 'hidden', timeout: 2_000 });
            return true;
          },
          (closed) => closed,
          { timeoutMs: 30_000, intervalMs: 300, what: 'the navigation to close on Escape' },
        );
      }
      // The check itself catches a page wider than the screen, in the document and in the page area.
      for (const parent of ['body', '.mat-drawer-content']) {
        await page.evaluate((selector) => {
          const wide = document.createElement('div');
          wide.id = 'mw-too-wide';
          wide.style.width = '2000px';
          wide.style.height = '1px';
          document.querySelector(selector)?.appendChild(wide);
        }, parent);
        await expect(expectNoSidewaysPanning(page, `${parent} made too wide`, 1_500)).rejects.toThrow(/sideways/);
        await page.evaluate(() => document.getElementById('mw-too-wide')?.remove());
      }
      await expectNoSidewaysPanning(page, 'the pick screen again');
      await scan(page, 'NO-SUCH-CODE');
      await eventually(
        () => textOf(byTestId(page, 'scan-miss')),
        (text) => text.includes('NO-SUCH-CODE'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      // A lot scanned in lower case still finds its stop; its quantity takes the focus, ready to type.
      await scan(page, `${sku}-m`.toLowerCase());
      await byTestId(page, 'scan-miss').waitFor({ state: 'detached' });
      await eventually(
        () => textOf(byTestId(page, 'scan-hit')),
        (text) => text.includes('MAIN-B01'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      await expectFocused(byTestId(stop('MAIN-B01'), 'pick-qty'), 'the quantity of the MAIN-B01 stop');
      await page.keyboard.type('1'); // the field's text was selected: typing replaces it
      await waitForValue(byTestId(stop('MAIN-B01'), 'pick-qty'), '1');
      await byTestId(page, 'pick-line-short').waitFor({ state: 'visible' });
    });

    await step(page, shot('03-pick-list-printed'), async () => {
      const prints = await stubPrint(page);
      await byTestId(page, 'pick-print').click();
      await eventually(prints, (n) => n === 1, { timeoutMs: 5_000, intervalMs: 100, what: 'window.print' });
      await expectPrintsOnly(page, byTestId(page, 'pick-list-print'), [byTestId(page, 'pick-qty')], shot('03-print'));
      await eventually(
        () => textOf(byTestId(page, 'pick-list-stop').first()),
        (text) => text.includes('MAIN-B01'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    });

    await step(page, shot('04-pick-round-2-east'), async () => {
      expect(await confirm(page)).toEqual({
        picks: [{ lineNo: 1, locationCode: 'MAIN-B01', lotCode: `${sku}-M`, quantity: 1 }],
      });
      await openTask(page, workflowId, 'pick', firstPick);
      await stop('EAST-A01').waitFor({ state: 'visible' });
      await fits(page, viewport, 'pick-confirmation');
      await scan(page, 'EAST-A01');
      await expectFocused(byTestId(stop('EAST-A01'), 'pick-qty'), 'the quantity of the EAST-A01 stop');
      await waitForValue(byTestId(stop('EAST-A01'), 'pick-qty'), '3');
      await confirm(page);
    });

    const mainDock = page.locator(`[data-testid="pack-dock"]${attr('data-dock', 'MAIN-DOCK')}`);
    const eastDock = page.locator(`[data-testid="pack-dock"]${attr('data-dock', 'EAST-DOCK')}`);
    await step(page, shot('05-pack-per-dock'), async () => {
      await openTask(page, workflowId, 'pack');
      await byTestId(page, 'pack-docks-note').waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'pack-dock'), 2);
      await eventually(
        () => textOf(byTestId(mainDock, 'pack-line-staged')),
        (text) => text === '1',
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      await eventually(
        () => textOf(byTestId(eastDock, 'pack-line-staged')),
        (text) => text === '3',
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      // One package per dock, each prefilled with its own dock's stock.
      await waitForCount(byTestId(page, 'pack-package'), 2);
      await waitForValue(byTestId(mainDock, 'pack-content-qty'), '1');
      await waitForValue(byTestId(eastDock, 'pack-content-qty'), '3');
      await fits(page, viewport, 'pack');
      await scan(page, `${sku}-E`);
      await expectFocused(byTestId(eastDock, 'pack-content-qty'), 'the EAST-DOCK package line');
      await byTestId(mainDock, 'pack-weight').fill('0.5');
      await byTestId(eastDock, 'pack-weight').fill('1.5');
      await waitForEnabled(byTestId(page, 'task-complete'));
    });

    await step(page, shot('06-pack-mixed-refused'), async () => {
      // What the console used to send: one package holding both docks' stock. The server refuses it, by field.
      await page.route('**/api/tasks/*/complete', async (route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as { payload: { packages: unknown[] } };
        body.payload.packages = [{ packageNo: 'ALL', weightKg: 2, contents: [{ lineNo: 1, quantity: 4 }] }];
        await route.continue({ postData: JSON.stringify(body) });
      });
      await byTestId(page, 'task-complete').click();
      await eventually(
        () => textOf(byTestId(page, 'pack-server-error')),
        (text) => /dock is required/.test(text),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      await page.unroute('**/api/tasks/*/complete');
      await expectNoSidewaysPanning(page, 'the pack screen with its refusal');
    });

    await step(page, shot('07-packing-slip-printed'), async () => {
      await expectPrintsOnly(
        page,
        byTestId(page, 'packing-slip-print'),
        [byTestId(page, 'pack-weight')],
        shot('07-print'),
      );
      await page.emulateMedia({ media: 'print' });
      await waitForCount(byTestId(page, 'packing-slip-shipment'), 2);
      await page.emulateMedia({ media: 'screen' });
      const payload = (await confirm(page)) as { packages: Array<{ dock: string; contents: unknown[] }> };
      expect(payload.packages.map((pkg) => [pkg.dock, pkg.contents])).toEqual([
        ['MAIN-DOCK', [{ lineNo: 1, quantity: 1 }]],
        ['EAST-DOCK', [{ lineNo: 1, quantity: 3 }]],
      ]);
    });

    await step(page, shot('08-ship'), async () => {
      await openTask(page, workflowId, 'ship');
      // Every shipment is pack-checked first (the pack-check screen has its own journey): done through the API.
      await packCheckOpenShipment(fetchCall(BASE_URL, token), workflowId);
      await byTestId(page, 'ship-docks-note').waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'ship-package-dock'), 2);
      const docks = await byTestId(page, 'ship-package-dock').allTextContents();
      expect(docks.map((text) => text.trim())).toEqual(['MAIN-DOCK', 'EAST-DOCK']);
      // One shipment per warehouse: each dock's packages leave with their own carrier and tracking number.
      const from = (dock: string) => page.locator(`[data-testid="ship-dock-shipment"]${attr('data-dock', dock)}`);
      await byTestId(from('MAIN-DOCK'), 'ship-carrier').fill('DHL');
      await byTestId(from('MAIN-DOCK'), 'ship-tracking').fill(`JD-${sku}`);
      await byTestId(page, 'ship-missing').waitFor({ state: 'visible' });
      await byTestId(from('EAST-DOCK'), 'ship-carrier').fill('GLS');
      await byTestId(from('EAST-DOCK'), 'ship-tracking').fill(`GLS-${sku}`);
      await fits(page, viewport, 'ship');
      await expectPrintsOnly(page, byTestId(page, 'packing-slip-print'), [byTestId(page, 'ship-carrier')]);
      expect(await confirm(page)).toEqual({
        carrier: 'DHL',
        trackingNumber: `JD-${sku}`,
        shipments: [
          { dock: 'MAIN-DOCK', carrier: 'DHL', trackingNumber: `JD-${sku}` },
          { dock: 'EAST-DOCK', carrier: 'GLS', trackingNumber: `GLS-${sku}` },
        ],
      });
      await eventually(
        () => processStatus(workflowId),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `order ${workflowId} to complete` },
      );
    });

    expect(errors).toEqual([]);
  });

  test('receive a purchase order and put it away by scanning', async () => {
    const created = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', token, {
      supplierCode: 'S-STEEL',
      warehouseCode: 'MAIN',
      // Received in full (5 of 5) in one delivery, so the receipt completes after the putaway.
      lines: [{ itemSku: 'FOOD-001', quantity: 5, unitCost: 3 }],
    });
    expect(created.status).toBe(201);
    const { workflowId } = created.body;
    const lot = `HH-${viewport.name[0]}${Date.now().toString(36)}`.toUpperCase();
    const { page, errors } = await newPage(viewport);
    await login(page, 'clerk');

    await step(page, shot('11-receipt'), async () => {
      await openTask(page, workflowId, 'goods-receipt');
      await byTestId(page, 'receipt-line').first().waitFor({ state: 'visible' });
      await fits(page, viewport, 'goods-receipt');
      await scan(page, 'FOOD-999');
      await byTestId(page, 'scan-miss').waitFor({ state: 'visible' });
      await scan(page, 'food-001');
      const line = page.locator(`[data-testid="receipt-line"]${attr('data-item-sku', 'FOOD-001')}`);
      await expectFocused(byTestId(line, 'receipt-qty'), 'the received quantity of FOOD-001');
      await byTestId(line, 'receipt-qty').fill('5');
      await byTestId(line, 'receipt-lot').fill(lot);
      await byTestId(line, 'receipt-expiry').fill('2027-06-30');
      await expectNoSidewaysPanning(page, 'the filled receipt');
      await confirm(page);
    });

    await step(page, shot('12-putaway'), async () => {
      await openTask(page, workflowId, 'putaway');
      const line = byTestId(page, 'putaway-line').first();
      await line.waitFor({ state: 'visible' });
      await fits(page, viewport, 'putaway');
      // Scan the lot, then the bin: the line goes into that bin.
      await scan(page, lot);
      await expectFocused(byTestId(line, 'putaway-bin'), 'the bin of the scanned line');
      await scan(page, 'MAIN-B05');
      await eventually(
        () => textOf(byTestId(page, 'scan-hit')),
        (text) => text.includes('MAIN-B05'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      await eventually(
        () => textOf(byTestId(line, 'putaway-bin')),
        (text) => text.includes('MAIN-B05'),
        { timeoutMs: 10_000, intervalMs: 200, what: 'the scanned bin on the line' },
      );
      await scan(page, 'EAST-A01'); // another warehouse's bin: not a bin of this putaway
      await byTestId(page, 'scan-miss').waitFor({ state: 'visible' });
      expect(await confirm(page)).toEqual({ lines: [{ lineNo: 1, toLocation: 'MAIN-B05' }] });
      await eventually(
        () => processStatus(workflowId),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `receipt ${workflowId} to complete` },
      );
    });

    expect(errors).toEqual([]);
  });
});
