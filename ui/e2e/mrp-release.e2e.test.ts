/**
 * A released MRP plan in the console: a customer orders desk lamps (made of brackets and bolts, both bought from a
 * preferred supplier); the planner's run is approved for this world's suggestions (through the API: the review form
 * has its own journey, mrp-planner); the run's page then names the orders the suggestions became: one purchase
 * order for the brackets and bolts (same preferred supplier), a production order for the lamps; each link opens the
 * real order.
 */
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { query } from '../../db/sql';
import { mrpWorld, placeCustomerOrder, startMrpRun, withE2eOrm, type MrpWorld } from './support/mrp-world';
import { attr, byTestId, DEMO_PASSWORD, login, textOf } from './support/pages';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

let world: MrpWorld;
let run = { id: 0, workflowId: '' };

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

/** The planner approves every suggestion of this world (and nothing else of the shared database). */
async function approveWorld(): Promise<void> {
  const { token } = await api<{ token: string }>(
    'POST',
    '/api/auth/login',
    {},
    { username: 'planner', password: DEMO_PASSWORD },
  );
  const planner = { authorization: `Bearer ${token}` };
  const task = await eventually(
    async () => {
      const process = await api<{ tasks?: Array<{ id: string; status: string; formKind: string }> }>(
        'GET',
        `/api/processes/${run.workflowId}`,
        planner,
      );
      return process.tasks?.find((t) => t.status === 'open' && t.formKind === 'mrp-review') ?? null;
    },
    (found) => found !== null,
    { timeoutMs: 120_000, what: `the review task of run ${run.id}` },
  );
  const refs: string[] = [];
  for (const sku of [world.made, world.bracket, world.bolt]) {
    const detail = await api<{ plannedOrders: Array<{ plannedRef: string }> }>(
      'GET',
      `/api/mrp-runs/${run.id}?sku=${encodeURIComponent(sku)}`,
      planner,
    );
    refs.push(...detail.plannedOrders.map((o) => o.plannedRef));
  }
  await api('POST', `/api/tasks/${task!.id}/complete`, planner, {
    payload: { decision: 'decide', orders: refs.map((plannedRef) => ({ plannedRef, approve: true })) },
  });
}

/** A routing for the lamp (unless the world has one), so its production order can be made. */
async function routingForLamp(): Promise<void> {
  await withE2eOrm(async (orm) => {
    const em = orm.em.fork();
    const [centre] = await query<{ id: number }>(
      em,
      `insert into work_centre (code, name, active, created_at) values (?, ?, true, now()) returning id`,
      [`R${world.made.slice(-12)}`, `Release bench ${world.made}`],
    );
    const [routing] = await query<{ id: number }>(
      em,
      `insert into routing (item_id, version, effective_from, created_by, created_at)
       select i.id, 1, current_date - 30, 'tester', now() from item i
        where i.sku = ? and not exists (select 1 from routing r where r.item_id = i.id) returning id`,
      [world.made],
    );
    if (!routing) return;
    await query(
      em,
      `insert into routing_operation (routing_id, seq, work_centre_id, description, setup_hours, run_hours_per_unit)
       values (?, 10, ?, 'Assemble', 0.5, 0.25)`,
      [routing.id, centre?.id],
    );
  });
}

beforeAll(async () => {
  world = await mrpWorld('REL');
  await routingForLamp();
  await placeCustomerOrder('C-ACME', world.made, 2);
  run = await startMrpRun(`mrp-release-${world.made}`);
  await approveWorld();
});

describe('a released MRP plan in the console', () => {
  test("the run's planned orders name the orders they became, and link to them", async () => {
    const { page, errors } = await newPage();
    const rowOf = (sku: string) =>
      page.locator(`[data-testid="mrp-planned-order"]:has([data-testid="mrp-item-link"]${attr('data-sku', sku)})`);
    const documentOf = (sku: string) => byTestId(rowOf(sku), 'mrp-document').locator('a');
    let poNumber = '';
    let prdNumber = '';

    await step(page, 'mrp-release-01-documents', async () => {
      await login(page, 'planner');
      // The release runs in the run's process after the approval: reload until the brackets name their order.
      poNumber = await eventually(
        async () => {
          await page.goto(`${BASE_URL}/planning/mrp-runs/${run.id}`);
          await byTestId(page, 'mrp-run').waitFor({ state: 'visible' });
          const link = documentOf(world.bracket);
          return (await link.count()) > 0 ? ((await link.getAttribute('data-number')) ?? '') : '';
        },
        (number) => number.startsWith('PO-'),
        { timeoutMs: 120_000, what: 'the brackets released into a purchase order' },
      );
      expect(await textOf(rowOf(world.bracket))).toContain('released');
      // The bolts go on the same supplier's order; the lamps become a production order of their own.
      expect(await documentOf(world.bolt).getAttribute('data-number')).toBe(poNumber);
      prdNumber = (await documentOf(world.made).getAttribute('data-number')) ?? '';
      expect(prdNumber).toMatch(/^PRD-/);
      expect(await textOf(rowOf(world.made))).toContain('released');
    });

    await step(page, 'mrp-release-02-purchase-order', async () => {
      await documentOf(world.bracket).click();
      await page.waitForURL((url) => url.pathname === `/purchase-orders/${poNumber}`);
      await byTestId(page, 'po-detail-number').waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'po-detail-number'))).toContain(poNumber);
      await eventually(
        () => byTestId(page, 'po-line').count(),
        (count) => count === 2,
        { timeoutMs: 30_000, what: 'the two lines of the released order' },
      );
    });

    await step(page, 'mrp-release-03-production-order', async () => {
      await page.goBack();
      await documentOf(world.made).click();
      await page.waitForURL((url) => url.pathname === `/manufacturing/production-orders/${prdNumber}`);
      await byTestId(page, 'prd-detail-number').waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'prd-detail-number'))).toContain(prdNumber);
    });
    expect(errors).toEqual([]);
  });
});
