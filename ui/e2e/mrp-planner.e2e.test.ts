/**
 * The planner's journey through a real MRP run: a customer orders desk lamps (made of two brackets and a bolt, both
 * bought, nothing on hand); a planner starts a run through the API (its process snapshots, calculates and asks for
 * review); opens the lamp's MRP grid, walks a bracket order's pegging up through the lamp order to the customer
 * order; opens the review task from the inbox, approves the lamp and the brackets (the brackets' quantity raised) but
 * not the bolts, and sees the run's plan say so and the purchase and production orders they became.
 */
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { mrpWorld, placeCustomerOrder, startMrpRun, type MrpWorld } from './support/mrp-world';
import { attr, byTestId, login, openInboxTask, textOf } from './support/pages';
import { expectStaysAbsent, waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

let world: MrpWorld;
let orderNumber = '';
let run = { id: 0, workflowId: '' };

beforeAll(async () => {
  world = await mrpWorld('MRP');
  orderNumber = await placeCustomerOrder('C-ACME', world.made, 3);
  run = await startMrpRun(`mrp-planner-${world.made}`);
});

describe("the planner's MRP journey", () => {
  test('grid, pegging up to the customer order, and approving some of the suggestions', async () => {
    const { page, errors } = await newPage();
    const runPath = `/planning/mrp-runs/${run.id}`;
    const pegUp = (ref: string) =>
      page.locator(`[data-testid="mrp-peg-node"]${attr('data-way', 'up')}${attr('data-ref', ref)}`);
    const refs = { made: '', bracket: '', bolt: '' };

    await step(page, 'mrp-planner-01-run-in-review', async () => {
      await login(page, 'planner');
      await page.goto(`${BASE_URL}/planning/mrp-runs`);
      const row = page.locator(`[data-testid="mrp-run-row"]${attr('data-id', String(run.id))}`);
      // The list follows the run while it calculates; the real process takes it to review.
      await eventually(
        () => row.getAttribute('data-status'),
        (status) => status === 'review',
        { timeoutMs: 120_000, what: `run ${run.id} in review` },
      );
      await row.click();
      await page.waitForURL((url) => url.pathname === runPath);
    });

    await step(page, 'mrp-planner-02-lamp-grid', async () => {
      await page.goto(`${BASE_URL}${runPath}/items/${world.made}`);
      await byTestId(page, 'mrp-grid').waitFor({ state: 'visible' });
      const lampOrders = byTestId(page, 'mrp-planned-order');
      await waitForCount(lampOrders, 1);
      refs.made = (await lampOrders.first().getAttribute('data-ref')) ?? '';
      await lampOrders.first().getByRole('button').click();
      const customer = pegUp(`${orderNumber}/1`);
      await customer.waitFor();
      expect(await customer.getAttribute('data-kind')).toBe('sales-order');
      expect(await textOf(customer)).toContain('3');
    });

    await step(page, 'mrp-planner-03-bracket-pegging-up', async () => {
      await page.goto(`${BASE_URL}${runPath}/items/${world.bracket}`);
      const bracketOrders = byTestId(page, 'mrp-planned-order');
      await waitForCount(bracketOrders, 1);
      refs.bracket = (await bracketOrders.first().getAttribute('data-ref')) ?? '';
      await bracketOrders.first().getByRole('button').click();
      // Up from the brackets: the lamp order they go into, then the customer's order the lamps serve.
      await pegUp(refs.made).waitFor();
      await pegUp(`${orderNumber}/1`).waitFor();
    });

    await step(page, 'mrp-planner-04-review-task', async () => {
      await openInboxTask(page, `MRP-${run.id}`, 'mrp-review');
      await byTestId(page, 'review-summary').waitFor({ state: 'visible' });
      await byTestId(page, 'review-filter-sku').fill(world.bolt);
      const boltRow = page.locator(`[data-testid="review-order"]${attr('data-sku', world.bolt)}`);
      await waitForCount(byTestId(page, 'review-order'), 1);
      refs.bolt = (await boltRow.getAttribute('data-ref')) ?? '';
      // Nothing ticked yet: said before anything is sent; a rejection needs its reason.
      await byTestId(page, 'review-approve-selected').click();
      await byTestId(page, 'review-notice').waitFor({ state: 'visible' });
      await byTestId(page, 'review-reject').click();
      const reasonError = byTestId(page, 'review-reason-error');
      await reasonError.waitFor({ state: 'visible' });
      expect(await textOf(reasonError)).toContain('Required to reject');
    });

    await step(page, 'mrp-planner-05-approve-some', async () => {
      const rowOf = (sku: string) => page.locator(`[data-testid="review-order"]${attr('data-sku', sku)}`);
      await byTestId(page, 'review-filter-sku').fill(world.made);
      await waitForCount(rowOf(world.made), 1);
      await byTestId(rowOf(world.made), 'review-approve').check();
      await byTestId(page, 'review-filter-type').selectOption('purchase');
      await byTestId(page, 'review-filter-sku').fill(world.bracket);
      await waitForCount(rowOf(world.bracket), 1);
      await byTestId(rowOf(world.bracket), 'review-approve').check();
      await byTestId(rowOf(world.bracket), 'review-quantity').fill('10');
      // The lamp ticked under the other filter stays ticked: both go, the bolts stay suggested.
      const completed = page.waitForResponse(
        (res) =>
          /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname) && res.request().method() === 'POST',
      );
      await byTestId(page, 'review-approve-selected').click();
      expect((await completed).status()).toBe(200);
    });

    await step(page, 'mrp-planner-06-plan-after-review', async () => {
      const statusOf = async (ref: string) => {
        await page.goto(`${BASE_URL}${runPath}`);
        const row = page.locator(`[data-testid="mrp-planned-order"]${attr('data-ref', ref)}`);
        await row.waitFor({ state: 'visible' });
        return textOf(row);
      };
      await eventually(
        () => statusOf(refs.bracket),
        (text) => /approved|released/.test(text) && text.includes('10'),
        { timeoutMs: 60_000, what: 'the brackets approved at 10' },
      );
      expect(await statusOf(refs.made)).toMatch(/approved|released/);
      expect(await statusOf(refs.bolt)).toContain('suggested');
    });

    await step(page, 'mrp-planner-07-orders-they-became', async () => {
      // Approval releases: the lamp became a production order, the brackets a purchase order; the bolts nothing.
      const documentOf = (ref: string) =>
        page.locator(`[data-testid="mrp-planned-order"]${attr('data-ref', ref)} [data-testid="mrp-document"] a`);
      const poNumber = await eventually(
        async () => {
          await page.goto(`${BASE_URL}${runPath}`);
          await byTestId(page, 'mrp-run').waitFor({ state: 'visible' });
          const link = documentOf(refs.bracket);
          return (await link.count()) > 0 ? ((await link.getAttribute('data-number')) ?? '') : '';
        },
        (number) => number.startsWith('PO-'),
        { timeoutMs: 90_000, what: 'the brackets released into a purchase order' },
      );
      // The same render that shows the brackets' order shows the lamp's; the bolts were not approved: no document.
      const prdNumber =
        (await waitForAttribute(documentOf(refs.made), 'data-number', (n) => /^PRD-/.test(n ?? ''))) ?? '';
      await expectStaysAbsent(documentOf(refs.bolt));

      await documentOf(refs.bracket).click();
      await page.waitForURL((url) => url.pathname === `/purchase-orders/${poNumber}`);
      const line = byTestId(page, 'po-line');
      await waitForCount(line, 1);
      expect(await textOf(line)).toContain(world.bracket);
      expect(await textOf(byTestId(line, 'po-line-open'))).toBe('10');

      await page.goBack();
      await documentOf(refs.made).click();
      await page.waitForURL((url) => url.pathname === `/manufacturing/production-orders/${prdNumber}`);
      await byTestId(page, 'prd-item').waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'prd-item'))).toContain(world.made);
    });
    expect(errors).toEqual([]);
  });
});
