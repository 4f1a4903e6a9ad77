/**
 * The task flow (issue 11, items 4 and 7): a task is claimed when its form is opened by someone who may do it; after
 * completing one the clerk lands straight on the order's next task (pick -> pack -> ship), never on the process page
 * in between; an admin without the clerk role is offered nothing the server would refuse; a supervisor takes over a
 * clerk's task (audited) and reassigns it from the all-tasks board built on the shared list.
 */
import type { Page } from 'playwright-core';
import { fetchCall, packCheckOpenShipment } from '../../test/support/pack-check';
import { api, apiLogin, placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, chooseOption, login, textOf } from './support/pages';
import { waitForCount, waitForEnabled } from './support/waits';
import { itemWithStock } from './support/stock';

jest.setTimeout(240_000);

const SKU = `E2E-TF-${Date.now().toString(36).toUpperCase()}`;
const CUSTOMER = 'C-BOLT';

const journeys = useBrowser();
const newPage = (width = 1366) => journeys.newPage({ viewport: { width, height: 900 } });

interface TaskView {
  id: string;
  taskType: string;
  status: string;
  assignee: string | null;
}

/** The order's open task of `taskType`, once its workflow has opened it. */
async function openTaskOf(workflowId: string, taskType: string): Promise<TaskView> {
  const token = await apiLogin('auditor');
  return eventually(
    async () => {
      const detail = await api<{ tasks: TaskView[] }>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body.tasks.find((t) => t.taskType === taskType && ['open', 'claimed'].includes(t.status));
    },
    (task) => task !== undefined,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `a ${taskType} task for ${workflowId}` },
  ) as Promise<TaskView>;
}

async function assigneeOf(taskId: string): Promise<string | null> {
  const task = await api<TaskView>('GET', `/api/tasks/${encodeURIComponent(taskId)}`, await apiLogin('auditor'));
  return task.body.assignee;
}

/** Waits for the task page of `taskType` for `orderNumber` (the form shows the order number). */
async function onTaskPage(page: Page, formPrefix: 'pick' | 'pack' | 'ship', orderNumber: string): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/'), { timeout: 30_000 });
  await eventually(
    () => textOf(byTestId(page, `${formPrefix}-order-number`)),
    (shown) => shown === orderNumber,
    { timeoutMs: 30_000, intervalMs: 250, what: `the ${formPrefix} task of ${orderNumber}` },
  );
}

/** Fails when the console asks for the process page (it should go from task to task). */
function watchProcessPage(page: Page, workflowId: string): { visited: () => boolean } {
  let visited = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && decodeURIComponent(new URL(frame.url()).pathname).startsWith('/processes/')) {
      visited = true;
    }
  });
  page.on('request', (request) => {
    if (decodeURIComponent(new URL(request.url()).pathname) === `/api/processes/${workflowId}`) visited = true;
  });
  return { visited: () => visited };
}

beforeAll(async () => {
  await itemWithStock(SKU, [
    { location: 'MAIN-A03', lot: `${SKU}-A`, quantity: 20 },
    { location: 'MAIN-B03', lot: `${SKU}-B`, quantity: 20 },
  ]);
});

describe('task flow', () => {
  test('opening a task claims it; completing one opens the next task of the same order', async () => {
    const order = await placeOrder(CUSTOMER, SKU, 2);
    const pick = await openTaskOf(order.workflowId, 'pick');
    const { page, errors } = await newPage();
    await login(page, 'clerk');

    await step(page, 'tf-01-pick-claimed-on-open', async () => {
      expect(await assigneeOf(pick.id)).toBeNull();
      await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(pick.id)}`);
      await onTaskPage(page, 'pick', order.orderNumber);
      await eventually(
        () => textOf(byTestId(page, 'task-detail-assignee')),
        (who) => who === 'clerk',
        {
          what: 'the pick task claimed by the clerk',
          intervalMs: 250,
        },
      );
      expect(await assigneeOf(pick.id)).toBe('clerk');
      await expect(textOf(byTestId(page, 'task-claim-rule'))).resolves.toContain('Opening a task you can do claims');
      await waitForCount(byTestId(page, 'task-claim'), 0);
      await expect(textOf(byTestId(page, 'task-unclaim'))).resolves.toBe('Give back');
    });

    const processPage = watchProcessPage(page, order.workflowId);
    await step(page, 'tf-02-straight-to-pack', async () => {
      await waitForEnabled(byTestId(page, 'task-complete'));
      await byTestId(page, 'task-complete').click();
      await onTaskPage(page, 'pack', order.orderNumber);
      await eventually(
        () => textOf(byTestId(page, 'task-detail-assignee')),
        (who) => who === 'clerk',
        {
          what: 'the pack task claimed on open',
          intervalMs: 250,
        },
      );
    });

    await step(page, 'tf-03-straight-to-ship', async () => {
      await byTestId(page, 'pack-weight').first().fill('1.2');
      await waitForEnabled(byTestId(page, 'task-complete'));
      await byTestId(page, 'task-complete').click();
      await onTaskPage(page, 'ship', order.orderNumber);
      expect(processPage.visited()).toBe(false);
      // The shipment waits for its pack check (its own journey checks it on screen): done through the API.
      await packCheckOpenShipment(fetchCall(BASE_URL, await apiLogin('clerk')), order.workflowId);
      await byTestId(page, 'ship-carrier').fill('DHL');
      await byTestId(page, 'ship-tracking').fill(`TF-${order.orderNumber}`);
    });

    await step(page, 'tf-04-after-the-last-step', async () => {
      const shipTaskUrl = page.url();
      await byTestId(page, 'task-complete').click();
      // Nothing left for this order: the next task elsewhere, or the process page when there is none.
      await page.waitForURL((url) => url.href !== shipTaskUrl, { timeout: 30_000 });
      const token = await apiLogin('clerk');
      const done = await api<TaskView>('GET', `/api/tasks/${encodeURIComponent(pick.id)}`, token);
      expect(done.body.status).toBe('completed');
    });

    expect(errors).toEqual([]);
  });

  for (const width of [1366, 390]) {
    test(`only a supervisor takes over a clerk's task and reassigns it; an admin is offered nothing (${width} px)`, async () => {
      const order = await placeOrder(CUSTOMER, SKU, 1);
      const pick = await openTaskOf(order.workflowId, 'pick');
      const taskUrl = `${BASE_URL}/tasks/${encodeURIComponent(pick.id)}`;
      const clerkToken = await apiLogin('clerk');
      expect((await api('POST', `/api/tasks/${encodeURIComponent(pick.id)}/claim`, clerkToken)).status).toBe(200);

      const { page: admin, errors: adminErrors } = await newPage(width);
      await step(admin, `tf-05-admin-read-only-${width}`, async () => {
        await login(admin, 'admin');
        await admin.goto(taskUrl);
        await onTaskPage(admin, 'pick', order.orderNumber);
        await expect(textOf(byTestId(admin, 'task-readonly'))).resolves.toContain('for the clerk role');
        await waitForCount(byTestId(admin, 'task-claim'), 0);
        // A read-only form offers no confirm at all.
        await waitForCount(byTestId(admin, 'task-complete'), 0);
        // The server agrees: the same actions are refused.
        const adminToken = await apiLogin('admin');
        const claim = await api('POST', `/api/tasks/${encodeURIComponent(pick.id)}/claim`, adminToken);
        expect(claim.status).toBe(403);
        expect(await assigneeOf(pick.id)).toBe('clerk');
        await expectNoSidewaysScroll(admin);
      });

      const { page: supervisor, errors } = await newPage(width);
      await step(supervisor, `tf-06-supervisor-takes-over-${width}`, async () => {
        await login(supervisor, 'supervisor');
        await supervisor.goto(taskUrl);
        await onTaskPage(supervisor, 'pick', order.orderNumber);
        await expect(textOf(byTestId(supervisor, 'task-readonly'))).resolves.toContain('clerk is working on this task');
        await waitForCount(byTestId(supervisor, 'task-complete'), 0);
        await expect(textOf(byTestId(supervisor, 'task-claim'))).resolves.toBe('Take over from clerk');
        await byTestId(supervisor, 'task-claim').click();
        await eventually(
          () => textOf(byTestId(supervisor, 'task-detail-assignee')),
          (who) => who === 'supervisor',
          {
            what: 'the task taken over',
            intervalMs: 250,
          },
        );
        await waitForEnabled(byTestId(supervisor, 'task-complete'));
        expect(await assigneeOf(pick.id)).toBe('supervisor');
        await expectNoSidewaysScroll(supervisor);
      });

      await step(supervisor, `tf-07-board-reassigns-${width}`, async () => {
        await supervisor.goto(`${BASE_URL}/tasks/board?q=${encodeURIComponent(order.orderNumber)}`);
        const row = supervisor.locator(`[data-testid="list-row"][data-key=${JSON.stringify(pick.id)}]`);
        await row.waitFor({ state: 'visible' });
        await expect(textOf(row.locator('[data-column="assignee"]'))).resolves.toBe('supervisor');
        await row.click();
        await byTestId(supervisor, 'assign-panel').waitFor({ state: 'visible' });
        await chooseOption(supervisor, 'assign-user', 'assign-user-option', '(clerk)');
        await byTestId(supervisor, 'assign-submit').click();
        await eventually(
          () => textOf(byTestId(supervisor, 'assign-current')),
          (who) => who === 'clerk',
          {
            what: 'the panel to show the new assignee',
            intervalMs: 250,
          },
        );
        await eventually(
          () => textOf(row.locator('[data-column="assignee"]')),
          (who) => who === 'clerk',
          {
            what: 'the board row to show the new assignee',
            intervalMs: 250,
          },
        );
        expect(await assigneeOf(pick.id)).toBe('clerk');
        await expectNoSidewaysScroll(supervisor);
      });

      await step(admin, `tf-08-admin-board-${width}`, async () => {
        // Admins see the board too (but do not do the clerk's work).
        await admin.goto(`${BASE_URL}/tasks/board?q=${encodeURIComponent(order.orderNumber)}&assignee=clerk`);
        const row = admin.locator(`[data-testid="list-row"][data-key=${JSON.stringify(pick.id)}]`);
        await row.waitFor({ state: 'visible' });
        await expect(textOf(row.locator('[data-column="assignee"]'))).resolves.toBe('clerk');
      });

      expect([...adminErrors, ...errors]).toEqual([]);
    });
  }
});

/** Nothing on the page is wider than the viewport (a handheld must not pan sideways). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  await eventually(
    () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    (overflow) => overflow <= 0,
    { timeoutMs: 5_000, intervalMs: 250, what: 'no horizontal overflow' },
  );
}
