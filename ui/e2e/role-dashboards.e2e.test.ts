/**
 * The home page per role (issue 19, dashboards), after a scripted day of work through the API: the clerk places two
 * orders and claims one pick task, their allocations record rule decisions, and a production order is long overdue.
 * Then each role signs in and its home page shows its numbers: the clerk's own task due soon (listed first), the
 * planner's late production order, the controller's open work as the API counts it, and the administrator's charts
 * (drawn by chart.js, loaded only with them) carrying the day's decisions. Other journeys share the database, so
 * figures over everyone's rows are checked to include the day's work, and the lists to show its documents.
 */
import type { Page } from 'playwright-core';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { api, apiLogin, placeOrder } from './rules-api';
import { eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(300_000);

const { newPage } = useBrowser();

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const SKU = `DSH-${RUN}`;
const LATE_ORDER = `PRD-DSH${RUN}`;

type Series = Array<{ name: string; values: number[] }>;
interface AdminFigures {
  days: string[];
  ruleDecisions: Series;
  throughput: Series;
  stockAging: Array<{ value: number }>;
}
interface Task {
  id: string;
  businessKey: string;
  taskType: string;
}

const total = (series: Series) => series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
const atLeast = (minimum: number) => (value: string | null) => Number(value) >= minimum;

let decisionsBefore = 0;
let claimed: Task;

/** The late production order, written as the production process would have left it (no API back-dates an order). */
async function overdueProductionOrder(): Promise<void> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 1 } });
  try {
    await query(
      orm.em.fork(),
      `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status,
                                     created_by, created_at, updated_at, released_at)
       select ?, i.id, 3, w.id, '2001-01-02', '2001-01-01', 'released', 'planner', now(), now(), now()
         from item i, warehouse w where i.sku = ? and w.code = 'MAIN'`,
      [LATE_ORDER, SKU],
    );
  } finally {
    await orm.close(true);
  }
}

/** The pick task of `orderNumber`, once its workflow has offered it to the clerks. */
async function pickTaskOf(token: string, orderNumber: string): Promise<Task> {
  const page = await eventually(
    () => api<{ items: Task[] }>('GET', `/api/tasks?businessKey=${encodeURIComponent(orderNumber)}`, token),
    (answer) => answer.body.items.some((task) => task.businessKey === orderNumber),
    { timeoutMs: 90_000, what: `the pick task of ${orderNumber}` },
  );
  return page.body.items.find((task) => task.businessKey === orderNumber)!;
}

beforeAll(async () => {
  const admin = await apiLogin('admin');
  const before = await api<AdminFigures>('GET', '/api/dashboards/admin', admin);
  decisionsBefore = total(before.body.ruleDecisions);

  // The day: stock received, two orders placed (each allocated under the rules), one pick claimed, one order late.
  await itemWithStock(SKU, [{ location: 'MAIN-C05', lot: `${SKU}-L1`, quantity: 20 }]);
  const first = await placeOrder('C-ACME', SKU, 2);
  const second = await placeOrder('C-ACME', SKU, 3);
  const clerk = await apiLogin('clerk');
  claimed = await pickTaskOf(clerk, first.orderNumber);
  await pickTaskOf(clerk, second.orderNumber);
  const claim = await api('POST', `/api/tasks/${encodeURIComponent(claimed.id)}/claim`, clerk);
  if (claim.status !== 200) throw new Error(`claim: ${claim.status} ${JSON.stringify(claim.body)}`);
  await overdueProductionOrder();

  // The allocations' decisions are recorded by the workflows: wait until the API counts them.
  await eventually(
    () => api<AdminFigures>('GET', '/api/dashboards/admin', admin),
    (answer) => total(answer.body.ruleDecisions) >= decisionsBefore + 2,
    { timeoutMs: 90_000, what: "the day's rule decisions" },
  );
});

async function home(username: string): Promise<Page> {
  const { page } = await newPage();
  await login(page, username);
  await waitForAttribute(byTestId(page, 'role-dashboard'), 'data-testid', 'role-dashboard');
  return page;
}

describe("each role's home page after a day of work", () => {
  test("the clerk's inbox shows their claimed pick due soon, listed first, and no chart", async () => {
    const page = await home('clerk');
    await step(page, 'clerk dashboard', async () => {
      const panel = byTestId(page, 'dash-clerk');
      await waitForAttribute(panel, 'data-state', 'loaded');
      await waitForAttribute(byTestId(panel, 'dash-mine-open'), 'data-value', atLeast(1));
      await waitForAttribute(byTestId(panel, 'dash-mine-due-soon'), 'data-value', atLeast(1));
      await waitForAttribute(byTestId(panel, 'dash-inbox-open'), 'data-value', atLeast(2));
      await waitForAttribute(byTestId(panel, 'dash-inbox-due-soon'), 'data-value', atLeast(2));
      const urgent = byTestId(panel, 'dash-urgent-task');
      await waitForCount(urgent.and(page.locator(attr('data-task', claimed.id))), 1);
      // The clerk's own tasks come first (other files in the shared database may have left the clerk more of them).
      await waitForAttribute(urgent.first(), 'data-assignee', 'clerk');
      await waitForCount(page.locator('canvas'), 0);
    });
  });

  test("the planner's process list shows the production order late", async () => {
    const page = await home('planner');
    await step(page, 'planner dashboard', async () => {
      const panel = byTestId(page, 'dash-planner');
      await waitForAttribute(panel, 'data-state', 'loaded');
      await waitForAttribute(byTestId(panel, 'dash-late-production'), 'data-value', atLeast(1));
      await waitForCount(byTestId(panel, 'dash-late-order').and(page.locator(attr('data-order', LATE_ORDER))), 1);
    });
  });

  test("the controller's process list shows their open work as the API counts it", async () => {
    const page = await home('controller');
    const controller = await apiLogin('controller');
    await step(page, 'controller dashboard', async () => {
      const panel = byTestId(page, 'dash-controller');
      await waitForAttribute(panel, 'data-state', 'loaded');
      const shown = async () => ({
        unposted: await byTestId(panel, 'dash-unposted').getAttribute('data-value'),
        closes: await byTestId(panel, 'dash-closes-running').getAttribute('data-value'),
        inbox: await byTestId(panel, 'dash-inbox-open').getAttribute('data-value'),
      });
      // The page read its figures once; other journeys may change them since: reload until page and API agree.
      await eventually(
        async () => {
          await page.reload();
          await waitForAttribute(byTestId(page, 'dash-controller'), 'data-state', 'loaded');
          const figures = await api<{
            unpostedInvoices: number;
            periodClosesRunning: number;
            tasks: { inbox: { open: number } };
          }>('GET', '/api/dashboards/controller', controller);
          const onPage = await shown();
          return (
            onPage.unposted === String(figures.body.unpostedInvoices) &&
            onPage.closes === String(figures.body.periodClosesRunning) &&
            onPage.inbox === String(figures.body.tasks.inbox.open)
          );
        },
        (agreed) => agreed,
        { timeoutMs: 60_000, what: "the controller's figures as the API counts them" },
      );
      await waitForCount(page.locator('canvas'), 0);
    });
  });

  test("the administrator's charts carry the day's rule decisions and the stock by age", async () => {
    const page = await home('admin');
    await step(page, 'admin charts', async () => {
      const panel = byTestId(page, 'dash-admin');
      await waitForAttribute(panel, 'data-state', 'loaded');
      const charts = [
        'chart-throughput',
        'chart-sla-breaches',
        'chart-rule-decisions',
        'chart-inventory-value',
        'chart-stock-aging',
        'chart-value-by-category',
      ];
      for (const chart of charts) {
        await waitForAttribute(byTestId(panel, chart).locator('figure'), 'data-state', 'drawn');
      }
      await waitForCount(panel.locator('canvas'), charts.length);
      const decisions = byTestId(panel, 'chart-rule-decisions').locator('figure');
      await waitForAttribute(decisions, 'data-total', atLeast(decisionsBefore + 2));
      await waitForAttribute(decisions, 'data-series', (names) => (names ?? '').includes('allocation v'));
      // Today's receipt is in the youngest bucket: the stock-by-age chart totals more than nothing.
      await waitForAttribute(byTestId(panel, 'chart-stock-aging').locator('figure'), 'data-total', atLeast(1));
    });
  });
});
