/**
 * Purchase-receipt journey through the console against the full platform: a clerk places a purchase order,
 * records the goods receipt with a lot and its dates, puts the stock away into a bin, and the process completes.
 */
import type { Page } from 'playwright-core';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  attr,
  byTestId,
  chooseAutocomplete,
  chooseFirstOption,
  login,
  openInboxTask,
  textOf,
  waitForInstancePage,
} from './support/pages';
import { waitForEnabled, waitForValue } from './support/waits';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(150_000);

const { newPage } = useBrowser();

/** Opens the order's task of `formKind` from the inbox once the process has created it. */
async function openTask(page: Page, orderNumber: string, formKind: string): Promise<void> {
  await openInboxTask(page, orderNumber, formKind);
}

describe('receive a purchase order end to end', () => {
  test('clerk places a PO, receives it with a lot and expiry, puts it away, and the process completes', async () => {
    const { page, errors } = await newPage();
    const lotCode = `E2E-${Date.now()}`;
    let orderNumber = '';
    let workflowId = '';

    await step(page, 'po-01-clerk-logged-in', async () => {
      await login(page, 'clerk');
      await page.waitForURL((url) => url.pathname === '/tasks');
      await byTestId(page, 'nav-purchase-orders').click();
      await page.waitForURL((url) => url.pathname === '/purchase-orders');
      await byTestId(page, 'po-new').click();
      await page.waitForURL((url) => url.pathname === '/purchase-orders/new');
    });

    await step(page, 'po-02-form-filled', async () => {
      await chooseFirstOption(page, 'po-supplier', 'po-supplier-option');
      await chooseFirstOption(page, 'po-warehouse', 'po-warehouse-option');
      await chooseAutocomplete(page, 'po-item-0', 'po-item-option', 'FOOD-001');
      await byTestId(page, 'po-qty-0').fill('12');
      await byTestId(page, 'po-cost-0').fill('3.5');
    });

    await step(page, 'po-03-instance-started', async () => {
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/purchase-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'po-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      ({ orderNumber, workflowId } = (await response.json()) as { orderNumber: string; workflowId: string });
      expect(orderNumber).toMatch(/^PO-\d{6}$/);
      await waitForInstancePage(page, workflowId);
    });

    await step(page, 'po-04-receipt-task', async () => {
      await openTask(page, orderNumber, 'goods-receipt');
      await expect(textOf(byTestId(page, 'receipt-order-number'))).resolves.toBe(orderNumber);
      const line = byTestId(page, 'receipt-line').first();
      await waitForValue(byTestId(line, 'receipt-qty'), (value) => Number(value) === 12);
      // A lot-tracked item cannot be received without its lot.
      await waitForEnabled(byTestId(page, 'task-complete'), false);
      await byTestId(line, 'receipt-lot').fill(lotCode);
      await byTestId(line, 'receipt-manufactured').fill('2026-10-01');
      await byTestId(line, 'receipt-expiry').fill('2026-09-01');
      await byTestId(page, 'receipt-line-error').waitFor({ state: 'visible' });
      await byTestId(line, 'receipt-expiry').fill('2027-03-31');
      await byTestId(page, 'receipt-line-error').waitFor({ state: 'detached' });
    });

    await step(page, 'po-05-received', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
    });

    await step(page, 'po-06-putaway-task', async () => {
      await openTask(page, orderNumber, 'putaway');
      await expect(textOf(byTestId(page, 'putaway-dock'))).resolves.toBe('MAIN-DOCK');
      const line = byTestId(page, 'putaway-line').first();
      await expect(textOf(byTestId(line, 'putaway-lot'))).resolves.toBe(lotCode);
      await waitForEnabled(byTestId(page, 'task-complete'), false);
      await byTestId(line, 'putaway-bin').click();
      await byTestId(page, 'putaway-bin-option').filter({ hasText: 'MAIN-B05' }).click();
    });

    await step(page, 'po-07-instance-completed', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
      await eventually(
        () => textOf(byTestId(page, 'instance-status')),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `instance ${workflowId} to complete` },
      );
    });

    await step(page, 'po-08-listed-put-away', async () => {
      await page.goto(`${BASE_URL}/purchase-orders`);
      const row = page.locator(`[data-testid="po-row"]${attr('data-order-number', orderNumber)}`);
      await row.first().waitFor({ state: 'visible' });
      await expect(textOf(byTestId(row.first(), 'po-status'))).resolves.toBe('received');
    });

    expect(errors).toEqual([]);
  });
});
