/**
 * A planner's what-if: with a live plan in place, the planner starts a simulation from the MRP run list with extra
 * demand for a made item (a desk lamp of two brackets), opens the simulation, follows "Compare with live plan" and
 * sees the lamp and its brackets differ, bucket by bucket, and their planned orders added.
 */
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { plainItem } from '../../test/support/stock';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, chooseAutocomplete, DEMO_PASSWORD, login, textOf } from './support/pages';
import { waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const S = `${Date.now() % 1_000_000}`;
const sku = { lamp: `WIF-LAMP-${S}`, bracket: `WIF-BRKT-${S}` };
const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
let liveRun = 0;

/** A lamp made (lead time 2 days) of 2 brackets bought in 1 day: nothing on hand, no demand, nothing planned. */
async function lampWorld(): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    await plainItem(orm, sku.lamp, { name: `What-if lamp ${S}` });
    await plainItem(orm, sku.bracket, { name: `What-if bracket ${S}` });
    const em = orm.em.fork();
    await query(em, `update item set supply_type = 'make', lead_time_days = 2 where sku = ?`, [sku.lamp]);
    await query(
      em,
      `with bom as (insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
                    select id, 1, current_date - 30, false, 'tester', now() from item where sku = ? returning id)
       insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
       select bom.id, 1, i.id, 2, 0 from bom, item i where i.sku = ?`,
      [sku.lamp, sku.bracket],
    );
  } finally {
    await orm.close(true);
  }
}

async function api<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A live plan through the API (daily buckets), waited for until it is stored and in review. */
async function livePlan(): Promise<number> {
  const { token } = await api<{ token: string }>(
    'POST',
    '/api/auth/login',
    {},
    { username: 'planner', password: DEMO_PASSWORD },
  );
  const headers = { authorization: `Bearer ${token}` };
  const run = await api<{ id: number }>(
    'POST',
    '/api/mrp-runs',
    { ...headers, 'idempotency-key': `what-if-live-${S}` },
    {
      bucketSize: 'day',
      bucketCount: 21,
    },
  );
  await eventually(
    () => api<{ run: { status: string } }>('GET', `/api/mrp-runs/${run.id}`, headers).then((d) => d.run.status),
    (status) => status === 'review',
    { timeoutMs: 120_000, what: `live run ${run.id} in review` },
  );
  return run.id;
}

beforeAll(async () => {
  await lampWorld();
  liveRun = await livePlan();
});

describe('an MRP what-if', () => {
  test('a planner simulates extra demand and compares it with the live plan', async () => {
    const { page, errors } = await newPage();
    let simulation = '';

    await step(page, 'mrp-what-if-01-form', async () => {
      await login(page, 'planner');
      await page.goto(`${BASE_URL}/planning/mrp-runs`);
      await byTestId(page, 'mrp-simulate').click();
      await byTestId(page, 'mrp-simulation-form').waitFor({ state: 'visible' });
      await byTestId(page, 'mrp-sim-bucket-size').selectOption('day');
      await byTestId(page, 'mrp-sim-bucket-count').fill('21');
      await byTestId(page, 'mrp-sim-add-demand').click();
      await chooseAutocomplete(page, 'mrp-sim-demand-item-0', 'mrp-sim-demand-item-option', sku.lamp);
      await byTestId(page, 'mrp-sim-demand-date-0').fill(inTenDays);
      await byTestId(page, 'mrp-sim-demand-qty-0').fill('4');
      await byTestId(page, 'mrp-sim-demand-note-0').fill('a trade fair');
    });

    await step(page, 'mrp-what-if-02-refused', async () => {
      // A supplier that does not exist: the refusal lands on its field, and nothing starts.
      await byTestId(page, 'mrp-sim-add-lead-time').click();
      await byTestId(page, 'mrp-sim-lead-supplier-0').fill('NO-SUCH-SUPPLIER');
      await byTestId(page, 'mrp-sim-lead-days-0').fill('5');
      await byTestId(page, 'mrp-sim-submit').click();
      const line = byTestId(page, 'mrp-sim-lead-time-line');
      await byTestId(line, 'field-error').filter({ hasText: 'No supplier NO-SUCH-SUPPLIER' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/planning/mrp-runs');
      await byTestId(page, 'mrp-sim-lead-remove-0').click();
      await waitForCount(line, 0);
    });

    await step(page, 'mrp-what-if-03-simulation', async () => {
      await byTestId(page, 'mrp-sim-submit').click();
      await page.waitForURL((url) => /^\/planning\/mrp-runs\/\d+$/.test(url.pathname));
      simulation = new URL(page.url()).pathname.split('/').at(-1)!;
      await byTestId(page, 'mrp-compare-link').click();
      await page.waitForURL((url) => url.pathname === `/planning/mrp-runs/${simulation}/compare`);
    });

    await step(page, 'mrp-what-if-04-comparison', async () => {
      // The page waits while the simulation calculates, then shows the comparison with the live plan.
      const lamp = page.locator(`[data-testid="mrp-compare-item"]${attr('data-sku', sku.lamp)}`);
      await lamp.waitFor({ state: 'visible', timeout: 120_000 });
      expect(await byTestId(page, 'mrp-compare-against').getAttribute('data-id')).toBe(String(liveRun));
      expect(await textOf(byTestId(page, 'mrp-compare-what-if'))).toContain(`4 × ${sku.lamp} wanted on ${inTenDays}`);
      const gross = byTestId(lamp, 'mrp-compare-row').filter({ hasText: 'Gross requirements' });
      await waitForCount(gross, 1);
      expect(await gross.getAttribute('data-start')).toBe(inTenDays);
      expect(await textOf(byTestId(gross, 'mrp-compare-difference'))).toBe('+4');
      const bracket = page.locator(`[data-testid="mrp-compare-item"]${attr('data-sku', sku.bracket)}`);
      expect(await textOf(byTestId(bracket, 'mrp-compare-totals'))).toContain('gross 8');
      const added = page.locator(`[data-testid="mrp-compare-order"]${attr('data-change', 'added')}`);
      await waitForCount(added.filter({ hasText: sku.lamp }), 1);
      await waitForCount(added.filter({ hasText: sku.bracket }), 1);
    });

    expect(errors).toEqual([]);
  });
});
