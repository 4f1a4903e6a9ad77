/**
 * Order-to-fulfilment journey through the console against the full platform (global setup starts API + Temporal +
 * DB and exports E2E_BASE_URL / E2E_DATABASE_URL): a short pick re-allocates to a second bin, the clerk picks the
 * second round, packs and ships; an auditor then reads why each round was allocated as it was. Cancelling and
 * credit holds: fulfil-order-controls.e2e.test.ts.
 */
import type { Page } from 'playwright-core';
import { fetchCall, packCheckOpenShipment } from '../../test/support/pack-check';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import {
  attr,
  byTestId,
  chooseAutocomplete,
  chooseOption,
  login,
  openPendingTask,
  orderStepIs,
  textOf,
  waitForInstancePage,
} from './support/pages';
import { expectStaysAbsent, waitForAttribute, waitForCount, waitForEnabled, waitForValue } from './support/waits';
import { itemWithStock } from './support/stock';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(180_000);

/** A fresh item: 3 in an older lot at BIN_A, 5 in a newer lot at BIN_B. Every policy takes the older lot first. */
const SKU = `E2E-SP-${Date.now().toString(36).toUpperCase()}`;
const BIN_A = 'MAIN-A01';
const BIN_B = 'MAIN-B02';
const CUSTOMER = 'C-ACME';

/** Each persona gets its own context so their localStorage sessions never mix. */
const { newPage } = useBrowser();

const stop = (page: Page, location: string) =>
  page.locator(`[data-testid="pick-stop"]${attr('data-location', location)}`);

interface AllocationView {
  round: number;
  lineNo: number;
  picks: { locationCode: string; quantity: number }[];
  reason?: { ruleSetCode: string; version: number; rule: string | null; usedDefault: boolean };
}

beforeAll(async () => {
  await itemWithStock(SKU, [
    { location: BIN_A, lot: `${SKU}-A`, quantity: 3 },
    { location: BIN_B, lot: `${SKU}-B`, quantity: 5 },
  ]);
});

describe('fulfil an order end to end', () => {
  // Filled by the clerk journey, checked by the auditor journey.
  let orderNumber = '';
  let workflowId = '';

  test('clerk short-picks, the order re-allocates to a second bin, and the clerk picks, packs and ships', async () => {
    const { page, errors } = await newPage();

    await step(page, '01-clerk-logged-in', async () => {
      await login(page, 'clerk');
      await page.waitForURL((url) => url.pathname === '/tasks');
    });

    await step(page, '02-order-form-filled', async () => {
      await page.goto(`${BASE_URL}/orders/new`);
      await chooseOption(page, 'order-customer', 'order-customer-option', CUSTOMER);
      await chooseAutocomplete(page, 'order-item-0', 'order-item-option', SKU);
      await byTestId(page, 'order-qty-0').fill('3');
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
      await waitForInstancePage(page, workflowId);
      await orderStepIs(page, 'awaiting-pick');
      await expect(textOf(byTestId(page, 'order-credit-action'))).resolves.toMatch(/^pass/);
      await byTestId(page, 'order-cancel').waitFor({ state: 'visible' });
      await byTestId(page, 'order-panel').scrollIntoViewIfNeeded();
    });

    const row = page.locator(
      `[data-testid="task-row"]${attr('data-business-key', orderNumber)}${attr('data-form-kind', 'pick-confirmation')}`,
    );
    await step(page, '04-task-inbox', async () => {
      // Filtered to the order: the journeys before this one leave tasks open, past the inbox's first page.
      await page.goto(`${BASE_URL}/tasks?businessKey=${encodeURIComponent(orderNumber)}`);
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

    await step(page, '05-pick-short', async () => {
      await byTestId(row.first(), 'task-open').click();
      await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
      await expect(textOf(byTestId(page, 'pick-order-number'))).resolves.toBe(orderNumber);
      // The whole line comes from the older lot in BIN_A: one stop, prefilled with the proposal.
      await stop(page, BIN_A).waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'pick-stop'), 1);
      await expect(textOf(byTestId(stop(page, BIN_A), 'pick-stop-no'))).resolves.toBe('1');
      const qty = byTestId(stop(page, BIN_A), 'pick-qty');
      await waitForValue(qty, (value) => Number(value) === 3);
      // Only 1 was found in the bin.
      await qty.fill('1');
      await byTestId(page, 'pick-line-short').waitFor({ state: 'visible' });
      await byTestId(page, 'pick-short-hint').waitFor({ state: 'visible' });
    });

    await step(page, '06-reallocated-round-2', async () => {
      const completed = page.waitForResponse(
        (res) =>
          /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname) && res.request().method() === 'POST',
      );
      const pickPath = new URL(page.url()).pathname;
      await byTestId(page, 'task-complete').click();
      const response = await completed;
      expect(response.status()).toBe(200);
      expect(JSON.parse(response.request().postData() ?? '{}')).toEqual({
        payload: { picks: [{ lineNo: 1, locationCode: BIN_A, lotCode: `${SKU}-A`, quantity: 1 }] },
      });
      await processPageAfterCompletion(page, workflowId, pickPath);
      // The shortfall (2) is blocked at BIN_A and allocated again, from BIN_B.
      const round2 = page.locator(`[data-testid="round-allocation"]${attr('data-round', '2')}`);
      await round2.waitFor({ state: 'visible', timeout: 60_000 });
      await expect(textOf(byTestId(round2, 'round-pick'))).resolves.toContain(BIN_B);
      await orderStepIs(page, 'awaiting-pick');
      await waitForCount(byTestId(page, 'order-staged-row'), 1);
      await byTestId(page, 'allocation-rounds').scrollIntoViewIfNeeded();
    });

    await step(page, '07-pick-round-2', async () => {
      await openPendingTask(page, 'pick');
      await expect(textOf(byTestId(page, 'task-title'))).resolves.toContain('round 2');
      await stop(page, BIN_B).waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'pick-stop'), 1);
      await waitForValue(byTestId(stop(page, BIN_B), 'pick-qty'), (value) => Number(value) === 2);
    });

    await step(page, '08-pack-open', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
      await openPendingTask(page, 'pack');
      await expect(textOf(byTestId(page, 'pack-order-number'))).resolves.toBe(orderNumber);
      // One package, prefilled with everything staged (1 from BIN_A + 2 from BIN_B).
      await expect(textOf(byTestId(page, 'pack-line-staged'))).resolves.toBe('3');
      await waitForCount(byTestId(page, 'pack-package'), 1);
      await waitForValue(byTestId(page, 'pack-content-qty').first(), '3');
    });

    const packages = byTestId(page, 'pack-package');
    await step(page, '09-pack-split', async () => {
      await byTestId(page, 'pack-add-package').click();
      await waitForCount(packages, 2);
      await byTestId(packages.nth(0), 'pack-content-qty').fill('2');
      await byTestId(page, 'pack-mismatch').waitFor({ state: 'visible' }); // 2 of 3 packed so far
      await byTestId(packages.nth(1), 'pack-content-qty').fill('1');
      await byTestId(packages.nth(0), 'pack-weight').fill('1.5');
      await byTestId(packages.nth(1), 'pack-weight').fill('0.8');
      await waitForCount(byTestId(page, 'pack-mismatch'), 0);
      await waitForEnabled(byTestId(page, 'task-complete'));
    });

    await step(page, '10-pack-refused-by-server', async () => {
      // The workflow's validator is the authority: send it what a stale client might (one package dropped) and
      // the form shows its refusal, word for word.
      await page.route('**/api/tasks/*/complete', async (route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as { payload: { packages: unknown[] } };
        body.payload.packages = body.payload.packages.slice(0, 1);
        await route.continue({ postData: JSON.stringify(body) });
      });
      await byTestId(page, 'task-complete').click();
      await expect(textOf(byTestId(page, 'pack-server-error'))).resolves.toContain('pack everything picked');
      await page.unroute('**/api/tasks/*/complete');
    });

    await step(page, '11-ship-open', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
      await openPendingTask(page, 'ship');
      await waitForCount(byTestId(page, 'ship-package'), 2);
      // The shipment waits for its pack check (its own journey checks it on screen): done through the API.
      await byTestId(page, 'ship-pack-check').waitFor({ state: 'visible' });
      await packCheckOpenShipment(fetchCall(BASE_URL, await apiLogin('clerk')), workflowId);
      await byTestId(page, 'ship-carrier').fill('DHL');
      await byTestId(page, 'ship-tracking').fill(`JD-${orderNumber}`);
    });

    await step(page, '12-instance-completed', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
      await eventually(
        () => textOf(byTestId(page, 'instance-status')),
        (status) => status === 'completed',
        { timeoutMs: 60_000, intervalMs: 1_000, what: `instance ${workflowId} to complete` },
      );
      await expect(textOf(byTestId(page, 'order-step'))).resolves.toBe('completed');
      await expect(textOf(byTestId(page, 'order-line-open'))).resolves.toBe('0');
      await expect(textOf(byTestId(page, 'order-line-shipped'))).resolves.toBe('3');
      const shipment = byTestId(page, 'order-shipment');
      await waitForCount(shipment, 1);
      await expect(textOf(byTestId(shipment, 'shipment-carrier'))).resolves.toBe('DHL');
      await expect(textOf(byTestId(shipment, 'shipment-tracking'))).resolves.toBe(`JD-${orderNumber}`);
      await waitForCount(byTestId(shipment, 'shipment-package'), 2);
      await waitForAttribute(byTestId(shipment, 'shipment-invoice'), 'data-invoice-number', Boolean);
      // Who did what: both pick rounds, the pack and the ship task, each completed by the clerk.
      const finished = byTestId(page, 'instance-finished-task');
      await waitForCount(finished, 4);
      for (const text of await byTestId(page, 'instance-task-done-by').allTextContents())
        expect(text).toContain('by clerk');
      await waitForCount(byTestId(page, 'order-cancel'), 0);
      // The business timeline names the clerk's pick; the Temporal events are one click away.
      await byTestId(page, 'timeline-summary').filter({ hasText: 'Picked' }).first().waitFor();
      await byTestId(page, 'timeline-toggle').click();
      await waitForCount(byTestId(page, 'history-event'), (count) => count > 0);
      // The Temporal Web UI (Reset, Terminate, Cancel outside the audited actions) is linked for admins only.
      await expectStaysAbsent(byTestId(page, 'temporal-ui-link'), 1_000);
      await byTestId(page, 'order-dispatch').scrollIntoViewIfNeeded();
    });

    expect(errors).toEqual([]);
  });

  test('auditor sees the completed instance read-only, with the reason behind each allocation round', async () => {
    if (!orderNumber || !workflowId) throw new Error('clerk journey did not create an order; nothing to audit');
    const { page, errors } = await newPage();

    await step(page, '13-auditor-processes', async () => {
      await login(page, 'auditor');
      await page.waitForURL((url) => url.pathname === '/processes');
      await waitForCount(byTestId(page, 'nav-new-order'), 0);
      await byTestId(page, 'process-filter-key').fill(orderNumber);
      const row = page.locator(`[data-testid="process-row"]${attr('data-business-key', orderNumber)}`);
      await row.first().waitFor({ state: 'visible' });
      await expect(textOf(byTestId(row.first(), 'process-status'))).resolves.toBe('completed');
    });

    await step(page, '14-auditor-allocation-reasons', async () => {
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(workflowId)}`);
      await waitForInstancePage(page, workflowId);
      await expect(textOf(byTestId(page, 'instance-status'))).resolves.toBe('completed');
      await waitForCount(byTestId(page, 'order-cancel'), 0);
      // What the workflow recorded, round by round, is what the page explains.
      const detail = await api<{ state: { allocations: AllocationView[] } }>(
        'GET',
        `/api/processes/${encodeURIComponent(workflowId)}`,
        await apiLogin('auditor'),
      );
      const allocations = detail.body.state.allocations;
      expect(allocations.map((a) => [a.round, a.picks.map((p) => p.locationCode)])).toEqual([
        [1, [BIN_A]],
        [2, [BIN_B]],
      ]);
      for (const allocation of allocations) {
        const reason = allocation.reason;
        if (!reason) throw new Error(`round ${allocation.round} has no allocation reason`);
        const shown = page.locator(
          `[data-testid="round-allocation"]${attr('data-round', String(allocation.round))}${attr('data-line-no', '1')}`,
        );
        await expect(textOf(byTestId(shown, 'round-reason-version'))).resolves.toBe(
          `${reason.ruleSetCode} v${reason.version}`,
        );
        await expect(textOf(byTestId(shown, 'round-reason-rule'))).resolves.toBe(
          reason.usedDefault || !reason.rule ? 'default policy' : reason.rule,
        );
        expect(await textOf(byTestId(shown, 'round-reason-sort-keys'))).not.toBe('');
        expect(await textOf(byTestId(shown, 'round-reason-partial'))).not.toBe('');
      }
      await byTestId(page, 'allocation-rounds').scrollIntoViewIfNeeded();
    });

    await step(page, '15-auditor-tasks', async () => {
      await page.goto(`${BASE_URL}/tasks`);
      await byTestId(page, 'task-view-completed').click();
      await byTestId(page, 'task-table').waitFor({ state: 'visible' });
      // The inbox keeps its live event stream open, so the network never goes idle: wait for the completed rows.
      await byTestId(page, 'task-row').first().waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'task-claim'), 0);
      await waitForCount(byTestId(page, 'task-unclaim'), 0);
      await waitForCount(byTestId(page, 'task-complete'), 0);
    });

    await step(page, '16-auditor-task-detail', async () => {
      // Finished tasks stay readable from the instance, read-only.
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(workflowId)}`);
      await waitForInstancePage(page, workflowId);
      const pack = page.locator(`[data-testid="instance-finished-task"]${attr('data-task-type', 'pack')}`);
      await byTestId(pack, 'instance-finished-task-open').click();
      await byTestId(page, 'task-title').waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'pack-package'), 2);
      await waitForEnabled(byTestId(page, 'pack-weight').first(), false);
      await waitForCount(byTestId(page, 'task-claim'), 0);
      await waitForCount(byTestId(page, 'task-complete'), 0);
      await waitForCount(byTestId(page, 'pack-add-package'), 0);
    });

    expect(errors).toEqual([]);
  });
});
