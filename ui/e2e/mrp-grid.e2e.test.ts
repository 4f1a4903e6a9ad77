/**
 * The MRP grid in the console: a planner opens a run from the list, the grid of a bought component (tubes: safety
 * stock 5, fixed lots of 20) with its chart, and walks a tube order's pegging up through the frame and bike orders
 * to the customer order; then from the customer order down. The run is planned in the set-up with the platform's
 * own activities, on a snapshot recorded by hand (the figures are worked out in activities/mrp/calculate-plan).
 * The run list follows a calculating run's progress as it moves, without a reload.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { calculateRunPlan, type RunSnapshot } from '../../activities/mrp/calculate-plan';
import { derivedPeggingOfRun } from '../../db/planning/derived-pegging';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { MrpPlannedOrder, MrpRun } from '../../db/entities';
import { openOrm } from '../../db/orm';
import { plainItem } from '../../test/support/stock';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const S = `${Date.now() % 1_000_000}`;
const sku = { bike: `MRE-BIKE-${S}`, frame: `MRE-FRAME-${S}`, tube: `MRE-TUBE-${S}` };
const so = `SO-MRE-${S}/1`;

const snapshot: RunSnapshot = {
  items: [
    { sku: sku.bike, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.frame, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.tube, source: 'buy', leadTimeDays: 7, safetyStock: 5, lotSize: { kind: 'fixed', quantity: 20 } },
  ],
  boms: [
    {
      parentSku: sku.bike,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.frame, quantityPer: 1, scrapPercent: 0 }],
    },
    {
      parentSku: sku.frame,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.tube, quantityPer: 3, scrapPercent: 0 }],
    },
  ],
  demands: [{ ref: so, kind: 'sales-order', sku: sku.bike, date: '2027-01-25', quantity: 10 }],
  supplies: [
    { ref: `${sku.tube}@L1`, kind: 'on-hand', sku: sku.tube, date: '2027-01-04', quantity: 4 },
    { ref: `PO-MRE-${S}/1`, kind: 'purchase-order', sku: sku.tube, date: '2027-02-15', quantity: 6 },
  ],
};

let runId = 0;
/** The tube order that serves the frames (the other lot serves safety stock and the remainder). */
let tubeRef = '';
let frameRef = '';
let bikeRef = '';

async function planRun(orm: MikroORM): Promise<void> {
  for (const name of Object.values(sku)) await plainItem(orm, name, { name });
  const em = orm.em.fork();
  const run = await queueMrpRun(em, {
    asOf: '2027-01-04',
    bucketSize: 'week',
    bucketCount: 8,
    simulation: false,
    workflowId: null,
    requestedBy: 'planner',
  });
  runId = run.id;
  await em.nativeUpdate(MrpRun, run.id, {
    snapshot: snapshot as unknown as Record<string, unknown>,
    status: 'calculating',
  });
  await calculateRunPlan(() => orm.em.fork(), runId);
  const orders = await orm.em.fork().find(MrpPlannedOrder, { run: runId }, { populate: ['item'] });
  const of = (s: string) => orders.filter((o) => o.item.sku === s);
  // A run derives its pegs when read (mrp_planned_order.pegs stays null): ask the reader the console uses.
  const pegging = await derivedPeggingOfRun(orm.em.fork(), runId, [sku.tube]);
  const tubePegs = pegging.get(sku.tube)!.orders;
  tubeRef = of(sku.tube).find((o) =>
    (tubePegs.get(o.plannedRef) ?? []).some((p) => p.kind === 'dependent'),
  )!.plannedRef;
  frameRef = of(sku.frame)[0]!.plannedRef;
  bikeRef = of(sku.bike)[0]!.plannedRef;
}

/** Runs `body` on the platform's own database (exported by the e2e global set-up). */
async function withOrm<T>(body: (orm: MikroORM) => Promise<T>): Promise<T> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    return await body(orm);
  } finally {
    await orm.close(true);
  }
}

beforeAll(() => withOrm(planRun));

describe('the MRP grid', () => {
  test('a planner opens a run, the tube grid, and walks a tube order up to the customer order', async () => {
    const { page, errors } = await newPage();
    const pegNode = (way: string, ref: string) =>
      page.locator(`[data-testid="mrp-peg-node"]${attr('data-way', way)}${attr('data-ref', ref)}`);

    await step(page, 'mrp-grid-01-run-list', async () => {
      await login(page, 'planner');
      await byTestId(page, 'nav-mrp-runs').click();
      await page.waitForURL((url) => url.pathname === '/planning/mrp-runs');
      const row = page.locator(`[data-testid="mrp-run-row"]${attr('data-id', String(runId))}`);
      await row.waitFor({ state: 'visible' });
      expect(await row.getAttribute('data-status')).toBe('review');
      expect(await textOf(byTestId(row, 'mrp-run-progress'))).toContain('3 / 3 levels');
      await row.click();
      await page.waitForURL((url) => url.pathname === `/planning/mrp-runs/${runId}`);
    });

    await step(page, 'mrp-grid-02-run', async () => {
      await waitForCount(byTestId(page, 'mrp-planned-order'), 4);
      expect(await textOf(byTestId(page, 'mrp-run-counts'))).toContain('4 planned orders');
      await page.locator(`[data-testid="mrp-exception"]${attr('data-kind', 'expedite')}`).waitFor();
      await page
        .locator(`[data-testid="mrp-item-link"]${attr('data-sku', sku.tube)}`)
        .first()
        .click();
      await page.waitForURL((url) => url.pathname === `/planning/mrp-runs/${runId}/items/${sku.tube}`);
    });

    await step(page, 'mrp-grid-03-tube-grid', async () => {
      const grid = byTestId(page, 'mrp-grid');
      await grid.waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'mrp-safety-stock'))).toContain('5');
      expect(await textOf(byTestId(page, 'mrp-lot-size'))).toContain('fixed (quantity 20)');
      // Week 1 (from 2027-01-11): the frames' 30 tubes, met by two fixed lots of 20.
      const cells = (row: string) => grid.locator(`[data-testid="mrp-grid-row"]${attr('data-row', row)} td`);
      await waitForCount(cells('gross'), 8);
      expect((await cells('gross').nth(1).innerText()).trim()).toBe('30');
      expect((await cells('plannedReceipts').nth(1).innerText()).trim()).toBe('40');
      await byTestId(page, 'mrp-chart-safety').waitFor({ state: 'attached' });
      expect(await byTestId(page, 'mrp-chart-on-hand').getAttribute('points')).toMatch(/^(\S+,\S+ ){7}\S+,\S+$/);
    });

    await step(page, 'mrp-grid-04-pegging-up', async () => {
      await page
        .locator(`[data-testid="mrp-planned-order"]${attr('data-ref', tubeRef)}`)
        .getByRole('button')
        .click();
      await pegNode('up', frameRef).waitFor();
      await pegNode('up', bikeRef).waitFor();
      const customer = pegNode('up', so);
      await customer.waitFor();
      expect(await customer.getAttribute('data-kind')).toBe('sales-order');
      expect(await textOf(customer)).toContain('10');
    });

    await step(page, 'mrp-grid-05-pegging-down', async () => {
      await pegNode('up', so).getByRole('button').click();
      await page.locator(`[data-testid="mrp-pegging"]${attr('data-ref', so)}`).waitFor();
      await pegNode('down', bikeRef).waitFor();
      await pegNode('down', frameRef).waitFor();
      await pegNode('down', tubeRef).waitFor();
    });
    expect(errors).toEqual([]);
  });

  test('the run list follows a calculating run without a reload', async () => {
    const { page, errors } = await newPage();
    // A run part way through its three levels (as its activity heartbeats them); it ends as failed whatever happens,
    // so no later run waits behind it.
    const working = await withOrm(async (orm) => {
      const em = orm.em.fork();
      const run = await queueMrpRun(em, {
        asOf: '2027-01-04',
        bucketSize: 'week',
        bucketCount: 8,
        simulation: false,
        workflowId: null,
        requestedBy: 'planner',
      });
      await em.nativeUpdate(MrpRun, run.id, { status: 'calculating', levelsTotal: 3, levelsDone: 1 });
      return run.id;
    });
    try {
      const row = page.locator(`[data-testid="mrp-run-row"]${attr('data-id', String(working))}`);
      await step(page, 'mrp-grid-06-list-calculating', async () => {
        await login(page, 'planner');
        await page.goto(`${BASE_URL}/planning/mrp-runs`);
        await row.waitFor({ state: 'visible' });
        expect(await textOf(byTestId(row, 'mrp-run-progress'))).toContain('1 / 3 levels');
      });
      await step(page, 'mrp-grid-07-list-progressed', async () => {
        await withOrm((orm) => orm.em.fork().nativeUpdate(MrpRun, working, { levelsDone: 2 }));
        await eventually(
          () => textOf(byTestId(row, 'mrp-run-progress')),
          (text) => text.includes('2 / 3 levels'),
        );
        await withOrm((orm) => orm.em.fork().nativeUpdate(MrpRun, working, { levelsDone: 3, status: 'failed' }));
        await waitForAttribute(row, 'data-status', 'failed');
      });
    } finally {
      await withOrm((orm) => orm.em.fork().nativeUpdate(MrpRun, working, { status: 'failed' }));
    }
    expect(errors).toEqual([]);
  });
});
