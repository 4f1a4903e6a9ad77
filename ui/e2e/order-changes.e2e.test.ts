/**
 * Missing screens (issue 11, item 12): a clerk changes an order's line quantities, splits quantities off into a new
 * order and merges another order in, from the order's page; a server refusal lands on the field it names. Manual
 * stock moves and status changes from their own screen, posted once per action (a retry sends the same
 * Idempotency-Key); values show their currency. Closing a period needs its reason, and the list shows it.
 */
import type { Locator, Page } from 'playwright-core';
import { placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, chooseOption, login, orderStepIs, textOf, waitForInstancePage } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36).toUpperCase();
const ORDERED = `E2E-OC-${RUN}`;
const MOVED = `E2E-SM-${RUN}`;
const CUSTOMER = 'C-ACME';

const { newPage } = useBrowser();

beforeAll(async () => {
  await itemWithStock(ORDERED, [{ location: 'MAIN-C03', lot: `${ORDERED}-A`, quantity: 200 }]);
  await itemWithStock(MOVED, [{ location: 'MAIN-C02', lot: `${MOVED}-A`, quantity: 50 }]);
});

/** The field (mat-form-field) holding the input `testId`. */
function fieldOf(page: Page, testId: string): Locator {
  return page.locator(`mat-form-field:has([data-testid="${testId}"])`);
}

/** Waits until the order's line `lineNo` reads `quantity` ordered (the page polls the workflow's state). */
async function orderedIs(page: Page, lineNo: number, quantity: number): Promise<void> {
  const cell = page.locator(`[data-testid="order-line"]${attr('data-line-no', String(lineNo))} td:nth-child(3)`);
  await eventually(
    () => textOf(cell),
    (text) => text.startsWith(`${quantity} `),
    { timeoutMs: 60_000, intervalMs: 500, what: `line ${lineNo} ordered ${quantity}` },
  );
}

test('a clerk changes, splits and merges orders from the order page; a refusal lands on its field', async () => {
  const first = await placeOrder(CUSTOMER, ORDERED, 5);
  const second = await placeOrder(CUSTOMER, ORDERED, 3);
  const { page, errors } = await newPage();
  await login(page, 'clerk');
  await page.goto(`${BASE_URL}/processes/${encodeURIComponent(first.workflowId)}`);
  await waitForInstancePage(page, first.workflowId);
  await orderStepIs(page, 'awaiting-pick');

  await step(page, 'change-quantity', async () => {
    await byTestId(page, 'order-change-lines').click();
    const quantity = byTestId(page, 'order-change-qty-1');
    await quantity.fill('7');
    await byTestId(page, 'order-change-submit').click();
    await byTestId(page, 'order-change-done')
      .filter({ hasText: `${first.orderNumber} changed` })
      .waitFor();
    await orderedIs(page, 1, 7);
  });

  await step(page, 'split', async () => {
    await orderStepIs(page, 'awaiting-pick');
    await byTestId(page, 'order-split').click();
    await byTestId(page, 'order-change-qty-1').fill('2');
    await byTestId(page, 'order-change-submit').click();
    const done = byTestId(page, 'order-change-done').filter({ hasText: 'Split into' });
    await done.waitFor({ timeout: 60_000 });
    await orderedIs(page, 1, 5);
    expect(await byTestId(done, 'order-split-link').getAttribute('href')).toMatch(/^\/processes\//);
  });

  await step(page, 'merge-refused-on-field', async () => {
    await orderStepIs(page, 'awaiting-pick');
    await byTestId(page, 'order-merge').click();
    await byTestId(page, 'order-merge-source').fill(first.orderNumber);
    await byTestId(page, 'order-change-submit').click();
    const field = fieldOf(page, 'order-merge-source');
    await byTestId(field, 'field-error').filter({ hasText: 'cannot be merged into itself' }).waitFor();
    await waitForAttribute(byTestId(page, 'order-merge-source'), 'aria-invalid', 'true');
    // Shown once: on the field (the summary points there), never in a snackbar too.
    await waitForCount(page.getByText('cannot be merged into itself'), 1);
    await byTestId(page, 'form-error-summary').filter({ hasText: 'Check the marked field' }).waitFor();
    await waitForCount(page.locator('mat-snack-bar-container'), 0);
    // Fixing the field clears its server error.
    await byTestId(page, 'order-merge-source').fill(second.orderNumber);
    await waitForAttribute(byTestId(page, 'order-merge-source'), 'aria-invalid', 'false');
  });

  await step(page, 'merge', async () => {
    await byTestId(page, 'order-change-submit').click();
    await byTestId(page, 'order-change-done')
      .filter({ hasText: `${second.orderNumber} merged into` })
      .waitFor({
        timeout: 60_000,
      });
    await waitForCount(byTestId(page, 'order-line'), 2);
    await orderedIs(page, 2, 3);
  });
  expect(errors).toEqual([]);
});

test('manual stock moves and status changes post once per action and show their currency', async () => {
  const { page, errors } = await newPage();
  await login(page, 'clerk');
  await byTestId(page, 'nav-stock').click();
  await byTestId(page, 'stock-move-form').waitFor();

  await step(page, 'unknown-bin-on-field', async () => {
    await chooseOption(page, 'stock-move-type', 'stock-move-option', 'transfer');
    await byTestId(page, 'stock-move-item').fill(MOVED);
    await byTestId(page, 'stock-move-lot').fill(`${MOVED}-A`);
    await byTestId(page, 'stock-move-from').fill('MAIN-C02');
    await byTestId(page, 'stock-move-to').fill('NOWHERE-9');
    await byTestId(page, 'stock-move-quantity').fill('4');
    await byTestId(page, 'stock-move-reason').fill('re-slot');
    await byTestId(page, 'stock-move-submit').click();
    await byTestId(fieldOf(page, 'stock-move-to'), 'field-error').filter({ hasText: 'NOWHERE-9' }).waitFor();
    await waitForAttribute(byTestId(page, 'stock-move-to'), 'aria-invalid', 'true');
    await byTestId(page, 'stock-move-to').fill('MAIN-C04');
    await waitForAttribute(byTestId(page, 'stock-move-to'), 'aria-invalid', 'false');
  });

  await step(page, 'transfer-retried-posts-once', async () => {
    const keys: string[] = [];
    let dropped = false;
    await page.route('**/api/stock/moves', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (dropped) return route.continue();
      dropped = true;
      // The answer is lost after the server posted the move: the clerk's retry must not post it again.
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      await route.abort('connectionreset');
    });
    await byTestId(page, 'stock-move-submit').click();
    await byTestId(page, 'form-error-summary').waitFor();
    await byTestId(page, 'stock-move-submit').click();
    const posted = byTestId(page, 'stock-move-posted');
    await posted.filter({ hasText: 'already posted' }).waitFor();
    expect(await textOf(posted)).toContain('EUR');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await page.unroute('**/api/stock/moves');
  });

  await step(page, 'status-change', async () => {
    await chooseOption(page, 'stock-move-type', 'stock-move-option', 'status-change');
    await byTestId(page, 'stock-move-from').fill('MAIN-C04');
    await chooseOption(page, 'stock-move-to-status', 'stock-move-option', 'quarantine');
    await byTestId(page, 'stock-move-quantity').fill('1');
    await byTestId(page, 'stock-move-reason').fill('damaged box');
    await byTestId(page, 'stock-move-submit').click();
    await byTestId(page, 'stock-move-posted').filter({ hasNotText: 'already posted' }).waitFor();
  });

  await step(page, 'stock-report-says-its-unit-value', async () => {
    await page.goto(`${BASE_URL}/reports`);
    const caption = byTestId(page, 'soh-unit-value-caption');
    await caption.filter({ hasText: "item's average cost" }).waitFor();
    await caption.filter({ hasText: 'EUR' }).waitFor();
    await page.locator('th', { hasText: 'Unit value (EUR, item average)' }).first().waitFor();
  });
  expect(errors).toEqual([]);
});

test('closing a period needs its reason and starts its close, followed in the cockpit', async () => {
  const { page, errors } = await newPage();
  await login(page, 'controller');
  await page.goto(`${BASE_URL}/periods`);
  const open = page.locator('[data-testid="period-row"]:has([data-testid="period-close"])').last();
  await open.waitFor();
  const code = (await open.getAttribute('data-code')) ?? '';

  await step(page, 'reason-required', async () => {
    await byTestId(open, 'period-close').click();
    await byTestId(page, 'period-dialog-confirm').click();
    await byTestId(fieldOf(page, 'period-dialog-reason'), 'field-error').filter({ hasText: 'Required' }).waitFor();
    await waitForAttribute(
      fieldOf(page, 'period-dialog-reason'),
      'class',
      (c) => !!c?.includes('mat-form-field-invalid'),
    );
  });

  // The button runs the period-close process (checklist, proof, a second controller's approval): it takes the
  // controller to the month's cockpit, the close at rest there (awaiting its approval, or stopped at a step).
  await step(page, 'close-started-with-reason', async () => {
    await byTestId(page, 'period-dialog-reason').fill('month end checked');
    await byTestId(page, 'period-dialog-confirm').click();
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/periods/${code}/close`, { timeout: 60_000 });
    await eventually(
      () => textOf(byTestId(page, 'close-status')),
      (status) => status === 'awaiting-approval' || status === 'blocked',
      { timeoutMs: 60_000, intervalMs: 300, what: `the close of ${code} at rest` },
    );
  });

  await step(page, 'close-abandoned', async () => {
    // Abandon it (a reason needed) so the rest of the run can post in the month again: its soft lock is lifted.
    await byTestId(page, 'close-abandon').click();
    await byTestId(page, 'close-abandon-reason').fill('late invoice');
    await byTestId(page, 'close-abandon-confirm').click();
    await byTestId(page, 'close-abandoned').filter({ hasText: 'late invoice' }).waitFor();
    await page.goto(`${BASE_URL}/periods`);
    const row = page.locator(`[data-testid="period-row"]${attr('data-code', code)}`);
    await byTestId(row, 'period-close').waitFor();
    expect(await textOf(byTestId(row, 'period-status'))).toBe('open');
  });
  expect(errors).toEqual([]);
});
