/**
 * The subcontract tracking report (issue 15, item 5): a planner opens it from the navigation, filters it to one
 * supplier (the filter goes into the URL and survives a reload), sees each order with its component lines still at
 * the supplier and their value, and opens an order's components. The orders and the stock at the supplier's site are
 * written straight to the database (api/reports/subcontract-tracking-world.ts), as the order process would leave them.
 */
import { openOrm } from '../../db/orm';
import { subcontractTrackingWorld, type SubcontractTrackingWorld } from '../../api/reports/subcontract-tracking-world';
import type { Page } from 'playwright-core';
import { eventually, step, useBrowser } from './support/browser';
import { openNav, waitForQueryParam } from './support/lists';
import { attr, byTestId, login } from './support/pages';
import { waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });
let world: SubcontractTrackingWorld;

beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    world = await subcontractTrackingWorld(orm, 'e');
  } finally {
    await orm.close(true);
  }
});

/** Waits until the report's rows are the orders `expected`, in order. */
async function waitForOrders(page: Page, expected: string[]): Promise<void> {
  await eventually(
    () => byTestId(page, 'sct-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-number'))),
    (numbers) => JSON.stringify(numbers) === JSON.stringify(expected),
    { timeoutMs: 20_000, intervalMs: 250, what: `orders ${expected.join(', ')}` },
  );
}

/** Waits until the `testId` cell of an order's row reads `wanted`. */
async function cellReads(page: Page, orderNumber: string, testId: string, wanted: (text: string) => boolean) {
  const row = byTestId(page, 'sct-row').and(page.locator(attr('data-order-number', orderNumber)));
  await eventually(() => row.getByTestId(testId).innerText(), wanted, {
    timeoutMs: 20_000,
    intervalMs: 250,
    what: `${testId} of ${orderNumber}`,
  });
}

describe('subcontract tracking report', () => {
  test('lists the orders of a supplier with what is still out; the filter survives a reload', async () => {
    const { page, errors } = await newPage();
    const { late, open, received, cancelled } = world.orders;
    const dueOrder = [cancelled, late, received, open];

    await step(page, 'subcontract-tracking-01-filtered', async () => {
      await login(page, 'planner');
      await openNav(page, 'nav-subcontract-tracking');
      await page.waitForURL((url) => url.pathname === '/reports/subcontract-tracking');
      const input = byTestId(page, 'list-filter-supplier');
      await input.fill(world.supplierCode);
      await input.press('Enter');
      await waitForQueryParam(page, 'supplier', world.supplierCode);
      await waitForOrders(page, dueOrder);
    });

    await step(page, 'subcontract-tracking-02-still-out', async () => {
      // The late order: of its 3 component lines, 1 still has material out (3 A at 3.00 each).
      await cellReads(page, late, 'sct-out', (text) => text.trim() === '1 of 3');
      await cellReads(page, late, 'sct-value', (text) => text.includes('9.00'));
      await cellReads(page, late, 'sct-late', (text) => text.trim() === 'Late');
      await cellReads(page, open, 'sct-out', (text) => text.trim() === '2 of 2');
      await cellReads(page, open, 'sct-late', (text) => text.trim() === '');
    });

    await step(page, 'subcontract-tracking-03-reload', async () => {
      await page.reload();
      await waitForQueryParam(page, 'supplier', world.supplierCode);
      await waitForOrders(page, dueOrder);
      await eventually(
        () => byTestId(page, 'list-filter-supplier').inputValue(),
        (value) => value === world.supplierCode,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the supplier filter after reload' },
      );
    });

    await step(page, 'subcontract-tracking-04-components', async () => {
      await byTestId(page, 'sct-row')
        .and(page.locator(attr('data-order-number', late)))
        .click();
      const components = byTestId(page, 'sct-component');
      await waitForCount(components, 3);
      await eventually(
        () =>
          components
            .and(page.locator(attr('data-item-sku', world.sku.a)))
            .getByTestId('sct-component-out')
            .innerText(),
        (text) => text.trim().startsWith('3'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'component A still at the supplier' },
      );
    });
    expect(errors).toEqual([]);
  });
});
