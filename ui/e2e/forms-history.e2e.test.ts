/**
 * Readable history (issue 11, item 11): an order's timeline in business terms (credit checked, allocated round 1,
 * the pick task for the clerk, the order changed and cancelled by Carla) with the date, time and person of every
 * human step; the technical Temporal events one click away; an auditor reads the same timeline and the finished
 * tasks with who completed them. Errors (item 9): a server refusal shows once, on the field it names, in words for
 * people, and clears when fixed; a failed login does not linger after signing in.
 */
import type { Locator, Page } from 'playwright-core';
import { placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  byTestId,
  chooseAutocomplete,
  chooseFirstOption,
  chooseOption,
  login,
  orderStepIs,
  textOf,
  waitForInstancePage,
} from './support/pages';
import { itemWithStock } from './support/stock';
import { expectStaysAbsent, waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const RUN = Date.now().toString(36).toUpperCase();
const SKU = `E2E-FH-${RUN}`;

const { newPage } = useBrowser();

beforeAll(async () => {
  await itemWithStock(SKU, [{ location: 'MAIN-C03', lot: `${SKU}-A`, quantity: 40 }]);
});

/** The timeline step whose summary contains `text` (waits for the page's poll to bring it). */
async function timelineStep(page: Page, text: string): Promise<Locator> {
  const found = byTestId(page, 'timeline-step').filter({
    has: page.locator('[data-testid="timeline-summary"]', { hasText: text }),
  });
  await found.first().waitFor({ timeout: 60_000 });
  return found.first();
}

/** A step's time reads as a date and a time of day ("1 Dec 2026, 16:40:12"). */
async function expectDateAndTime(entry: Locator): Promise<void> {
  expect(await textOf(entry.locator('time'))).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}$/);
}

test('the order timeline reads in business terms with the person of each human step; Temporal events one click away', async () => {
  const order = await placeOrder('C-ACME', SKU, 6);
  const { page, errors } = await newPage();
  await login(page, 'clerk');
  await page.goto(`${BASE_URL}/processes/${encodeURIComponent(order.workflowId)}`);
  await waitForInstancePage(page, order.workflowId);
  await orderStepIs(page, 'awaiting-pick');

  await step(page, 'history-business-steps', async () => {
    await expectDateAndTime(await timelineStep(page, 'Process started'));
    await timelineStep(page, 'Credit checked: passed');
    await expectDateAndTime(await timelineStep(page, 'Allocated round 1: 6 of 6'));
    await timelineStep(page, 'for clerk');
    // Bookkeeping (workflow tasks, search attributes, rule pins) is not in the business timeline.
    await expectStaysAbsent(byTestId(page, 'business-timeline').getByText(/workflow task|search attribute/i));
  });

  await step(page, 'history-human-steps-name-the-person', async () => {
    await byTestId(page, 'order-change-lines').click();
    await byTestId(page, 'order-change-qty-1').fill('4');
    await byTestId(page, 'order-change-submit').click();
    await byTestId(page, 'order-change-done').waitFor();
    const changed = await timelineStep(page, 'Order changed');
    await eventually(
      () => textOf(byTestId(changed, 'timeline-actor')),
      (actor) => actor === 'Carla Clerk',
      {
        what: 'the change names Carla',
      },
    );
    await expectDateAndTime(changed);
    await timelineStep(page, 'Allocated round 2: 4 of 4');

    await orderStepIs(page, 'awaiting-pick');
    await byTestId(page, 'order-cancel').click();
    await byTestId(page, 'cancel-order-reason').fill('customer called it off');
    await byTestId(page, 'cancel-order-confirm').click();
    const closed = await timelineStep(page, 'Order closed');
    expect(await textOf(byTestId(closed, 'timeline-actor'))).toBe('Carla Clerk');
    await timelineStep(page, 'Process ended');
  });

  await step(page, 'history-technical-one-click-away', async () => {
    await waitForCount(byTestId(page, 'history-event'), 0);
    await byTestId(page, 'timeline-toggle').click();
    await waitForCount(byTestId(page, 'history-event'), (count) => count > 5);
    await waitForCount(byTestId(page, 'business-timeline'), 0);
    await byTestId(page, 'timeline-toggle').click();
    await byTestId(page, 'business-timeline').waitFor();
  });
  expect(errors).toEqual([]);

  const auditor = await newPage();
  await step(auditor.page, 'history-auditor', async () => {
    await login(auditor.page, 'auditor');
    await auditor.page.goto(`${BASE_URL}/processes/${encodeURIComponent(order.workflowId)}`);
    await waitForInstancePage(auditor.page, order.workflowId);
    const closed = await timelineStep(auditor.page, 'Order closed');
    expect(await textOf(byTestId(closed, 'timeline-actor'))).toBe('Carla Clerk');
    await waitForCount(byTestId(auditor.page, 'instance-finished-task'), (count) => count > 0);
  });
  expect(auditor.errors).toEqual([]);
});

test('errors: a refusal shows once, on its field, for people; a failed login does not linger after signing in', async () => {
  const { page, errors } = await newPage();
  await step(page, 'errors-login', async () => {
    await page.goto(`${BASE_URL}/login`);
    await byTestId(page, 'login-username').fill('clerk');
    await byTestId(page, 'login-password').fill('not-the-password');
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'login-error').waitFor();
    await waitForCount(page.locator('mat-snack-bar-container'), 0); // said once, on the form
    await login(page, 'clerk');
    await waitForCount(byTestId(page, 'login-error'), 0);
    await waitForCount(page.locator('mat-snack-bar-container'), 0);
  });

  await step(page, 'errors-order-quantity-on-its-field', async () => {
    await page.goto(`${BASE_URL}/orders/new`);
    await chooseOption(page, 'order-customer', 'order-customer-option', 'C-ACME');
    await chooseAutocomplete(page, 'order-item-0', 'order-item-option', SKU);
    const quantity = byTestId(page, 'order-qty-0');
    await quantity.fill('2000000000');
    await byTestId(page, 'order-submit').click();
    const field = page.locator('mat-form-field:has([data-testid="order-qty-0"])');
    await byTestId(field, 'field-error').filter({ hasText: 'at most 1,000,000,000' }).waitFor();
    await waitForAttribute(quantity, 'aria-invalid', 'true');
    await waitForCount(page.getByText('at most 1,000,000,000'), 1);
    await waitForCount(page.locator('mat-snack-bar-container'), 0);
    await expectStaysAbsent(page.getByText(/Too big|expected number/));
    await quantity.fill('2');
    await waitForAttribute(quantity, 'aria-invalid', 'false');
    await waitForCount(byTestId(field, 'field-error'), 0);
  });

  await step(page, 'errors-purchase-cost-on-its-field', async () => {
    await page.goto(`${BASE_URL}/purchase-orders/new`);
    await chooseFirstOption(page, 'po-supplier', 'po-supplier-option');
    await chooseFirstOption(page, 'po-warehouse', 'po-warehouse-option');
    await chooseAutocomplete(page, 'po-item-0', 'po-item-option', SKU);
    await byTestId(page, 'po-qty-0').fill('3');
    const cost = byTestId(page, 'po-cost-0');
    await cost.fill('1.1234567');
    await byTestId(page, 'po-submit').click();
    const field = page.locator('mat-form-field:has([data-testid="po-cost-0"])');
    await byTestId(field, 'field-error').filter({ hasText: 'at most 6 decimals' }).waitFor();
    await waitForAttribute(cost, 'aria-invalid', 'true');
    await waitForCount(page.locator('mat-snack-bar-container'), 0);
    await cost.fill('1.5');
    await waitForAttribute(cost, 'aria-invalid', 'false');
  });
  expect(errors).toEqual([]);
});
