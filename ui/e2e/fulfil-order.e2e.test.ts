/**
 * Order-to-fulfilment journey through the console against the full platform
 * (global setup starts API + Temporal + DB and exports E2E_BASE_URL).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, collectPageErrors, eventually, launchBrowser, step } from './support/browser';
import { attr, byTestId, chooseFirstOption, login, textOf, waitForInstancePage } from './support/pages';

jest.setTimeout(120_000);

let browser: Browser;
const contexts: BrowserContext[] = [];

/** Each persona gets its own context so their localStorage sessions never mix. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { page, errors: collectPageErrors(page) };
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
});

describe('fulfil an order end to end', () => {
  // Filled by the clerk journey, checked by the auditor journey.
  let orderNumber = '';
  let workflowId = '';

  test('clerk places an order, confirms the picks and the process completes', async () => {
    const { page, errors } = await newPage();

    await step(page, '01-clerk-logged-in', async () => {
      await login(page, 'clerk');
      await page.waitForURL((url) => url.pathname === '/tasks');
    });

    await step(page, '02-order-form-filled', async () => {
      await page.goto(`${BASE_URL}/orders/new`);
      await chooseFirstOption(page, 'order-customer', 'order-customer-option');
      await chooseFirstOption(page, 'order-item-0', 'order-item-option');
      await byTestId(page, 'order-qty-0').fill('2');
    });

    await step(page, '03-instance-started', async () => {
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/orders' && res.request().method() === 'POST',
      );
      await byTestId(page, 'order-submit').click();
      const response = await created;
      expect(response.status()).toBe(201);
      const body = (await response.json()) as { orderNumber: string; workflowId: string };
      orderNumber = body.orderNumber;
      workflowId = body.workflowId;
      expect(orderNumber).toBeTruthy();
      expect(workflowId).toBeTruthy();
      await waitForInstancePage(page, workflowId);
    });

    const row = page.locator(
      `[data-testid="task-row"]${attr('data-business-key', orderNumber)}${attr('data-form-kind', 'pick-confirmation')}`,
    );
    await step(page, '04-task-inbox', async () => {
      await page.goto(`${BASE_URL}/tasks`);
      // The workflow creates the pick task asynchronously: refresh the inbox until it shows up.
      await eventually(
        async () => {
          await byTestId(page, 'task-refresh').click();
          await page.waitForTimeout(500);
          return row.count();
        },
        (count) => count > 0,
        { timeoutMs: 60_000, intervalMs: 1_500, what: `pick task for ${orderNumber} in the inbox` },
      );
    });

    await step(page, '05-pick-task-open', async () => {
      await byTestId(row.first(), 'task-open').click();
      await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
      await expect(textOf(byTestId(page, 'pick-order-number'))).resolves.toBe(orderNumber);
      const quantities = byTestId(page, 'pick-qty');
      await quantities.first().waitFor({ state: 'visible' });
      // Prefilled with the proposed quantities.
      expect(Number(await quantities.first().inputValue())).toBeGreaterThan(0);
    });

    await step(page, '06-instance-completed', async () => {
      await byTestId(page, 'task-complete').click();
      await waitForInstancePage(page, workflowId);
      await eventually(
        () => textOf(byTestId(page, 'instance-status')),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `instance ${workflowId} to complete` },
      );
      expect(await byTestId(page, 'history-event').count()).toBeGreaterThan(0);
      const temporalLink = byTestId(page, 'temporal-ui-link');
      expect(await temporalLink.getAttribute('target')).toBe('_blank');
      expect(await temporalLink.getAttribute('href')).toBeTruthy();
    });

    expect(errors).toEqual([]);
  });

  test('auditor sees the completed instance read-only', async () => {
    if (!orderNumber || !workflowId) throw new Error('clerk journey did not create an order; nothing to audit');
    const { page, errors } = await newPage();

    await step(page, '07-auditor-processes', async () => {
      await login(page, 'auditor');
      await page.waitForURL((url) => url.pathname === '/processes');
      expect(await byTestId(page, 'nav-new-order').count()).toBe(0);
      await byTestId(page, 'process-filter-key').fill(orderNumber);
      const row = page.locator(`[data-testid="process-row"]${attr('data-business-key', orderNumber)}`);
      await row.first().waitFor({ state: 'visible' });
      await expect(textOf(byTestId(row.first(), 'process-status'))).resolves.toBe('completed');
    });

    await step(page, '08-auditor-instance', async () => {
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(workflowId)}`);
      await waitForInstancePage(page, workflowId);
      await expect(textOf(byTestId(page, 'instance-status'))).resolves.toBe('completed');
    });

    await step(page, '09-auditor-tasks', async () => {
      await page.goto(`${BASE_URL}/tasks`);
      await byTestId(page, 'task-view-completed').click();
      await byTestId(page, 'task-table').waitFor({ state: 'visible' });
      await page.waitForLoadState('networkidle');
      expect(await byTestId(page, 'task-claim').count()).toBe(0);
      expect(await byTestId(page, 'task-unclaim').count()).toBe(0);
      expect(await byTestId(page, 'task-complete').count()).toBe(0);
    });

    const taskRow = page.locator(`[data-testid="task-row"]${attr('data-business-key', orderNumber)}`);
    if ((await taskRow.count()) > 0) {
      await step(page, '10-auditor-task-detail', async () => {
        await byTestId(taskRow.first(), 'task-open').click();
        await byTestId(page, 'task-title').waitFor({ state: 'visible' });
        expect(await byTestId(page, 'task-claim').count()).toBe(0);
        expect(await byTestId(page, 'task-complete').count()).toBe(0);
      });
    }

    expect(errors).toEqual([]);
  });
});
