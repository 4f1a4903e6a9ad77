/**
 * The close cockpit (issue 17, console): a controller starts the close of a far past month and watches the checklist
 * reach the approval; the starter's own approval is refused (four-eyes); a second controller approves in the task
 * form; the cockpit shows the month closed; the auditor reads the cockpit and its proof but has no buttons.
 *
 * The month is 2018-03: nothing else in the e2e run posts before 2019, and any earlier month found open is closed
 * first (months close in order). It gets one balanced accrual through the journal-entry API so it exists and its
 * proof has figures.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login } from './support/pages';
import { expectStaysAbsent, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const CODE = '2018-03';
const AMOUNT = 1234.5;

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
  for (const period of earlier) {
    const closed = await api<unknown>('POST', `/api/periods/${period.code}/close`, token, {
      reason: 'before the close cockpit journey',
    });
    if (closed.status !== 200)
      throw new Error(`closing ${period.code}: ${closed.status} ${JSON.stringify(closed.body)}`);
  }
}

const doneStep = (page: Page, name: string) =>
  page.locator(`[data-testid="close-step"][data-step="${name}"][data-status="done"]`);

describe('period close cockpit', () => {
  test('a controller runs the close, a second controller approves, the auditor reads the proof', async () => {
    await stageMonth();
    const { page, errors } = await newPage();
    let approvalUrl = '';

    await step(page, 'period-close-01-open-cockpit-from-the-list', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/periods`);
      const row = page.locator(`[data-testid="period-row"][data-code="${CODE}"]`);
      await waitForCount(row, 1);
      await byTestId(row, 'period-cockpit').click();
      await page.waitForURL((url) => url.pathname === `/periods/${CODE}/close`);
      await byTestId(page, 'close-not-started').waitFor({ state: 'visible' });
    });

    await step(page, 'period-close-02-start-and-reach-approval', async () => {
      await byTestId(page, 'close-start').click();
      // The checklist advances by itself (the page polls): the books' steps done, the approval waiting.
      for (const done of ['soft-lock', 'preconditions', 'reconciliations', 'closing-balances', 'proof']) {
        await doneStep(page, done).waitFor({ state: 'visible', timeout: 90_000 });
      }
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

    await step(page, 'period-close-03-starter-refused-four-eyes', async () => {
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
    await step(second.page, 'period-close-04-second-controller-approves', async () => {
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

    await step(page, 'period-close-05-cockpit-shows-closed', async () => {
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
      expect(await labour.innerText()).toContain('left in the pool');
    });

    const auditor = await newPage();
    await step(auditor.page, 'period-close-06-auditor-reads-the-proof', async () => {
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
      const debit = await eventually(
        () => byTestId(auditor.page, 'close-proof-debit').innerText(),
        (text) => /\d/.test(text),
        { timeoutMs: 10_000, intervalMs: 250, what: 'the period debits' },
      );
      const credit = await byTestId(auditor.page, 'close-proof-credit').innerText();
      expect(credit).toBe(debit);
      for (const button of ['close-start', 'close-recheck', 'close-abandon', 'close-approval-task']) {
        await expectStaysAbsent(byTestId(auditor.page, button), 300);
      }
    });

    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
    expect(auditor.errors).toEqual([]);
  });
});
