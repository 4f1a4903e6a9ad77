/**
 * A purchase order as the supplier delivers it, through the console: a clerk places an order for 10, receives 6 in a
 * first delivery and puts them away, sees 4 still open on the order, receives the 4 in a second delivery (the form
 * offers what is open) and puts them away; the order is received with both deliveries listed.
 */
import type { Page } from 'playwright-core';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  byTestId,
  chooseAutocomplete,
  chooseFirstOption,
  login,
  openInboxTask,
  textOf,
  waitForInstancePage,
} from './support/pages';
import { waitForCount, waitForEnabled, waitForValue } from './support/waits';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(180_000);

const { newPage } = useBrowser();

/** Opens the order's task of `formKind` (other than `done`) from the inbox once the process has created it. */
async function openTask(page: Page, orderNumber: string, formKind: string, done: string[] = []): Promise<string> {
  return openInboxTask(page, orderNumber, formKind, { done });
}

/** Puts the delivery's one line away into MAIN-B05 and waits for the process page. */
async function putAway(page: Page, orderNumber: string, workflowId: string, done: string[]): Promise<void> {
  done.push(await openTask(page, orderNumber, 'putaway', done));
  const line = byTestId(page, 'putaway-line').first();
  await line.waitFor({ state: 'visible' });
  await byTestId(line, 'putaway-bin').click();
  await byTestId(page, 'putaway-bin-option').filter({ hasText: 'MAIN-B05' }).click();
  await waitForEnabled(byTestId(page, 'task-complete'));
  await byTestId(page, 'task-complete').click();
  await processPageAfterCompletion(page, workflowId);
}

/** The order's detail page once it shows `open` still to come on line 1 and `deliveries` deliveries. */
async function orderShows(page: Page, orderNumber: string, open: string, deliveries: number): Promise<void> {
  await eventually(
    async () => {
      await page.goto(`${BASE_URL}/purchase-orders/${orderNumber}`);
      await byTestId(page, 'po-line').first().waitFor({ state: 'visible' });
      return `${await textOf(byTestId(page, 'po-line-open'))}/${await byTestId(page, 'po-delivery').count()}`;
    },
    (shown) => shown === `${open}/${deliveries}`,
    { timeoutMs: 60_000, intervalMs: 1_500, what: `${orderNumber} with ${open} open after ${deliveries} deliveries` },
  );
}

describe('a purchase order received in two deliveries', () => {
  test('a clerk receives part of the order, then the rest, and sees the open quantity in between', async () => {
    const { page, errors } = await newPage();
    let orderNumber = '';
    let workflowId = '';
    const done: string[] = [];

    await step(page, 'po-deliveries-01-placed', async () => {
      await login(page, 'clerk');
      await page.waitForURL((url) => url.pathname === '/tasks');
      await page.goto(`${BASE_URL}/purchase-orders/new`);
      await chooseFirstOption(page, 'po-supplier', 'po-supplier-option');
      await chooseFirstOption(page, 'po-warehouse', 'po-warehouse-option');
      await chooseAutocomplete(page, 'po-item-0', 'po-item-option', 'HW-001');
      await byTestId(page, 'po-qty-0').fill('10');
      await byTestId(page, 'po-cost-0').fill('1.5');
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/purchase-orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'po-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      ({ orderNumber, workflowId } = (await response.json()) as { orderNumber: string; workflowId: string });
      await waitForInstancePage(page, workflowId);
    });

    await step(page, 'po-deliveries-02-first-delivery', async () => {
      done.push(await openTask(page, orderNumber, 'goods-receipt'));
      const line = byTestId(page, 'receipt-line').first();
      await expect(textOf(byTestId(line, 'receipt-open'))).resolves.toBe('10 open');
      await waitForValue(byTestId(line, 'receipt-qty'), (value) => Number(value) === 10);
      // Beyond the 10% over-delivery tolerance the form refuses before the server would.
      await byTestId(line, 'receipt-qty').fill('12');
      await byTestId(page, 'receipt-line-error').waitFor({ state: 'visible' });
      await waitForEnabled(byTestId(page, 'task-complete'), false);
      await byTestId(line, 'receipt-qty').fill('6');
      await byTestId(page, 'receipt-line-error').waitFor({ state: 'detached' });
      await waitForEnabled(byTestId(page, 'task-complete'));
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
    });

    await step(page, 'po-deliveries-03-first-put-away', async () => {
      await putAway(page, orderNumber, workflowId, done);
      await orderShows(page, orderNumber, '4', 1);
      await expect(textOf(byTestId(page, 'po-detail-status'))).resolves.toBe('partly-received');
      await expect(textOf(byTestId(page, 'po-line-received'))).resolves.toBe('6');
      await byTestId(page, 'po-close').waitFor({ state: 'visible' });
    });

    await step(page, 'po-deliveries-04-second-delivery', async () => {
      done.push(await openTask(page, orderNumber, 'goods-receipt', done));
      const line = byTestId(page, 'receipt-line').first();
      await expect(textOf(byTestId(line, 'receipt-open'))).resolves.toBe('4 open');
      // The form offers what is still open.
      await waitForValue(byTestId(line, 'receipt-qty'), (value) => Number(value) === 4);
      await waitForEnabled(byTestId(page, 'task-complete'));
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
    });

    await step(page, 'po-deliveries-05-received', async () => {
      await putAway(page, orderNumber, workflowId, done);
      await eventually(
        () => textOf(byTestId(page, 'instance-status')),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `instance ${workflowId} to complete` },
      );
      await orderShows(page, orderNumber, '0', 2);
      await expect(textOf(byTestId(page, 'po-detail-status'))).resolves.toBe('received');
      await waitForCount(byTestId(page, 'po-close'), 0);
    });

    expect(errors).toEqual([]);
  });
});
