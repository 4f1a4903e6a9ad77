/**
 * Reopening from the close cockpit (issue 17, console): a controller opens the cockpit of a month its close process
 * closed, asks to reopen it, is told on the reason field that a reason is required, gives one, and sees the month open
 * again (the cockpit then offers a new close attempt); the audit log keeps the reopen with the user and the reason.
 *
 * The month is 2018-09 (set up as the period-close journey sets up 2018-03: nothing else in the e2e run posts in
 * 2018): one balanced accrual opens it, every earlier month still open is closed first (months close in order), and
 * the month is closed through its close process over the API (started by one controller, approved by another).
 */
import type { Locator, Page } from 'playwright-core';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const CODE = '2018-09';
const REASON = 'late supplier invoice for September';

interface CloseStatus {
  periodStatus: string;
  state: { status: string; approvalTaskId: string | null; steps: Array<{ step: string; problems: string[] }> } | null;
}

/** The close's state once `done` holds (the API's status, polled). */
async function closeStatus(token: string, code: string, done: (s: CloseStatus) => boolean, what: string) {
  return eventually(
    async () => (await api<CloseStatus>('GET', `/api/periods/${code}/close/status`, token)).body,
    (status) => !!status?.state && done(status),
    { timeoutMs: 90_000, intervalMs: 500, what },
  );
}

/** Closes `code` through its close process: started by controller, approved by controller2, hard-locked. */
async function closeThroughProcess(code: string): Promise<void> {
  const controller = await apiLogin('controller');
  const second = await apiLogin('controller2');
  const started = await api<unknown>('POST', `/api/periods/${code}/close/start`, controller, {});
  if (started.status !== 201) throw new Error(`starting ${code}: ${started.status} ${JSON.stringify(started.body)}`);
  const awaiting = await closeStatus(
    controller,
    code,
    (s) => s.state?.status === 'awaiting-approval' || s.state?.status === 'blocked',
    `the close of ${code} to await its approval`,
  );
  if (awaiting.state?.status !== 'awaiting-approval' || !awaiting.state.approvalTaskId)
    throw new Error(`the close of ${code} stopped: ${JSON.stringify(awaiting.state?.steps)}`);
  const task = `/api/tasks/${encodeURIComponent(awaiting.state.approvalTaskId)}`;
  await eventually(
    async () => (await api<unknown>('GET', task, second)).status,
    (status) => status === 200,
    { timeoutMs: 30_000, intervalMs: 300, what: `the approval task of ${code}` },
  );
  const approved = await api<unknown>('POST', `${task}/complete`, second, { payload: { decision: 'approve' } });
  if (approved.status !== 200)
    throw new Error(`approving ${code}: ${approved.status} ${JSON.stringify(approved.body)}`);
  await closeStatus(controller, code, (s) => s.periodStatus === 'closed', `the hard lock of ${code}`);
}

/** The month exists (one accrual), every month before it is closed, and it is closed through its process. */
async function stageClosedMonth(): Promise<void> {
  const token = await apiLogin('controller');
  const accrual = await api<unknown>('POST', '/api/journal-entries', token, {
    entryDate: `${CODE}-14`,
    reference: `PRO-${process.pid}-${Date.now() % 1_000_000}`,
    reason: 'energy accrued (reopen journey)',
    lines: [
      { account: '6000', debit: 321.5, memo: 'energy' },
      { account: '2400', credit: 321.5, memo: 'accrued energy' },
    ],
  });
  if (accrual.status !== 201) throw new Error(`accrual refused: ${accrual.status} ${JSON.stringify(accrual.body)}`);
  const periods = await api<{ items: Array<{ code: string; status: string }> }>('GET', '/api/periods', token);
  const earlier = periods.body.items
    .filter((p) => p.code < CODE && p.status !== 'closed')
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const period of earlier) await closeThroughProcess(period.code);
  await closeThroughProcess(CODE);
}

/** The field (mat-form-field) holding the input `testId`. */
const fieldOf = (page: Page, testId: string): Locator => page.locator(`mat-form-field:has([data-testid="${testId}"])`);

/** Waits until the cockpit's period chip reads `status`. */
const periodStatusIs = (page: Page, status: string) =>
  eventually(
    () => textOf(byTestId(page, 'close-period-status')),
    (text) => text === status,
    { timeoutMs: 30_000, intervalMs: 250, what: `the period to read ${status}` },
  );

test('a controller reopens a closed month from its cockpit, with the reason the dialog requires', async () => {
  await stageClosedMonth();
  const { page, errors } = await newPage();

  await step(page, 'period-reopen-01-cockpit-of-the-closed-month', async () => {
    await login(page, 'controller');
    await page.goto(`${BASE_URL}/periods/${CODE}/close`);
    await periodStatusIs(page, 'closed');
    await byTestId(page, 'close-reopen').waitFor({ state: 'visible' });
    await waitForCount(byTestId(page, 'close-start'), 0);
  });

  await step(page, 'period-reopen-02-reason-required', async () => {
    await byTestId(page, 'close-reopen').click();
    await byTestId(page, 'period-dialog-reason').waitFor({ state: 'visible' });
    await byTestId(page, 'period-dialog-confirm').click();
    await byTestId(fieldOf(page, 'period-dialog-reason'), 'field-error').filter({ hasText: 'Required' }).waitFor();
    await waitForAttribute(
      fieldOf(page, 'period-dialog-reason'),
      'class',
      (c) => !!c?.includes('mat-form-field-invalid'),
    );
    // Nothing was sent: the month is still closed.
    await periodStatusIs(page, 'closed');
  });

  await step(page, 'period-reopen-03-reopened-with-reason', async () => {
    await byTestId(page, 'period-dialog-reason').fill(REASON);
    await byTestId(page, 'period-dialog-confirm').click();
    await waitForCount(byTestId(page, 'period-dialog-reason'), 0);
    await periodStatusIs(page, 'open');
    await waitForCount(byTestId(page, 'close-reopen'), 0);
    // Closing it again is a new attempt, which the cockpit now offers.
    await byTestId(page, 'close-start').waitFor({ state: 'visible' });
  });

  // The reopen is audited with its user and reason.
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    const rows = await query<{ actor: string; reason: string }>(
      orm.em.fork(),
      `select actor, details->>'reason' as reason from audit_log
        where action = 'period.reopened' and entity_id = ? order by id desc limit 1`,
      [CODE],
    );
    expect(rows).toEqual([{ actor: 'controller', reason: REASON }]);
  } finally {
    await orm.close(true);
  }
  expect(errors).toEqual([]);
});
