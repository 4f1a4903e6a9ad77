/**
 * The merged material issue in the console (issue 13): two production orders whose component the material-issue rules
 * merge join the warehouse's batch; the planner ends the gathering (pick-now); a clerk opens the ONE merged pick task,
 * sees the total per bin and lot and each order's share, is refused a short share on its field, confirms the pick as
 * reserved, and each order's detail shows its merged batch issued.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(360_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `MRG-FG-${RUN}`;
const PART = `MRG-PT-${RUN}`; // merged by the rule version published below
const WC = `MW${RUN}`;
const BIN = 'MAIN-C06';
const DUE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

let admin = '';
let ruleVersion = 0;
const orders: Array<{ number: string; workflowId: string }> = [];

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A finished good of 3 parts a unit, one operation; a rule version merging the part (only it). */
async function setUp(): Promise<void> {
  admin = await apiLogin('admin');
  await ok(
    'item',
    await api('POST', '/api/items', admin, {
      sku: FG,
      name: 'Mrg frame',
      uom: 'pcs',
      category: 'test',
      supplyType: 'make',
    }),
  );
  await itemWithStock(PART, [{ location: BIN, lot: `${PART}-L1`, quantity: 50 }]);
  await ok('work centre', await api('POST', '/api/work-centres', admin, { code: WC, name: 'Mrg cell' }));
  const rate = { effectiveFrom: '2026-01-01', labourRate: 40, overheadRate: 10 };
  await ok('rates', await api('POST', `/api/work-centres/${WC}/rates`, admin, rate));
  const bom = { effectiveFrom: '2026-01-01', phantom: false, lines: [{ componentSku: PART, quantityPer: 3 }] };
  await ok('BOM', await api('POST', `/api/items/${FG}/boms`, admin, bom));
  const operation = { seq: 10, workCentreCode: WC, description: 'Weld', setupHours: 0, runHoursPerUnit: 0.5 };
  await ok(
    'routing',
    await api('POST', `/api/items/${FG}/routings`, admin, { effectiveFrom: '2026-01-01', operations: [operation] }),
  );
  const draft = await api<{ version: number; content: { rules: unknown[] } }>(
    'POST',
    '/api/rule-sets/material-issue/drafts',
    admin,
    {},
  );
  await ok('draft', draft);
  ruleVersion = draft.body.version;
  const merged = {
    name: `merge-${PART}`,
    priority: 20,
    conditions: { all: [{ fact: 'component.sku', operator: 'equal', value: PART }] },
    event: { type: 'policy', params: { mode: 'merged', whenShort: 'wait' } },
  };
  const content = { ...draft.body.content, rules: [...draft.body.content.rules, merged] };
  await ok('rule', await api('PUT', `/api/rule-sets/material-issue/versions/${ruleVersion}`, admin, { content }), 200);
  const effectiveFrom = new Date(Date.now() - 60_000).toISOString();
  const publish = `/api/rule-sets/material-issue/versions/${ruleVersion}/publish`;
  await ok('publish', await api('POST', publish, await apiLogin('admin2'), { effectiveFrom }), 200);
}

/** Two orders that join the MAIN batch (each waits there with its share reserved). */
async function twoOrdersJoin(): Promise<void> {
  const planner = await apiLogin('planner');
  for (const quantity of [2, 3]) {
    const created = await api<{ number: string }>('POST', '/api/production-orders', planner, {
      itemSku: FG,
      quantity,
      warehouseCode: 'MAIN',
      dueDate: DUE,
    });
    await ok('order', created);
    const order = { number: created.body.number, workflowId: `production-order:${created.body.number}` };
    orders.push(order);
    await eventually(
      async () =>
        (
          await api<{ state: { merged?: { status: string } } | null }>(
            'GET',
            `/api/processes/${order.workflowId}`,
            planner,
          )
        ).body.state?.merged?.status,
      (status) => status === 'waiting',
      { what: `${order.number} in the merged batch` },
    );
  }
  await ok('pick now', await api('POST', '/api/merged-issues/MAIN/pick-now', planner, {}), 202);
}

async function openMergedTask(page: Page): Promise<void> {
  // Filtered to merged issues: the inbox's first page holds whatever else the run left open.
  await page.goto(`${BASE_URL}/tasks?processType=merged-issue`);
  const row = page.locator(`[data-testid="task-row"]${attr('data-form-kind', 'production-merged-pick')}`);
  await eventually(
    async () => {
      await byTestId(page, 'task-refresh').click();
      await page.waitForTimeout(500);
      return row.count();
    },
    (count) => count > 0,
    { timeoutMs: 90_000, intervalMs: 1_500, what: 'the merged pick task in the inbox' },
  );
  await byTestId(row.first(), 'task-open').click();
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
}

beforeAll(async () => {
  await setUp();
  await twoOrdersJoin();
});

afterAll(async () => {
  // Retired, so the seeded default decides again for the other journeys.
  if (ruleVersion) await api('POST', `/api/rule-sets/material-issue/versions/${ruleVersion}/retire`, admin, {});
});

describe('a clerk completes the merged pick of two production orders', () => {
  test('one task, the total per lot and each order share, a short share refused on its field, then issued to both', async () => {
    const { page, errors } = await newPage();
    await login(page, 'clerk');
    await step(page, 'the merged pick task shows both orders', async () => {
      await openMergedTask(page);
      const line = page.locator(`[data-testid="prd-merged-line"]${attr('data-sku', PART)}`);
      await waitForAttribute(line, 'data-total', '15');
      await waitForCount(byTestId(page, 'prd-merged-order'), 2);
    });
    await step(page, 'a short share is refused on its field', async () => {
      const first = byTestId(page, 'prd-merged-share-qty').first();
      await first.fill('1');
      await byTestId(page, 'task-complete').click();
      const onField = page.locator('[data-testid="prd-merged-share"] mat-error').first();
      await eventually(
        () => onField.textContent(),
        (text) => (text ?? '').includes('exactly'),
        { what: 'the refusal on the share' },
      );
      await first.fill('6');
    });
    await step(page, 'confirmed: each order gets its share and goes on', async () => {
      const at = new URL(page.url()).pathname;
      await byTestId(page, 'task-complete').click();
      await page.waitForURL((url) => url.pathname !== at, { timeout: 60_000 });
      for (const order of orders) {
        await page.goto(`${BASE_URL}/manufacturing/production-orders/${order.number}`);
        const merged = byTestId(page, 'prd-merged');
        await eventually(
          async () => {
            await byTestId(page, 'prd-refresh').click();
            await page.waitForTimeout(500);
            return merged.getAttribute('data-status');
          },
          (status) => status === 'issued',
          { timeoutMs: 90_000, intervalMs: 1_000, what: `${order.number} merged batch issued` },
        );
      }
    });
    expect(errors).toEqual([]);
  });
});
