/**
 * A cost difference found after a production order closed, in the console (issue 13): C1 received at 10.00 and
 * issued to the order, the order completed and closed (3 planned-scrap C1 at 10.00 = 30.00 to variance), then the
 * supplier's invoice at 11.00. The 33 issued C1's 33.00 went straight to production variance, so an auditor sees
 * the order's material and variance both 33.00 higher, WIP still 0, and the timeline naming the corrected line.
 * The set-up runs the production activities on the platform's database (no workflow: the journey reads the order).
 */
import { openOrm } from '../../db/orm';
import { completedAndClosed, invoiceAt, issued, otherStock, purchasedC1 } from '../../test/support/after-the-fact';
import { productionWorld } from '../../test/support/production-world';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

let orderNumber = '';

beforeAll(async () => {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    const world = await productionWorld(orm, 5);
    await otherStock(orm, world);
    const po = await purchasedC1(orm, world, 40);
    await issued(orm, world);
    await completedAndClosed(orm, world);
    await invoiceAt(orm, world, po, 40, 11);
    orderNumber = world.orderNumber;
  } finally {
    await orm.close(true);
  }
});

test('an auditor sees the invoice that came after close: material and variance 33.00 higher, WIP 0', async () => {
  expect(orderNumber).not.toBe('');
  const { page, errors } = await newPage();
  await step(page, 'prd-aft-01-auditor', async () => {
    await login(page, 'auditor');
    await page.goto(`${BASE_URL}/manufacturing/production-orders/${orderNumber}`);
    await waitForAttribute(byTestId(page, 'prd-detail-status'), 'data-status', 'closed');
    // Material: C1 33 x 10.00 + 33.00 corrected, SUB 5 x 7.00, bolts 40 x 0.10; variance 30.00 at close + 33.00.
    const costOf = (kind: string) =>
      page.locator(`[data-testid="prd-cost-line"]${attr('data-kind', kind)}`).getAttribute('data-amount');
    await eventually(
      async () => (await Promise.all(['material', 'variance', 'wip'].map(costOf))).join(' '),
      (shown) => shown === '402 63 0',
      { timeoutMs: 20_000, intervalMs: 250, what: 'the cost build-up with the late correction' },
    );
    const row = (kind: string) => page.locator(`[data-testid="prd-timeline-row"]${attr('data-kind', kind)}`);
    await waitForCount(row('late-revaluation'), 1);
    await waitForCount(row('variance'), 2);
    await eventually(
      async () => `${await textOf(row('late-revaluation'))} | ${await textOf(row('variance').last())}`,
      (text) =>
        /Cost of line 1 corrected after the order was closed/.test(text) &&
        /Line 1's correction after close, straight to production variance/.test(text),
      { timeoutMs: 20_000, intervalMs: 250, what: 'the timeline naming the late correction' },
    );
  });
  expect(errors).toEqual([]);
});
