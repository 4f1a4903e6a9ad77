/**
 * MRP net change in the console: a live run is in review when a customer order for a lamp lands; the net-change
 * process re-plans the lamp and its brackets and bolts in that run, and the planner sees each new suggestion marked
 * "Changed: sales order SO-… placed", on the run page and on the lamp's grid.
 */
import { MrpRun } from '../../db/entities';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { mrpWorld, placeCustomerOrder, startMrpRun, withE2eOrm, type MrpWorld } from './support/mrp-world';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

let world: MrpWorld;
let run: { id: number; workflowId: string };

const runStatus = () => withE2eOrm(async (orm) => (await orm.em.fork().findOneOrFail(MrpRun, run.id)).status);

beforeAll(async () => {
  world = await mrpWorld('MNC');
  run = await startMrpRun(`mrp-net-change-${world.made}`);
  await eventually(runStatus, (status) => status === 'review', { timeoutMs: 120_000, what: `run ${run.id} in review` });
});

describe('MRP net change in the console', () => {
  test('an order placed while a plan is in review shows as changed suggestions, with the reason', async () => {
    const orderNumber = await placeCustomerOrder('C-ACME', world.made, 3);
    const reason = `sales order ${orderNumber} placed`;
    const { page, errors } = await newPage();
    const runPath = `/planning/mrp-runs/${run.id}`;
    const ordersOf = (sku: string) =>
      page.locator(`[data-testid="mrp-planned-order"]:has([data-testid="mrp-item-link"]${attr('data-sku', sku)})`);

    await step(page, 'mrp-net-change-01-run-changed', async () => {
      await login(page, 'planner');
      // The net change runs as its own process after the order's commit: the page shows it once it has.
      await eventually(
        async () => {
          await page.goto(`${BASE_URL}${runPath}`);
          await byTestId(page, 'mrp-run-counts').waitFor();
          return ordersOf(world.bracket).count();
        },
        (count) => count > 0,
        { timeoutMs: 60_000, what: `the lamp order's suggestions in run ${run.id}` },
      );
      for (const sku of [world.made, world.bracket, world.bolt]) {
        const chip = byTestId(ordersOf(sku).first(), 'mrp-changed');
        await chip.waitFor();
        expect(await textOf(chip)).toBe(`Changed: ${reason}`);
      }
    });

    await step(page, 'mrp-net-change-02-lamp-grid', async () => {
      await page.goto(`${BASE_URL}${runPath}/items/${world.made}`);
      await byTestId(page, 'mrp-grid').waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'mrp-planned-order'), 1);
      expect(await textOf(byTestId(byTestId(page, 'mrp-planned-order'), 'mrp-changed'))).toBe(`Changed: ${reason}`);
      // The item itself says it was re-planned, and why.
      expect(await textOf(byTestId(page.locator('dl.facts'), 'mrp-changed'))).toBe(`Changed: ${reason}`);
    });
    expect(errors).toEqual([]);
  });
});
