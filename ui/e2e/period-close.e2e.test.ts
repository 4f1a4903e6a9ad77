/**
 * The close cockpit (issue 17, console): a controller starts the close of a far past month and the checklist stops at
 * its preconditions on one open goods-receipt task dated in the month, shown as a link; the controller follows it (the
 * task is the clerk's: read-only for a controller), the clerk completes it, the controller rechecks and the checklist
 * reaches the approval; the starter's own approval is refused (four-eyes); a second controller approves in the task
 * form; the cockpit shows the month closed; the auditor reads the cockpit and its proof but has no buttons.
 *
 * The month is 2018-03: nothing else in the e2e run posts before 2019, and any earlier month found open is closed
 * first (months close in order). It gets one balanced accrual through the journal-entry API so it exists and its
 * proof has figures. The blocking task is a real purchase order's goods-receipt task; a task is dated by when it was
 * opened (`created_at`), and no clock in the run stands in 2018, so the set-up dates that one row back into the month
 * in SQL (the console cannot open a task in the past): the receipt itself is recorded now, after the month.
 */
import type { Page } from 'playwright-core';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login } from './support/pages';
import { processPageAfterCompletion } from './support/task-flow';
import { expectStaysAbsent, waitForCount, waitForEnabled, waitForValue } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const CODE = '2018-03';
const AMOUNT = 1234.5;
/** When the blocking receipt task was opened: inside the month being closed. */
const TASK_OPENED = '2018-03-20T10:00:00Z';

interface Period {
  code: string;
  status: string;
}

/** The month exists (one accrual in it) and every month before it is closed. */
async function stageMonth(): Promise<void> {
  const token = await apiLogin('controller');
  const accrual = await api<unknown>('POST', '/api/journal-entries', token, {
    entryDate: `${CODE}-15`,
    reference: `PCE-${process.pid}-${Date.now() % 1_000_000}`,
    reason: 'payroll accrued (close cockpit journey)',
    lines: [
      { account: '6200', debit: AMOUNT, memo: 'direct labour' },
      { account: '2400', credit: AMOUNT, memo: 'accrued payroll' },
    ],
  });
  if (accrual.status !== 201) throw new Error(`accrual refused: ${accrual.status} ${JSON.stringify(accrual.body)}`);
  const periods = await api<{ items: Period[] }>('GET', '/api/periods', token);
  const earlier = periods.body.items
    .filter((p) => p.code < CODE && p.status !== 'closed')
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const period of earlier) await closeEarlierMonth(token, period.code);
}

interface CloseAnswer {
  periodStatus: string;
  state: { status: string; approvalTaskId: string | null } | null;
}

/**
 * An earlier month closed through the period-close process over the API: the controller's one button runs it to its
 * approval (202), a second controller approves the task, and the month reaches its hard lock.
 */
async function closeEarlierMonth(token: string, code: string): Promise<void> {
  const closed = await api<CloseAnswer>('POST', `/api/periods/${code}/close`, token, {
    reason: 'before the close cockpit journey',
  });
  if (closed.status === 200) return;
  if (closed.status !== 202) throw new Error(`closing ${code}: ${closed.status} ${JSON.stringify(closed.body)}`);
  const resting = await eventually(
    async () => (await api<CloseAnswer>('GET', `/api/periods/${code}/close/status`, token)).body.state,
    (state) => state?.status === 'awaiting-approval' && state.approvalTaskId !== null,
    { timeoutMs: 60_000, intervalMs: 500, what: `the close of ${code} awaiting its approval` },
  );
  const second = await apiLogin('controller2');
  const taskUrl = `/api/tasks/${encodeURIComponent(resting!.approvalTaskId!)}`;
  await eventually(
    async () => (await api<unknown>('GET', taskUrl, second)).status,
    (status) => status === 200,
    { timeoutMs: 30_000, intervalMs: 500, what: `the approval task of ${code}` },
  );
  const approved = await api<unknown>('POST', `${taskUrl}/complete`, second, { payload: { decision: 'approve' } });
  if (approved.status !== 200)
    throw new Error(`approving ${code}: ${approved.status} ${JSON.stringify(approved.body)}`);
  await eventually(
    async () => (await api<CloseAnswer>('GET', `/api/periods/${code}/close/status`, token)).body.periodStatus,
    (status) => status === 'closed',
    { timeoutMs: 60_000, intervalMs: 500, what: `the hard lock of ${code}` },
  );
}

/** A goods-receipt task of a new purchase order (HW-009, no lot), left open and dated inside the month. */
async function openReceiptTaskInMonth(): Promise<{ orderNumber: string; workflowId: string; taskId: string }> {
  const token = await apiLogin('clerk');
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', token, {
    supplierCode: 'S-STEEL',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: 'HW-009', quantity: 3, unitCost: 2.5 }],
  });
  if (placed.status !== 201) throw new Error(`order refused: ${placed.status} ${JSON.stringify(placed.body)}`);
  const { orderNumber, workflowId } = placed.body;
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    const em = orm.em.fork();
    const taskId = await eventually(
      async () => {
        const rows = await query<{ id: string }>(
          em,
          `select id from human_task where business_key = ? and task_type = 'goods-receipt' and status = 'open'`,
          [orderNumber],
        );
        return rows[0]?.id ?? '';
      },
      (id) => id !== '',
      { timeoutMs: 60_000, intervalMs: 500, what: `the goods-receipt task of ${orderNumber}` },
    );
    await query(em, `update human_task set created_at = ? where id = ?`, [TASK_OPENED, taskId]);
    return { orderNumber, workflowId, taskId };
  } finally {
    await orm.close(true);
  }
}

const doneStep = (page: Page, name: string) =>
  page.locator(`[data-testid="close-step"][data-step="${name}"][data-status="done"]`);

describe('period close cockpit', () => {
  test('a controller runs the close, sees one blocking task, has it completed, a second controller approves, the auditor reads the proof', async () => {
    await stageMonth();
    const receipt = await openReceiptTaskInMonth();
    const { page, errors } = await newPage();
    let approvalUrl = '';
    let cockpitUrl = '';

    await step(page, 'period-close-01-open-cockpit-from-the-list', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/periods`);
      const row = page.locator(`[data-testid="period-row"][data-code="${CODE}"]`);
      await waitForCount(row, 1);
      await byTestId(row, 'period-cockpit').click();
      await page.waitForURL((url) => url.pathname === `/periods/${CODE}/close`);
      await byTestId(page, 'close-not-started').waitFor({ state: 'visible' });
      cockpitUrl = page.url();
    });

    await step(page, 'period-close-02-start-and-stop-at-the-open-task', async () => {
      await byTestId(page, 'close-start').click();
      await doneStep(page, 'soft-lock').waitFor({ state: 'visible', timeout: 90_000 });
      await page
        .locator('[data-testid="close-step"][data-step="preconditions"][data-status="blocked"]')
        .waitFor({ state: 'visible', timeout: 90_000 });
      await eventually(
        () => byTestId(page, 'close-status').innerText(),
        (text) => text.trim() === 'blocked',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the close blocked' },
      );
      // One blocker: the receipt task dated in the month, as a link to the task.
      await waitForCount(byTestId(page, 'close-blocker'), 1);
      const blocker = page.locator(
        `[data-testid="close-blocker"][data-kind="open-task"][data-ref="${receipt.taskId}"]`,
      );
      await waitForCount(blocker, 1);
      const link = byTestId(blocker, 'close-blocker-link');
      await eventually(
        () => link.innerText(),
        (text) => text.includes('goods-receipt') && text.includes(receipt.orderNumber),
        { timeoutMs: 10_000, intervalMs: 250, what: 'the blocker naming the receipt task of the order' },
      );
      // Blocked, it goes no further: nothing after the preconditions ran.
      await expectStaysAbsent(doneStep(page, 'reconciliations'), 1_000);
      await byTestId(page, 'close-recheck').waitFor({ state: 'visible' });
      await byTestId(page, 'close-abandon').waitFor({ state: 'visible' });
    });

    await step(page, 'period-close-03-follow-the-blocker-to-the-task', async () => {
      await byTestId(page, 'close-blocker-link').click();
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/tasks/${receipt.taskId}`);
      await byTestId(page, 'task-title').waitFor({ state: 'visible' });
      await eventually(
        () => byTestId(page, 'task-detail-business-key').innerText(),
        (text) => text.trim() === receipt.orderNumber,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the receipt task of the order shown' },
      );
      // A controller may read it, not do it: it is the clerk's.
      await eventually(
        () => byTestId(page, 'task-readonly').innerText(),
        (text) => text.includes('clerk'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the task read-only for the controller' },
      );
      await expectStaysAbsent(byTestId(page, 'task-claim'), 500);
    });

    const clerk = await newPage();
    await step(clerk.page, 'period-close-04-clerk-completes-the-receipt', async () => {
      await login(clerk.page, 'clerk');
      await clerk.page.goto(`${BASE_URL}/tasks/${encodeURIComponent(receipt.taskId)}`);
      await eventually(
        () => byTestId(clerk.page, 'receipt-order-number').innerText(),
        (text) => text.trim() === receipt.orderNumber,
        { timeoutMs: 20_000, intervalMs: 250, what: 'the receipt form of the order' },
      );
      const line = byTestId(clerk.page, 'receipt-line').first();
      await waitForValue(byTestId(line, 'receipt-qty'), (value) => Number(value) === 3);
      await waitForEnabled(byTestId(clerk.page, 'task-complete'), true);
      await byTestId(clerk.page, 'task-complete').click();
      await processPageAfterCompletion(clerk.page, receipt.workflowId);
    });

    await step(page, 'period-close-05-recheck-and-reach-approval', async () => {
      await page.goto(cockpitUrl);
      await byTestId(page, 'close-recheck').click();
      // The checklist advances by itself (the page polls): the blocker gone, the books' steps done, the approval waiting.
      for (const done of ['soft-lock', 'preconditions', 'reconciliations', 'closing-balances', 'proof']) {
        await doneStep(page, done).waitFor({ state: 'visible', timeout: 90_000 });
      }
      await waitForCount(byTestId(page, 'close-blocker'), 0);
      await eventually(
        () => byTestId(page, 'close-status').innerText(),
        (text) => text.trim() === 'awaiting-approval',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the close awaiting approval' },
      );
      await eventually(
        () => byTestId(page, 'close-period-status').innerText(),
        (text) => text.trim() === 'soft-locked',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the period soft-locked' },
      );
      await eventually(
        () => byTestId(page, 'close-proof-holds').innerText(),
        (text) => text.trim() === 'yes',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the proof holding' },
      );
      await waitForCount(page.locator('[data-testid="close-reconciliation"]'), (n) => n > 0);
      await byTestId(page, 'close-recheck').waitFor({ state: 'visible' });
      await byTestId(page, 'close-abandon').waitFor({ state: 'visible' });
      await expectStaysAbsent(byTestId(page, 'close-start'), 500);
    });

    await step(page, 'period-close-06-starter-refused-four-eyes', async () => {
      await byTestId(page, 'close-approval-task').click();
      await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
      approvalUrl = page.url();
      await byTestId(page, 'approval-started-by').waitFor({ state: 'visible' });
      await eventually(
        () => byTestId(page, 'approval-started-by').innerText(),
        (text) => text.trim() === 'controller',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the starter named on the form' },
      );
      await byTestId(page, 'close-proof').waitFor({ state: 'visible' });
      await byTestId(page, 'close-approve').click();
      await eventually(
        () => page.locator('body').innerText(),
        // On the form now (the refusal names completedBy), in words: "Four-eyes: controller started this close ...".
        (text) => /four-eyes: controller started this close/i.test(text),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the four-eyes refusal shown' },
      );
      // Opening the task claimed it for the starter: give it back to the controllers' inbox.
      await byTestId(page, 'task-unclaim').click();
      await eventually(
        () => byTestId(page, 'task-detail-assignee').innerText(),
        (text) => text.trim() === 'unclaimed',
        { timeoutMs: 20_000, intervalMs: 250, what: 'the approval task given back' },
      );
    });

    const second = await newPage();
    await step(second.page, 'period-close-07-second-controller-approves', async () => {
      await login(second.page, 'controller2');
      await second.page.goto(approvalUrl);
      await byTestId(second.page, 'close-approval-comment').fill('Reconciled and proven');
      const taskPath = new URL(second.page.url()).pathname;
      await byTestId(second.page, 'close-approve').click();
      // Completed: the console moves on to the next task (or the process page) once the server has answered.
      await second.page.waitForURL((url) => url.pathname !== taskPath, { timeout: 60_000 });
      await second.page.goto(approvalUrl);
      await eventually(
        () => byTestId(second.page, 'approval-decided').innerText(),
        (text) => text.includes('approve'),
        { timeoutMs: 30_000, intervalMs: 250, what: 'the decision recorded on the finished task' },
      );
    });

    await step(page, 'period-close-08-cockpit-shows-closed', async () => {
      await page.goto(`${BASE_URL}/periods/${CODE}/close`);
      await eventually(
        () => byTestId(page, 'close-status').innerText(),
        (text) => text.trim() === 'closed',
        { timeoutMs: 60_000, intervalMs: 250, what: 'the close closed' },
      );
      await eventually(
        () => byTestId(page, 'close-period-status').innerText(),
        (text) => text.trim() === 'closed',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the period closed' },
      );
      await doneStep(page, 'hard-lock').waitFor({ state: 'visible' });
      await eventually(
        () => byTestId(page, 'close-approved-by').innerText(),
        (text) => text.includes('controller2'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the approver named' },
      );
      await expectStaysAbsent(byTestId(page, 'close-start'), 500);
      // Step 4: the month's labour accrual had no production order to carry it, and the cockpit says so.
      await doneStep(page, 'absorption').waitFor({ state: 'visible' });
      const labour = page.locator('[data-testid="close-absorption-pool"][data-pool="labour"]');
      await waitForCount(labour, 1);
      await eventually(
        () => labour.innerText(),
        (text) => text.includes('left in the pool'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the labour pool left undistributed' },
      );
    });

    const auditor = await newPage();
    await step(auditor.page, 'period-close-09-auditor-reads-the-proof', async () => {
      await login(auditor.page, 'auditor');
      await auditor.page.goto(`${BASE_URL}/periods`);
      const row = auditor.page.locator(`[data-testid="period-row"][data-code="${CODE}"]`);
      await waitForCount(row, 1);
      await byTestId(row, 'period-cockpit').click();
      await auditor.page.waitForURL((url) => url.pathname === `/periods/${CODE}/close`);
      await eventually(
        () => byTestId(auditor.page, 'close-proof-holds').innerText(),
        (text) => text.trim() === 'yes',
        { timeoutMs: 30_000, intervalMs: 250, what: 'the proof shown to the auditor' },
      );
      // The month's one posting, the accrual, on both sides (read together: the money format settles after a render,
      // e.g. once the currency is known, so one side read right after the other may still show the first format).
      await eventually(
        async () =>
          Promise.all([
            byTestId(auditor.page, 'close-proof-debit').innerText(),
            byTestId(auditor.page, 'close-proof-credit').innerText(),
          ]),
        ([debit, credit]) => debit.includes('1,234.50') && credit === debit,
        { timeoutMs: 10_000, intervalMs: 250, what: 'the period debits and credits, 1,234.50 each' },
      );
      for (const button of ['close-start', 'close-recheck', 'close-abandon', 'close-approval-task']) {
        await expectStaysAbsent(byTestId(auditor.page, button), 300);
      }
    });

    expect(errors).toEqual([]);
    expect(clerk.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    expect(auditor.errors).toEqual([]);
  });
});
