/**
 * The controls around a running order, through the console against the full platform: a clerk cancels an order
 * waiting for its pick (and a stale page shows the API's refusal), a controller approves a credit hold after
 * reading why the rules held it. The fulfilment itself: fulfil-order.e2e.test.ts.
 */

import { api, apiLogin, placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login, openPendingTask, orderStepIs, textOf, waitForInstancePage } from './support/pages';
import { waitForCount } from './support/waits';
import { itemWithStock } from './support/stock';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(180_000);

/** A fresh item with plenty of stock in one bin, so every order here is allocated at once. */
const SKU = `E2E-OC-${Date.now().toString(36).toUpperCase()}`;
const CUSTOMER = 'C-ACME';

/** Each persona gets its own context so their localStorage sessions never mix. */
const { newPage } = useBrowser();

beforeAll(async () => {
  await itemWithStock(SKU, [{ location: 'MAIN-C03', lot: `${SKU}-A`, quantity: 10 }]);
});

describe('order controls', () => {
  test('clerk cancels an order waiting for its pick; a stale page shows the refusal', async () => {
    const { page, errors } = await newPage();
    await login(page, 'clerk');

    const first = await placeOrder(CUSTOMER, SKU, 1);
    await step(page, 'controls-01-cancel-dialog', async () => {
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(first.workflowId)}`);
      await waitForInstancePage(page, first.workflowId);
      await orderStepIs(page, 'awaiting-pick');
      await byTestId(page, 'order-cancel').click();
      await byTestId(page, 'cancel-order-reason').fill('Customer withdrew the order');
    });

    await step(page, 'controls-02-cancelled', async () => {
      await byTestId(page, 'cancel-order-confirm').click();
      await orderStepIs(page, 'cancelled');
      await expect(textOf(byTestId(page, 'order-cancellation'))).resolves.toContain('Customer withdrew the order');
      await waitForCount(byTestId(page, 'order-cancel'), 0);
    });

    const second = await placeOrder(CUSTOMER, SKU, 1);
    await step(page, 'controls-03-cancel-refused', async () => {
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(second.workflowId)}`);
      await waitForInstancePage(page, second.workflowId);
      await orderStepIs(page, 'awaiting-pick');
      // Freeze this page (its polls fail), then a controller cancels the order elsewhere.
      await page.route(`**/api/processes/**`, (route) => route.abort());
      const elsewhere = await api<{ accepted: boolean }>(
        'POST',
        `/api/orders/${encodeURIComponent(second.orderNumber)}/cancel`,
        await apiLogin('controller'),
        { reason: 'Duplicate order' },
      );
      expect(elsewhere.status).toBe(200);
      await byTestId(page, 'order-cancel').click();
      await byTestId(page, 'cancel-order-reason').fill('Also cancelling');
      const refused = page.waitForResponse((res) => res.url().endsWith(`/api/orders/${second.orderNumber}/cancel`));
      await byTestId(page, 'cancel-order-confirm').click();
      expect((await refused).status()).toBe(409);
      await expect(textOf(byTestId(page, 'order-cancel-error'))).resolves.toMatch(/can no longer be cancelled|ended/);
      await page.unroute(`**/api/processes/**`);
    });

    expect(errors).toEqual([]);
  });

  test('controller approves a credit hold, seeing why the rules held it', async () => {
    const { page, errors } = await newPage();
    // Grid Electrical has an overdue invoice (demo data): the credit rules hold any order of theirs.
    const held = await placeOrder('C-GRID', SKU, 1);

    await step(page, 'controls-04-credit-approval-form', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(held.workflowId)}`);
      await waitForInstancePage(page, held.workflowId);
      await orderStepIs(page, 'credit-hold');
      await openPendingTask(page, 'credit-approval');
      await expect(textOf(byTestId(page, 'credit-order-number'))).resolves.toBe(held.orderNumber);
      await expect(textOf(byTestId(page, 'credit-reason'))).resolves.toBe('The customer has overdue receivables');
      await expect(textOf(byTestId(page, 'credit-rule'))).resolves.toBe('overdue-receivables-hold');
      await expect(textOf(byTestId(page, 'credit-version'))).resolves.toMatch(/^credit v\d+/);
      // Amounts say their currency (the company's, beside or around the figure as the browser formats it).
      // (the settings are read once the page is up, so wait for the labelled figure, not the first rendering).
      await eventually(
        () => textOf(byTestId(page, 'credit-overdue')),
        (text) => /1,850\.00/.test(text) && text !== '1,850.00',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the overdue amount with its currency' },
      );
      await expect(textOf(byTestId(page, 'credit-exposure'))).resolves.toMatch(/of \D+12,000\.00/);
      await byTestId(page, 'credit-comment').fill('Paid by wire today, remittance seen');
    });

    await step(page, 'controls-05-credit-approved', async () => {
      await byTestId(page, 'credit-approve').click();
      await processPageAfterCompletion(page, held.workflowId);
      const resolution = byTestId(page, 'order-credit-resolution');
      await eventually(
        () => resolution.getAttribute('data-outcome'),
        (outcome) => outcome === 'approved',
        { timeoutMs: 60_000, intervalMs: 500, what: 'the credit hold to be approved' },
      );
      await expect(textOf(resolution)).resolves.toBe('approved by controller: Paid by wire today, remittance seen');
      await orderStepIs(page, 'awaiting-pick');
      await byTestId(page, 'order-credit').scrollIntoViewIfNeeded();
    });

    expect(errors).toEqual([]);
  });
});
