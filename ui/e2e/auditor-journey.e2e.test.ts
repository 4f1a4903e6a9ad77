/**
 * The auditor's journey (issue 18, part 2): a clerk's order for Grid Electrical (overdue receivables) is held by the
 * credit rules and a controller approves the hold through the API. The auditor then finds the approval in the trail
 * and who gave it, opens that order's whole Temporal history and sees the approval update with the controller's name
 * (and the audit row it joins), opens the credit decision (version, facts, fired rule, why the rest lost), exports
 * the day's trail as CSV with the chain hashes, and cannot change anything: a second held order's task and process
 * pages offer the auditor no action, and a direct API write is refused and itself lands in the trail.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api, apiLogin, placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf, waitForInstancePage } from './support/pages';
import { expectNoSidewaysPanning } from './support/handheld';
import { itemWithStock } from './support/stock';
import { expectStaysAbsent, waitForAttribute, waitForCount, waitForValue } from './support/waits';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });

const SKU = `E2E-AUD-${Date.now().toString(36).toUpperCase()}`;
/** Labels of buttons that would change something; the auditor must meet none of them. */
const ACTION = /approve|reject|claim|complete|cancel|change|assign|release|dispatch|split|merge|save|submit|take over/i;

interface ProcessDetail {
  tasks: { id: string; taskType: string; status: string }[];
}

/** The open credit-approval task of an order's process, once the credit rules held it. */
async function creditTask(workflowId: string, token: string): Promise<string> {
  return eventually(
    async () => {
      const detail = await api<ProcessDetail>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body?.tasks?.find((t) => t.taskType === 'credit-approval' && t.status === 'open')?.id ?? '';
    },
    (id) => id !== '',
    { timeoutMs: 60_000, intervalMs: 500, what: `the credit approval task of ${workflowId}` },
  );
}

/** Types a free-text filter of the shared list and applies it (Enter), then waits for the URL to carry it. */
async function filter(page: Page, key: string, value: string): Promise<void> {
  const input = byTestId(page, `list-filter-${key}`);
  await input.fill(value);
  await input.press('Enter');
  await page.waitForURL((url) => url.searchParams.get(key) === value);
}

/** What the page's buttons say (test id, else label), to look for any that would change something. */
async function buttonLabels(page: Page): Promise<string[]> {
  return page
    .locator('mat-sidenav-content button, mat-sidenav-content a[mat-button], mat-sidenav-content a[mat-flat-button]')
    .evaluateAll((all) =>
      all.map((b) => `${b.getAttribute('data-testid') ?? ''} ${b.getAttribute('aria-label') ?? ''} ${b.textContent}`),
    );
}

beforeAll(async () => {
  await itemWithStock(SKU, [{ location: 'MAIN-C03', lot: `${SKU}-A`, quantity: 10 }]);
});

describe('auditor journey', () => {
  test('an auditor finds who approved a credit hold, opens the timeline, exports the day and changes nothing', async () => {
    const { page, errors } = await newPage();
    const controller = await apiLogin('controller');
    const auditor = await apiLogin('auditor');
    // Grid Electrical has an overdue invoice (demo data): the credit rules hold any order of theirs.
    const held = await placeOrder('C-GRID', SKU, 1);
    const taskId = await creditTask(held.workflowId, controller);
    const approved = await api('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, controller, {
      payload: { decision: 'approve', comment: 'Remittance advice seen' },
    });
    expect(approved.status).toBe(200);
    // A second held order stays waiting for its approval: the auditor must not be able to act on it.
    const waiting = await placeOrder('C-GRID', SKU, 1);
    const waitingTask = await creditTask(waiting.workflowId, controller);

    const approvalRow = page.locator(`[data-testid="audit-row"]${attr('data-entity-id', held.orderNumber)}`);
    await step(page, 'auditor-01-who-approved-the-credit-hold', async () => {
      await login(page, 'auditor');
      await byTestId(page, 'nav-audit-trail').click();
      await page.waitForURL((url) => url.pathname === '/audit/trail');
      await filter(page, 'action', 'order.credit-approved');
      await filter(page, 'entityId', held.orderNumber);
      await waitForCount(approvalRow, 1);
      await waitForAttribute(approvalRow, 'data-actor', 'controller');
      await waitForAttribute(approvalRow, 'data-action', 'order.credit-approved');
      await waitForAttribute(approvalRow, 'data-workflow-id', held.workflowId);
    });

    const approvalUpdate = page.locator(
      `[data-testid="history-line"]${attr('data-event-type', 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED')}` +
        `${attr('data-name', 'completeTask')}`,
    );
    await step(page, 'auditor-02-the-orders-timeline-names-the-approver', async () => {
      await approvalRow.locator('[data-testid="audit-timeline-link"]').click();
      await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/audit/processes/${held.workflowId}`);
      await expect(textOf(byTestId(page, 'history-business-key'))).resolves.toBe(held.orderNumber);
      await waitForCount(approvalUpdate, 1);
      await waitForAttribute(approvalUpdate, 'data-user', 'controller');
      const user = approvalUpdate.locator('[data-testid="history-user"]');
      await expect(textOf(user)).resolves.toBe('Cora Controller (controller)');
      await waitForAttribute(user, 'data-source', 'payload');
      await expect(textOf(approvalUpdate.locator('[data-testid="history-title"]'))).resolves.toBe(
        'Update completeTask accepted',
      );
      await expect(textOf(approvalUpdate.locator('[data-testid="history-detail"]'))).resolves.toContain(
        'Remittance advice seen',
      );
      await waitForAttribute(approvalUpdate.locator('[data-testid="history-user-audit"]'), 'data-audit-id', (id) =>
        /^\d+$/.test(id ?? ''),
      );
      // The activities ran in words, and the workflow-task bookkeeping is one switch away.
      const checked = page.locator(
        `[data-testid="history-line"]${attr('data-name', 'checkCredit')}${attr('data-event-type', 'ACTIVITY_TASK_COMPLETED')}`,
      );
      await waitForCount(checked, 1);
      await expect(textOf(checked.locator('[data-testid="history-title"]'))).resolves.toBe(
        'Activity checkCredit completed',
      );
      const shown = Number(await byTestId(page, 'history-count').getAttribute('data-count'));
      await byTestId(page, 'history-bookkeeping').locator('input').check();
      await waitForAttribute(byTestId(page, 'history-count'), 'data-count', (n) => Number(n) > shown);
      await byTestId(page, 'history-kind').selectOption('update');
      await waitForAttribute(byTestId(page, 'history-count'), 'data-count', (n) => Number(n) >= 2);
      const kinds = await page
        .locator('[data-testid="history-line"]')
        .evaluateAll((all) => all.map((li) => li.getAttribute('data-category')));
      expect(new Set(kinds)).toEqual(new Set(['update']));
      await byTestId(page, 'history-kind').selectOption('');
    });

    await step(page, 'auditor-03-the-credit-decision', async () => {
      const checked = page.locator(
        `[data-testid="history-line"]${attr('data-name', 'checkCredit')}${attr('data-event-type', 'ACTIVITY_TASK_COMPLETED')}`,
      );
      await checked.locator('[data-testid="history-line-decision"]').click();
      await page.waitForURL((url) => url.pathname.startsWith('/audit/decisions/'));
      await waitForAttribute(byTestId(page, 'decision-rule-set'), 'data-type', 'credit');
      await waitForAttribute(byTestId(page, 'decision-version'), 'data-version', (v) => Number(v) > 0);
      await waitForAttribute(byTestId(page, 'decision-winner'), 'data-winner', 'overdue-receivables-hold');
      const customer = page.locator(`[data-testid="decision-fact"]${attr('data-fact', 'customer.code')}`);
      await expect(textOf(customer.locator('td'))).resolves.toBe('"C-GRID"');
      await waitForCount(
        page.locator(`[data-testid="decision-fired"]${attr('data-rule', 'overdue-receivables-hold')}`),
        1,
      );
      await expect(textOf(byTestId(page, 'decision-because'))).resolves.toMatch(
        /^Why: rule "overdue-receivables-hold" of credit v\d+ applied/,
      );
      // The rules that lost on their conditions, each with the facts' values beside what it wanted.
      await waitForCount(page.locator('[data-testid="decision-rejected"]'), (n) => n >= 1);
      await expectStaysAbsent(byTestId(page, 'decision-replay-mismatch'), 500);
      await byTestId(page, 'decision-back-to-history').click();
      await waitForCount(approvalUpdate, 1);
    });

    await step(page, 'auditor-04-export-the-days-trail', async () => {
      const day = new Date().toISOString().slice(0, 10);
      await page.goto(`${BASE_URL}/audit/trail?from=${day}&to=${day}`);
      await waitForValue(byTestId(page, 'list-filter-from'), day);
      await waitForAttribute(byTestId(page, 'list-total'), 'data-total', (n) => Number(n) > 0);
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('audit-trail.csv');
      const lines = readFileSync((await file.path()) as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'id,seq,at,actor,action,entityType,entityId,workflowId,details,contentHash,previousHash,chainHash',
      );
      const approval = lines.find((line) =>
        line.includes(`,controller,order.credit-approved,sales_order,${held.orderNumber},`),
      );
      expect(approval).toBeDefined();
      // Sealed by the export itself: its position and the three hashes close the line.
      expect(approval).toMatch(/^\d+,\d+,\S+,controller,.*,[0-9a-f]{64},[0-9a-f]{64},[0-9a-f]{64}$/);
      // The day's rows only (a record's first line starts with its id and chain position).
      const records = lines.filter((line) => /^\d+,\d*,/.test(line));
      expect(records.every((line) => line.split(',')[2]?.startsWith(`${day}T`))).toBe(true);
    });

    await step(page, 'auditor-05-nothing-to-act-on', async () => {
      await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(waitingTask)}`);
      await byTestId(page, 'task-readonly').waitFor({ state: 'visible', timeout: 30_000 });
      expect((await buttonLabels(page)).filter((label) => ACTION.test(label))).toEqual([]);
      await expectStaysAbsent(page.locator('[data-testid="credit-approve"], [data-testid="task-claim"]'), 1_000);
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(waiting.workflowId)}`);
      await waitForInstancePage(page, waiting.workflowId);
      await byTestId(page, 'audit-history-link').waitFor({ state: 'visible' });
      await byTestId(page, 'order-panel').waitFor({ state: 'visible', timeout: 30_000 });
      expect((await buttonLabels(page)).filter((label) => ACTION.test(label))).toEqual([]);
      await expectStaysAbsent(byTestId(page, 'order-cancel'), 1_000);
    });

    await step(page, 'auditor-06-a-write-is-refused-and-audited', async () => {
      const path = `/api/orders/${encodeURIComponent(waiting.orderNumber)}/cancel`;
      const refused = await api<{ error: { code: string } }>('POST', path, auditor, { reason: 'auditor tries' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      await page.goto(`${BASE_URL}/audit/trail?actor=auditor&action=access.refused`);
      const attempt = page.locator(
        `[data-testid="audit-row"]${attr('data-entity-id', 'POST /api/orders/:orderNumber/cancel')}`,
      );
      await waitForCount(attempt, (n) => n >= 1);
      await waitForAttribute(attempt.first(), 'data-actor', 'auditor');
      // The order was not touched: still waiting for its approval.
      const still = await api<ProcessDetail>(
        'GET',
        `/api/processes/${encodeURIComponent(waiting.workflowId)}`,
        auditor,
      );
      expect(still.body.tasks.find((t) => t.id === waitingTask)?.status).toBe('open');
    });

    await step(page, 'auditor-07-the-timeline-on-a-handheld', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${BASE_URL}/audit/processes/${encodeURIComponent(held.workflowId)}`);
      await waitForCount(approvalUpdate, 1);
      await waitForAttribute(approvalUpdate, 'data-user', 'controller');
      await expectNoSidewaysPanning(page, 'the process history');
    });

    // Tidy: the controller settles the waiting order.
    const tidy = await api('POST', `/api/orders/${encodeURIComponent(waiting.orderNumber)}/cancel`, controller, {
      reason: 'auditor journey done',
    });
    expect(tidy.status).toBe(200);
    expect(errors).toEqual([]);
  });
});
