/**
 * The customer material statement (issue 15, item 4): a planner opens it from the navigation, filters it to one
 * customer (the filter goes into the URL and survives a reload) and reads what we hold of theirs per lot and place;
 * a clerk's handheld (390 px) reads the same. The customer's material is received and partly returned through the
 * books (postMove with the customer as owner), as the customer-material API does.
 */
import type { Page } from 'playwright-core';
import { subcontractWorld } from '../../api/subcontracting/subcontract-world';
import { postMove } from '../../db/inventory/post-move';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { openNav, waitForQueryParam } from './support/lists';
import { attr, byTestId, login } from './support/pages';
import { waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });
let customerCode: string;
let bins: { a: string; b: string };

beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    const world = await subcontractWorld(orm);
    bins = world.bins;
    customerCode = `CME-${world.suffix}`;
    await query(
      orm.em.fork(),
      `insert into customer (code, name, ship_to_address, created_at) values (?, 'E2E customer', 'Street 1', now())`,
      [customerCode],
    );
    const move = (moveType: 'receipt' | 'issue', lot: string, location: string, quantity: number, key: string) =>
      orm.em.fork().transactional((em) =>
        postMove(em, {
          moveType,
          itemSku: world.sku.plate,
          lot: { code: lot },
          ...(moveType === 'receipt' ? { toLocation: location } : { fromLocation: location }),
          quantity,
          documentType: moveType === 'receipt' ? 'customer-material-receipt' : 'customer-material-return',
          documentRef: `E2E-${world.suffix}`,
          userName: 'tester',
          idempotencyKey: `cm-e2e:${world.suffix}:${key}`,
          ownerCustomerCode: customerCode,
        }),
      );
    await move('receipt', 'CP-1', bins.a, 8, 'r1');
    await move('receipt', 'CP-2', bins.b, 3, 'r2');
    await move('issue', 'CP-1', bins.a, 2.5, 'x1');
  } finally {
    await orm.close(true);
  }
});

/** Waits until the row of `lot` at `location` shows `held` in its held cell. */
async function heldReads(page: Page, lot: string, location: string, held: string) {
  const row = byTestId(page, 'cm-row').and(page.locator(`${attr('data-lot', lot)}${attr('data-location', location)}`));
  await eventually(
    () => row.getByTestId('cm-held').innerText(),
    (text) => text.trim() === held,
    {
      timeoutMs: 20_000,
      intervalMs: 250,
      what: `held of ${lot} at ${location}`,
    },
  );
}

describe('customer material statement', () => {
  test('a planner filters to a customer and reads what we hold of theirs; the filter survives a reload', async () => {
    const { page, errors } = await newPage();
    await step(page, 'customer-material-01-filtered', async () => {
      await login(page, 'planner');
      await openNav(page, 'nav-customer-material');
      await page.waitForURL((url) => url.pathname === '/customer-material');
      const input = byTestId(page, 'cm-filter-customer');
      await input.fill(customerCode);
      await input.press('Enter');
      await waitForQueryParam(page, 'customer', customerCode);
      await waitForCount(byTestId(page, 'cm-row'), 2);
      await heldReads(page, 'CP-1', bins.a, '5.5');
      await heldReads(page, 'CP-2', bins.b, '3');
    });
    await step(page, 'customer-material-02-reload', async () => {
      await page.reload();
      await waitForQueryParam(page, 'customer', customerCode);
      await waitForCount(byTestId(page, 'cm-row'), 2);
      await heldReads(page, 'CP-1', bins.a, '5.5');
    });
    expect(errors).toEqual([]);
  });

  test('at 390 px a clerk reads the same statement', async () => {
    const { page, errors } = await newPage({ viewport: { width: 390, height: 844 } });
    await login(page, 'clerk');
    await page.goto(`${BASE_URL}/customer-material?customer=${encodeURIComponent(customerCode)}`);
    await waitForCount(byTestId(page, 'cm-row'), 2);
    await heldReads(page, 'CP-1', bins.a, '5.5');
    expect(errors).toEqual([]);
  });
});
