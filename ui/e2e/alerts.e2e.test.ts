/**
 * Alerts on the home page (issue 20): an item below its reorder point (set through the item API) is on the clerk's
 * task inbox with its reason; the clerk acknowledges it there, and the Alerts list shows who did. At 390 px the panel
 * fits the handheld without sideways panning. The platform's sweep runs every 5 minutes; the test writes the row the
 * sweep would (its cause is real, so a sweep in between keeps it) rather than wait for one.
 */
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning } from './support/handheld';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser();

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const SKU = `ALE-${RUN}`;
const SUBJECT = `${SKU}@MAIN`;

/** The alert the sweep raises for the item (2 available, nothing on order, reorder point 10). */
async function raiseAlert(): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 1 } });
  try {
    const reason = `${SUBJECT}: 2 available + 0 on order = 2, below the reorder point 10`;
    const facts = { itemSku: SKU, warehouseCode: 'MAIN', reorderPoint: 10, available: 2, onOrder: 0, projected: 2 };
    await query(
      orm.em.fork(),
      `insert into alert (kind, subject, status, reason, facts, first_raised_at, raised_at, raise_count, updated_at)
       values ('below-reorder-point', ?, 'open', ?, ?, now(), now(), 1, now())
       on conflict (kind, subject) where status in ('open', 'acknowledged') do nothing`,
      [SUBJECT, reason, JSON.stringify(facts)],
    );
  } finally {
    await orm.close(true);
  }
}

beforeAll(async () => {
  await itemWithStock(SKU, [{ location: 'MAIN-C08', lot: `ALE-${RUN}`, quantity: 2 }]);
  const admin = await apiLogin('admin');
  const patched = await api<{ reorderPoint: number }>('PATCH', `/api/items/${SKU}`, admin, { reorderPoint: 10 });
  if (patched.status !== 200 || patched.body.reorderPoint !== 10) {
    throw new Error(`reorder point: ${patched.status} ${JSON.stringify(patched.body)}`);
  }
  await raiseAlert();
});

describe('alerts on the home page', () => {
  test('the clerk sees the reorder alert on the inbox, acknowledges it, and the Alerts list shows who did', async () => {
    const { page, errors } = await newPage();
    await login(page, 'clerk');
    const alert = byTestId(page, 'alert-item').and(page.locator(attr('data-subject', SUBJECT)));
    await step(page, 'alert on the inbox', async () => {
      await page.waitForURL((url) => url.pathname === '/tasks');
      await waitForCount(alert, 1);
      expect(await textOf(byTestId(alert, 'alert-reason'))).toContain('below the reorder point 10');
    });
    await step(page, 'acknowledged', async () => {
      await byTestId(alert, 'alert-acknowledge').click();
      await waitForAttribute(alert, 'data-status', 'acknowledged');
      await waitForCount(byTestId(alert, 'alert-acknowledge'), 0);
    });
    await step(page, 'alerts list', async () => {
      await page.goto(`${BASE_URL}/alerts?q=${SKU}`);
      const row = byTestId(page, 'alert-row').and(page.locator(attr('data-subject', SUBJECT)));
      await waitForCount(row, 1);
      await waitForCount(byTestId(row, 'alert-row-status').filter({ hasText: 'acknowledged' }), 1);
      expect(await textOf(row)).toContain('clerk');
    });
    expect(errors).toEqual([]);
  });

  test('at 390 px the inbox with its alerts panel needs no sideways panning', async () => {
    const { page } = await newPage({ viewport: { width: 390, height: 844 } });
    await login(page, 'clerk');
    await waitForCount(byTestId(page, 'alert-item').and(page.locator(attr('data-subject', SUBJECT))), 1);
    await expectNoSidewaysPanning(page, 'the inbox with alerts');
  });
});
