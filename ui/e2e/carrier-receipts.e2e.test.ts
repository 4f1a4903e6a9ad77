/**
 * Carrier receipts in the console: a clerk enters a carrier's freight on a purchase delivery. An unknown delivery is
 * refused on its line; corrected, the receipt posts, and its page shows the share the delivery carries and why the
 * cost-distribution rule chose the basis. The delivery itself is set up through the API (a purchase order received
 * and put away), as the purchasing journeys already walk those screens.
 */
import { plainItem } from '../../test/support/stock';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning } from './support/handheld';
import { openNav } from './support/lists';
import { withE2eOrm } from './support/mrp-world';
import { byTestId, DEMO_PASSWORD, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const S = `${Date.now() % 1_000_000}`;
const sku = `CRE-${S}`;

async function call<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: { lines?: Array<{ lineNo: number }> };
}

/** Completes the order process's open task of `formKind` through the API once the process has created it. */
async function completeTask(headers: Record<string, string>, workflowId: string, formKind: string, payload: unknown) {
  const task = await eventually(
    async () => {
      const detail = await call<{ tasks: Task[] }>('GET', `/api/processes/${workflowId}`, headers);
      return detail.tasks.find((t) => t.status === 'open' && t.formKind === formKind);
    },
    (found) => found !== undefined,
    { what: `the ${formKind} task` },
  );
  await call('POST', `/api/tasks/${task?.id}/complete`, headers, { payload });
}

/** A purchase order for 10 of a fresh item at 2.00, received in delivery 1 and put away; returns its number. */
async function receivedDelivery(): Promise<string> {
  await withE2eOrm((orm) => plainItem(orm, sku, { name: `Freight crate ${S}` }));
  const { token } = await call<{ token: string }>(
    'POST',
    '/api/auth/login',
    {},
    { username: 'clerk', password: DEMO_PASSWORD },
  );
  const headers = { authorization: `Bearer ${token}` };
  const order = await call<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', headers, {
    supplierCode: 'S-STEEL',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: sku, quantity: 10, unitCost: 2 }],
  });
  await completeTask(headers, order.workflowId, 'goods-receipt', { lines: [{ lineNo: 1, quantity: 10 }] });
  await completeTask(headers, order.workflowId, 'putaway', { lines: [{ lineNo: 1, toLocation: 'MAIN-B04' }] });
  return order.orderNumber;
}

describe('carrier receipts', () => {
  let orderNumber = '';
  let receiptPath = '';
  beforeAll(async () => {
    orderNumber = await receivedDelivery();
  });

  test('a clerk enters freight on a delivery; an unknown delivery is refused on its line; the share is shown', async () => {
    const { page } = await newPage();
    const reference = `E2E-FRT-${S}`;

    await step(page, 'carrier-receipts-01-unknown-delivery', async () => {
      await login(page, 'clerk');
      await openNav(page, 'nav-carrier-receipts');
      await byTestId(page, 'cr-new').click();
      await page.waitForURL((url) => url.pathname === '/carrier-receipts/new');
      await byTestId(page, 'cr-carrier').fill('S-STEEL');
      await byTestId(page, 'cr-reference').fill(reference);
      await byTestId(page, 'cr-amount').fill('25');
      await byTestId(page, 'cr-delivery-0').fill(`PO-NOPE${S}/9`);
      await byTestId(page, 'cr-submit').click();
      const lineError = byTestId(byTestId(page, 'cr-delivery-line').first(), 'field-error');
      await lineError.waitFor({ state: 'visible' });
      expect(await textOf(lineError)).toContain('No delivery');
    });

    await step(page, 'carrier-receipts-02-posted', async () => {
      await byTestId(page, 'cr-delivery-0').fill(`${orderNumber}/1`);
      await byTestId(page, 'cr-submit').click();
      await page.waitForURL((url) => /^\/carrier-receipts\/CR-\d+$/.test(url.pathname));
      await waitForAttribute(byTestId(page, 'cr-detail-status'), 'data-status', 'posted');
      const shares = byTestId(page, 'cr-share');
      await waitForCount(shares, 1);
      expect(await shares.getAttribute('data-delivery')).toBe(`${orderNumber}/1`);
      expect(await textOf(byTestId(shares, 'cr-share-amount'))).toBe('25.00');
      expect(await textOf(byTestId(page, 'cr-detail-reason'))).toMatch(/^freight by /);
      // The item carries no weight: the seeded freight-by-weight rule's basis falls back to quantity, and says so.
      await waitForAttribute(byTestId(page, 'cr-detail-basis'), 'data-basis', 'quantity');
    });

    await step(page, 'carrier-receipts-03-listed', async () => {
      await openNav(page, 'nav-carrier-receipts');
      await byTestId(page, 'list-filter-delivery').fill(`${orderNumber}/1`);
      await byTestId(page, 'list-filter-delivery').press('Enter');
      const row = page.locator(`[data-testid="cr-row"]`);
      await waitForCount(row, 1);
      expect(await textOf(row)).toContain(reference);
      await row.click();
      await page.waitForURL((url) => /^\/carrier-receipts\/CR-\d+$/.test(url.pathname));
      await waitForAttribute(byTestId(page, 'cr-detail-status'), 'data-status', 'posted');
      expect(await textOf(byTestId(page, 'cr-detail-carrier'))).toContain('S-STEEL');
      receiptPath = new URL(page.url()).pathname;
    });
  });

  test('at 390 px a clerk reads the receipt and its shares without sideways panning', async () => {
    const { page } = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await step(page, 'carrier-receipts-04-handheld', async () => {
      await login(page, 'clerk');
      await page.goto(`${BASE_URL}${receiptPath}`);
      await waitForAttribute(byTestId(page, 'cr-detail-status'), 'data-status', 'posted');
      await waitForCount(byTestId(page, 'cr-share'), 1);
      await expectNoSidewaysPanning(page, 'the carrier receipt page');
    });
  });
});
