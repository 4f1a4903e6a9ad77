import { createPeriodCloseActivities } from '../../activities/period-close/period-close-activities';
import { num, query } from '../../db/sql';
import { closeStateOf, completeCloseTask, useCloseBooks, AWAITING_APPROVAL } from '../../test/support/close-books';
import { eventually } from '../../test/support/int-env';

jest.setTimeout(300_000);

/**
 * The period close as a process (issue 17), on books of their own (a fresh database and a task queue of its own with
 * an in-process worker): closes harden months that every other test file posts around, and the reconciliations read
 * the whole ledger. The months are 2019's, before anything the seed posts.
 */
const close = useCloseBooks('period_close', {
  users: ['admin', 'controller', 'controller2', 'clerk'],
});
let counter = 0;
const { send } = close;

/** A balanced manual entry (payroll accrued: Dr 6200, Cr 2400) through the journal-entry API, by the controller. */
const accrue = (day: string, amount: number) =>
  send('POST', '/api/journal-entries', 'controller', {
    entryDate: day,
    reference: `PC-${process.pid}-${++counter}`,
    reason: 'payroll accrued',
    lines: [
      { account: '6200', debit: amount, memo: 'direct labour' },
      { account: '2400', credit: amount, memo: 'accrued payroll' },
    ],
  });

interface CloseState {
  status: string;
  currentStep: string;
  steps: Array<{ step: string; status: string; problems: string[] }>;
  blockers: Array<{ kind: string; ref: string; message: string }>;
  reconciliations: Array<{
    name: string;
    account: string;
    accountAtPeriodEnd: number;
    subledgerAtPeriodEnd: number;
    difference: number;
    reconciled: boolean;
    suspectEntries: Array<{ entryId: number; sourceType: string; sourceRef: string; amount: number }>;
  }>;
  proof: { holds: boolean; periodDebit: number; periodCredit: number } | null;
  approvalTaskId: string | null;
  approvedBy: string | null;
  abandonedBy: string | null;
}

async function status(code: string): Promise<{ periodStatus: string; workflowId: string; state: CloseState | null }> {
  const response = await send('GET', `/api/periods/${code}/close/status`, 'clerk');
  expect(response.statusCode).toBe(200);
  return response.json();
}

const closeState = (code: string, done: (state: CloseState) => boolean, label: string) =>
  closeStateOf<CloseState>(close, code, done, label);

const completeTask = (taskId: string, user: string, payload: object) => completeCloseTask(close, taskId, user, payload);

async function closingBalance(code: string, account: string): Promise<number | null> {
  const [row] = await query<{ net: string }>(
    close.orm.em.fork(),
    'select debit - credit as net from period_closing_balance where period_code = ? and account_code = ? and valid',
    [code, account],
  );
  return row ? num(row.net) : null;
}

test('a month closes through the checklist: soft-locked while it runs, four-eyes approval, then hard-locked', async () => {
  expect((await accrue('2019-01-15', 1000)).statusCode).toBe(201);
  expect((await accrue('2019-02-10', 250)).statusCode).toBe(201);

  const outOfOrder = await send('POST', '/api/periods/2019-02/close/start', 'controller');
  expect(outOfOrder.statusCode).toBe(409);
  expect(outOfOrder.json().error).toMatchObject({
    code: 'PERIOD_OUT_OF_ORDER',
    message: expect.stringContaining('2019-01'),
  });
  expect((await send('POST', '/api/periods/2019-01/close/start', 'clerk')).statusCode).toBe(403);

  const start = await send('POST', '/api/periods/2019-01/close/start', 'controller');
  expect(start.statusCode).toBe(201);
  expect(start.json()).toEqual({ periodCode: '2019-01', attempt: 1, workflowId: 'period-close:2019-01:1' });
  const again = await send('POST', '/api/periods/2019-01/close/start', 'controller');
  expect(again.statusCode).toBe(409);
  expect(again.json().error.code).toBe('DUPLICATE');

  const awaiting = await closeState('2019-01', (s) => s.status === 'awaiting-approval', 'the approval step');
  expect(awaiting.steps.map((s) => [s.step, s.status])).toEqual(AWAITING_APPROVAL);
  expect(awaiting.reconciliations.map((r) => [r.name, r.account, r.difference])).toEqual([
    ['inventory', '1300', 0],
    ['grni', '2100', 0],
    ['wip', '1400', 0],
    ['subcontract-fees', '2300', 0],
    ['receivables', '1100', 0],
  ]);
  expect(awaiting.proof).toMatchObject({ holds: true, periodDebit: 1000, periodCredit: 1000 });
  // Closing balances: the whole history up to the month (nothing the seed posts lies before 2019).
  expect(await closingBalance('2019-01', '6200')).toBe(1000);
  expect(await closingBalance('2019-01', '2400')).toBe(-1000);

  // Soft-locked: an ordinary document dated in the month is refused with the stable code.
  const softLocked = await accrue('2019-01-20', 10);
  expect(softLocked.statusCode).toBe(409);
  expect(softLocked.json().error.code).toBe('PERIOD_SOFT_LOCKED');

  const taskId = awaiting.approvalTaskId!;
  const own = await completeTask(taskId, 'controller', { decision: 'approve' });
  expect(own.statusCode).toBe(400);
  expect(own.json().error).toMatchObject({
    code: 'TASK_PAYLOAD_INVALID',
    field: 'completedBy',
    message: expect.stringContaining('four-eyes'),
  });
  expect((await status('2019-01')).periodStatus).toBe('soft-locked');

  const approved = await completeTask(taskId, 'controller2', { decision: 'approve' });
  expect(approved.statusCode).toBe(200);
  const closed = await closeState('2019-01', (s) => s.status === 'closed', 'the hard lock');
  expect(closed).toMatchObject({ approvedBy: 'controller2', currentStep: 'hard-lock' });
  expect((await status('2019-01')).periodStatus).toBe('closed');
  close.record('approved', 'period-close:2019-01:1');

  // Closed: a posting into the month is refused with the stable code.
  const late = await accrue('2019-01-25', 10);
  expect(late.statusCode).toBe(409);
  expect(late.json().error.code).toBe('PERIOD_CLOSED');
  const [audit] = await query<{ actor: string; details: Record<string, unknown> }>(
    close.orm.em.fork(),
    `select actor, details from audit_log where action = 'period.closed' and entity_id = '2019-01'`,
  );
  expect(audit).toEqual({
    actor: 'controller2',
    details: expect.objectContaining({ startedBy: 'controller', approvedBy: 'controller2' }),
  });
  const again2 = await send('POST', '/api/periods/2019-01/close/start', 'controller');
  expect(again2.json().error.code).toBe('PERIOD_ALREADY_CLOSED');
});

/** The open task of `formKind` in the process `workflowId`, once the process shows it. */
const openTaskOf = (workflowId: string, formKind: string) =>
  eventually(
    async () => {
      const response = await send('GET', `/api/processes/${workflowId}`, 'clerk');
      const tasks = response.json<{ tasks?: Array<{ id: string; status: string; formKind: string }> }>().tasks ?? [];
      return tasks.find((task) => task.status === 'open' && task.formKind === formKind);
    },
    60_000,
    `the ${formKind} task of ${workflowId}`,
  );

test('a goods receipt backdated into the closed month is refused PERIOD_CLOSED naming receivedAt; dated in the open month it lands', async () => {
  expect((await status('2019-01')).periodStatus).toBe('closed'); // the first test's close
  const created = await send('POST', '/api/purchase-orders', 'clerk', {
    supplierCode: 'S-NORD',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: 'HW-001', quantity: 3, unitCost: 2.5 }],
  });
  expect(created.statusCode).toBe(201);
  const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
  const task = await openTaskOf(workflowId, 'goods-receipt');
  const linesOfClosedMonth = async () => {
    const [row] = await query<{ n: string }>(
      close.orm.em.fork(),
      `select count(*) as n from journal_line jl join journal_entry je on je.id = jl.entry_id where je.period_code = '2019-01'`,
    );
    return num(row?.n);
  };
  const before = await linesOfClosedMonth();
  const lines = [{ lineNo: 1, quantity: 3 }];
  const complete = (receivedAt: string) =>
    send('POST', `/api/tasks/${encodeURIComponent(task.id)}/complete`, 'clerk', { payload: { receivedAt, lines } });

  // Backdated into January: the same answer as a journal entry dated there (409 PERIOD_CLOSED), on the field.
  const refused = await complete('2019-01-20T10:00:00Z');
  expect(refused.statusCode).toBe(409);
  expect(refused.json().error).toEqual({
    code: 'PERIOD_CLOSED',
    field: 'payload.receivedAt',
    message: 'The receipt date 2019-01-20 lies in a closed period: receipts may be dated from 2019-02-01 on',
  });
  // Nothing posted, nothing in the closed month, and the same task is still open for another date.
  expect(await query(close.orm.em.fork(), 'select 1 from stock_move where document_ref = ?', [orderNumber])).toEqual(
    [],
  );
  expect(await linesOfClosedMonth()).toBe(before);
  expect((await openTaskOf(workflowId, 'goods-receipt')).id).toBe(task.id);

  // Dated in the open month (an hour ago), the same receipt lands at that date.
  const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
  expect((await complete(receivedAt)).statusCode).toBe(200);
  const moves = await eventually(
    async () => {
      const rows = await query<{ effective_at: string; quantity: string }>(
        close.orm.em.fork(),
        `select effective_at, quantity from stock_move where document_ref = ? and move_type = 'receipt'`,
        [orderNumber],
      );
      return rows.length > 0 ? rows : undefined;
    },
    60_000,
    'the posted receipt',
  );
  expect(moves.map((move) => [new Date(move.effective_at).toISOString(), num(move.quantity)])).toEqual([
    [receivedAt, 3],
  ]);
  expect(await linesOfClosedMonth()).toBe(before);
});

test('an open task dated in the month blocks the close and is named; done, a recheck lets it go on; abandon lifts the soft lock', async () => {
  const taskId = `pc-test-pick-${process.pid}-${Date.now()}`;
  await query(
    close.orm.em.fork(),
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, status,
                             priority, form_kind, payload, created_at, updated_at)
     values (?, 'order-fulfillment:SO-PC-TEST', 'order-fulfillment', 'SO-PC-TEST', 'pick', 'Pick SO-PC-TEST',
             'clerk', 'open', 'normal', 'pick', '{}', '2019-02-12T09:00:00Z', now())`,
    [taskId],
  );
  const start = await send('POST', '/api/periods/2019-02/close/start', 'controller');
  expect(start.statusCode).toBe(201);
  const blocked = await closeState(
    '2019-02',
    (s) => s.status === 'blocked' && s.currentStep === 'preconditions',
    'the blocked preconditions',
  );
  expect(blocked.blockers).toEqual([
    { kind: 'open-task', ref: taskId, message: expect.stringContaining('Pick SO-PC-TEST') },
  ]);
  // The step is visible: in the search attributes and the console's process projection.
  const described = await close.temporal.workflow.getHandle('period-close:2019-02:1').describe();
  expect(described.searchAttributes.CurrentStep).toEqual(['preconditions-blocked']);
  await eventually(
    async () => {
      const [row] = await query<{ current_step: string; status: string }>(
        close.orm.em.fork(),
        `select current_step, status from process_instance where workflow_id = 'period-close:2019-02:1'`,
      );
      return row?.current_step === 'preconditions-blocked' && row.status === 'running' ? true : undefined;
    },
    30_000,
    'the projected blocked step',
  );
  expect(blocked.steps.find((s) => s.step === 'preconditions')).toMatchObject({
    status: 'blocked',
    problems: [expect.stringContaining('pick')],
  });

  // The pick is done (its workflow would mark the row completed), then the close checks again.
  await query(close.orm.em.fork(), `update human_task set status = 'completed', completed_at = now() where id = ?`, [
    taskId,
  ]);
  expect((await send('POST', '/api/periods/2019-02/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval step');
  expect(awaiting.blockers).toEqual([]);

  expect((await send('POST', '/api/periods/2019-02/close/abandon', 'controller', {})).statusCode).toBe(400);
  expect((await send('POST', '/api/periods/2019-02/close/abandon', 'admin', { reason: 'x' })).statusCode).toBe(403);
  expect((await send('POST', '/api/periods/2019-09/close/abandon', 'controller', { reason: 'x' })).statusCode).toBe(
    404,
  );
  const abandoned = await send('POST', '/api/periods/2019-02/close/abandon', 'controller', {
    reason: 'redo after review',
  });
  expect(abandoned.statusCode).toBe(200);
  expect(abandoned.json()).toMatchObject({
    periodStatus: 'open',
    state: { status: 'abandoned', abandonedBy: 'controller' },
  });
  const [audit] = await query<{ actor: string; details: Record<string, unknown> }>(
    close.orm.em.fork(),
    `select actor, details from audit_log where action = 'period-close.abandoned' and entity_id = '2019-02'`,
  );
  expect(audit).toEqual({ actor: 'controller', details: { reason: 'redo after review', softLockLifted: true } });
  const task = await send('GET', `/api/tasks/${encodeURIComponent(awaiting.approvalTaskId!)}`, 'controller');
  expect(task.json()).toMatchObject({ status: 'cancelled' });
  expect((await accrue('2019-02-14', 5)).statusCode).toBe(201); // open again: documents land
  close.record('blocked-then-abandoned', 'period-close:2019-02:1');
});

test('a journal line posted around the inventory subledger stops the close naming the reconciliation', async () => {
  // Dr Inventory, Cr opening equity, straight into the ledger: no stock move, no valuation behind it.
  const em = close.orm.em.fork();
  const insertEntry = async (ref: string, debitAccount: string, creditAccount: string) => {
    const [entry] = await query<{ id: number }>(
      em,
      `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                  created_by, created_at)
       values ('2019-02-20T12:00:00Z', '2019-02', 'test', ?, 'around the subledger', ?, 'tester', now()) returning id`,
      [ref, `pc-test:${ref}:${process.pid}:${Date.now()}`],
    );
    await query(
      em,
      `insert into journal_line (entry_id, account_code, debit, credit) values (?, ?, 123.45, 0), (?, ?, 0, 123.45)`,
      [entry!.id, debitAccount, entry!.id, creditAccount],
    );
  };
  await insertEntry('ROGUE-1', '1300', '3000');

  const start = await send('POST', '/api/periods/2019-02/close/start', 'controller');
  expect(start.statusCode).toBe(201);
  expect(start.json()).toMatchObject({ attempt: 2, workflowId: 'period-close:2019-02:2' });
  const stopped = await closeState(
    '2019-02',
    (s) => s.status === 'blocked' && s.currentStep === 'reconciliations',
    'the stopped reconciliation',
  );
  const inventory = stopped.reconciliations.find((r) => r.name === 'inventory');
  expect(inventory).toMatchObject({
    account: '1300',
    reconciled: false,
    difference: -123.45,
    suspectEntries: [{ entryId: expect.any(Number), sourceType: 'test', sourceRef: 'ROGUE-1', amount: 123.45 }],
  });
  expect(inventory!.accountAtPeriodEnd - inventory!.subledgerAtPeriodEnd).toBeCloseTo(123.45, 2);
  expect(stopped.reconciliations.filter((r) => !r.reconciled).map((r) => r.name)).toEqual(['inventory']);
  expect(stopped.steps.find((s) => s.step === 'reconciliations')?.problems).toEqual([
    expect.stringMatching(/^inventory: .*1300.*difference -123\.45/),
  ]);
  expect((await status('2019-02')).periodStatus).toBe('soft-locked');

  // Corrected (the reversal, the same way round the subledger), the close goes on and closes the month.
  await insertEntry('ROGUE-1-REVERSAL', '3000', '1300');
  expect((await send('POST', '/api/periods/2019-02/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval step');
  expect(awaiting.reconciliations.every((r) => r.reconciled && r.suspectEntries.length === 0)).toBe(true);
  expect((await completeTask(awaiting.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  await closeState('2019-02', (s) => s.status === 'closed', 'the hard lock');
  // The chain: February's closing = January's + February's lines (250 + 5 accrued in February).
  expect(await closingBalance('2019-02', '6200')).toBe(1255);
  const late = await accrue('2019-02-25', 10);
  expect(late.json().error.code).toBe('PERIOD_CLOSED');
  close.record('reconciliation-stopped-then-approved', 'period-close:2019-02:2');
  // The projection follows the state (its activity runs after the close shows itself closed): wait for it.
  await eventually(
    async () => {
      const [row] = await query<{ current_step: string; status: string }>(
        close.orm.em.fork(),
        `select current_step, status from process_instance where workflow_id = 'period-close:2019-02:2'`,
      );
      return row?.current_step === 'closed' && row.status === 'completed' ? true : undefined;
    },
    30_000,
    'the projected closed step of period-close:2019-02:2',
  );
});

test('closing again after a reopen is a new attempt that stores the closing balances anew', async () => {
  const reopened = await send('POST', '/api/periods/2019-02/reopen', 'controller', { reason: 'late energy invoice' });
  expect(reopened.json()).toMatchObject({ status: 'open' });
  expect(await closingBalance('2019-02', '6200')).toBeNull(); // invalidated by the reopen
  expect((await accrue('2019-02-26', 45)).statusCode).toBe(201);
  const start = await send('POST', '/api/periods/2019-02/close/start', 'controller2');
  expect(start.json()).toMatchObject({ attempt: 3, workflowId: 'period-close:2019-02:3' });
  const awaiting = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval step');
  // February's lines: 250 + 5 + 45 accrued, and the stray 123.45 with its reversal.
  expect(awaiting.proof).toMatchObject({ holds: true, periodDebit: 546.9, periodCredit: 546.9 });
  expect(await closingBalance('2019-02', '6200')).toBe(1300);
  // Four-eyes the other way round: this attempt was started by controller2, so controller approves it.
  const refused = await completeTask(awaiting.approvalTaskId!, 'controller2', { decision: 'approve' });
  expect(refused.json().error.message).toContain('four-eyes');
  expect((await completeTask(awaiting.approvalTaskId!, 'controller', { decision: 'approve' })).statusCode).toBe(200);
  await closeState('2019-02', (s) => s.status === 'closed', 'the hard lock');
  expect((await status('2019-02')).periodStatus).toBe('closed');
});

test('an earlier month reopened while the close awaits approval stops the hard lock; abandoned, both close again', async () => {
  const reopen = (code: string) => send('POST', `/api/periods/${code}/reopen`, 'controller', { reason: 'correction' });
  expect((await reopen('2019-02')).statusCode).toBe(200);
  expect((await send('POST', '/api/periods/2019-02/close/start', 'controller')).json()).toMatchObject({ attempt: 4 });
  const awaiting = await closeState('2019-02', (s) => s.status === 'awaiting-approval', 'the approval step');
  expect((await reopen('2019-01')).statusCode).toBe(200); // 2019-02 is soft-locked, not closed: 2019-01 is the latest
  expect((await completeTask(awaiting.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  const stopped = await closeState(
    '2019-02',
    (s) => s.status === 'blocked' && s.currentStep === 'hard-lock',
    'the stopped hard lock',
  );
  expect(stopped.steps.find((s) => s.step === 'hard-lock')?.problems).toEqual([expect.stringContaining('2019-01')]);
  expect((await status('2019-02')).periodStatus).toBe('soft-locked');
  const abandoned = await send('POST', '/api/periods/2019-02/close/abandon', 'controller', { reason: 'January first' });
  expect(abandoned.json()).toMatchObject({ periodStatus: 'open', state: { status: 'abandoned' } });
  close.record('hard-lock-stopped-then-abandoned', 'period-close:2019-02:4');

  for (const [code, attempt] of [
    ['2019-01', 2],
    ['2019-02', 5],
  ] as const) {
    const start = await send('POST', `/api/periods/${code}/close/start`, 'controller');
    expect(start.json()).toMatchObject({ attempt });
    const next = await closeState(code, (s) => s.status === 'awaiting-approval', `the approval of ${code}`);
    expect((await completeTask(next.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
    await closeState(code, (s) => s.status === 'closed', `the hard lock of ${code}`);
  }
  expect(await closingBalance('2019-02', '6200')).toBe(1300);
});

test('a close waiting on a blocker survives a worker restart and carries on where it stopped', async () => {
  expect((await accrue('2019-03-05', 80)).statusCode).toBe(201);
  const taskId = `pc-test-receipt-${process.pid}-${Date.now()}`;
  await query(
    close.orm.em.fork(),
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, status,
                             priority, form_kind, payload, created_at, updated_at)
     values (?, 'purchase-receipt:PO-PC-TEST', 'purchase-receipt', 'PO-PC-TEST', 'goods-receipt', 'Receive PO-PC-TEST',
             'clerk', 'claimed', 'normal', 'goods-receipt', '{}', '2019-03-28T15:00:00Z', now())`,
    [taskId],
  );
  expect((await send('POST', '/api/periods/2019-03/close/start', 'controller')).statusCode).toBe(201);
  const blocked = await closeState('2019-03', (s) => s.status === 'blocked', 'the blocked preconditions');
  expect(blocked.blockers.map((b) => b.ref)).toEqual([taskId]);
  // The query shows `blocked` before the step's projection activity has finished: a worker stopped while that activity
  // runs leaves it to its start-to-close timeout (5 minutes) before another worker retries it, and the close waits on it.
  // The restart under test is of a close waiting for its recheck, so it waits until the projection shows that.
  await eventually(
    async () => {
      const [row] = await query<{ current_step: string }>(
        close.orm.em.fork(),
        `select current_step from process_instance where workflow_id = 'period-close:2019-03:1'`,
      );
      return row?.current_step === 'preconditions-blocked' ? true : undefined;
    },
    60_000,
    'the blocked step in the process list',
  );

  // The worker goes away; a new one (no cached run: it rebuilds the close from its history) takes over.
  await close.restartWorker();

  await query(close.orm.em.fork(), `update human_task set status = 'cancelled' where id = ?`, [taskId]);
  expect((await send('POST', '/api/periods/2019-03/close/recheck', 'controller')).statusCode).toBe(202);
  const awaiting = await closeState('2019-03', (s) => s.status === 'awaiting-approval', 'the approval step');
  expect(awaiting.steps.filter((s) => s.status === 'done').map((s) => s.step)).toEqual([
    'soft-lock',
    'preconditions',
    'reconciliations',
    'absorption',
    'variance-report',
    'year-end',
    'closing-balances',
    'proof',
  ]);
  expect((await completeTask(awaiting.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  await closeState('2019-03', (s) => s.status === 'closed', 'the hard lock');
  const softLocks = await query<{ n: string }>(
    close.orm.em.fork(),
    `select count(*) as n from audit_log where action = 'period.soft-locked' and entity_id = '2019-03'`,
  );
  expect(num(softLocks[0]?.n)).toBe(1);
});

test("a line posted around a subledger in a later month does not stop an earlier month's close; the later month's does", async () => {
  // April and May exist (an accrual each); then a line around the inventory subledger is dated in May.
  expect((await accrue('2019-04-08', 30)).statusCode).toBe(201);
  expect((await accrue('2019-05-08', 40)).statusCode).toBe(201);
  const em = close.orm.em.fork();
  const [entry] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values ('2019-05-20T12:00:00Z', '2019-05', 'test', 'ROGUE-MAY', 'around the subledger', ?, 'tester', now())
     returning id`,
    [`pc-test:ROGUE-MAY:${process.pid}:${Date.now()}`],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '1300', 67.89, 0), (?, '3000', 0, 67.89)`,
    [entry!.id, entry!.id],
  );

  // April's books up to its end agree: the May line is May's difference, not April's.
  expect((await send('POST', '/api/periods/2019-04/close/start', 'controller')).statusCode).toBe(201);
  const april = await closeState('2019-04', (s) => s.status === 'awaiting-approval', 'the approval of 2019-04');
  expect(april.reconciliations.map((r) => [r.name, r.difference, r.reconciled])).toEqual([
    ['inventory', 0, true],
    ['grni', 0, true],
    ['wip', 0, true],
    ['subcontract-fees', 0, true],
    ['receivables', 0, true],
  ]);
  expect((await completeTask(april.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  await closeState('2019-04', (s) => s.status === 'closed', 'the hard lock of 2019-04');

  // May's close stops at the inventory reconciliation and names the line.
  expect((await send('POST', '/api/periods/2019-05/close/start', 'controller')).statusCode).toBe(201);
  const may = await closeState(
    '2019-05',
    (s) => s.status === 'blocked' && s.currentStep === 'reconciliations',
    'the stopped reconciliation of 2019-05',
  );
  expect(may.reconciliations.filter((r) => !r.reconciled)).toEqual([
    expect.objectContaining({
      name: 'inventory',
      difference: -67.89,
      suspectEntries: [{ entryId: num(entry!.id), sourceType: 'test', sourceRef: 'ROGUE-MAY', amount: 67.89 }],
    }),
  ]);
  const abandoned = await send('POST', '/api/periods/2019-05/close/abandon', 'controller', { reason: 'stray line' });
  expect(abandoned.json()).toMatchObject({ periodStatus: 'open', state: { status: 'abandoned' } });
  // The stray line reversed the same way, so May can close (next test).
  const [reversal] = await query<{ id: number }>(
    em,
    `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key,
                                created_by, created_at)
     values ('2019-05-21T12:00:00Z', '2019-05', 'test', 'ROGUE-MAY-REVERSAL', 'reversal', ?, 'tester', now())
     returning id`,
    [`pc-test:ROGUE-MAY-REVERSAL:${process.pid}:${Date.now()}`],
  );
  await query(
    em,
    `insert into journal_line (entry_id, account_code, debit, credit) values (?, '3000', 67.89, 0), (?, '1300', 0, 67.89)`,
    [reversal!.id, reversal!.id],
  );
});

test('an adjustment posted into the month after its proof stops the hard lock; closed again, the balances cover it', async () => {
  expect((await send('POST', '/api/periods/2019-05/close/start', 'controller')).json()).toMatchObject({ attempt: 2 });
  const awaiting = await closeState('2019-05', (s) => s.status === 'awaiting-approval', 'the approval of 2019-05');
  expect(awaiting.proof?.holds).toBe(true);
  expect(await closingBalance('2019-05', '6200')).toBe(1300 + 80 + 30 + 40);
  // A controller's adjustment lands in the soft-locked month (audited), after the balances were stored and proved.
  const adjustment = await send('POST', '/api/journal-entries', 'controller', {
    entryDate: '2019-05-30',
    reference: `PC-${process.pid}-${++counter}`,
    reason: 'payroll true-up',
    adjustment: true,
    lines: [
      { account: '6200', debit: 15, memo: 'direct labour' },
      { account: '2400', credit: 15, memo: 'accrued payroll' },
    ],
  });
  expect(adjustment.statusCode).toBe(201);
  expect((await completeTask(awaiting.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  const stopped = await closeState(
    '2019-05',
    (s) => s.status === 'blocked' && s.currentStep === 'hard-lock',
    'the stopped hard lock of 2019-05',
  );
  expect(stopped.steps.find((s) => s.step === 'hard-lock')?.problems).toEqual([
    expect.stringMatching(/posted after its closing balances were stored.*2400 \(proved -40\.00, now -55\.00\).*6200/),
  ]);
  expect((await status('2019-05')).periodStatus).toBe('soft-locked');
  const abandoned = await send('POST', '/api/periods/2019-05/close/abandon', 'controller', { reason: 'true-up' });
  expect(abandoned.json()).toMatchObject({ periodStatus: 'open', state: { status: 'abandoned' } });
  close.record('hard-lock-stale-then-abandoned', 'period-close:2019-05:2');

  expect((await send('POST', '/api/periods/2019-05/close/start', 'controller')).json()).toMatchObject({ attempt: 3 });
  const again = await closeState('2019-05', (s) => s.status === 'awaiting-approval', 'the approval of attempt 3');
  expect((await completeTask(again.approvalTaskId!, 'controller2', { decision: 'approve' })).statusCode).toBe(200);
  await closeState('2019-05', (s) => s.status === 'closed', 'the hard lock of 2019-05');
  expect(await closingBalance('2019-05', '6200')).toBe(1300 + 80 + 30 + 40 + 15);
});

test('the proof fails when the stored balances do not chain or balance, and names the account', async () => {
  const activities = createPeriodCloseActivities({ orm: close.books.orm });
  const prove = () => activities.proveCloseBooks({ periodCode: '2019-05', workflowId: 'period-close:2019-05:3' });
  expect(await prove()).toMatchObject({ holds: true, chainBreaks: [], reconciliationsFailing: [] });
  const em = close.orm.em.fork();
  // One stored closing balance altered by a cent, as a close that reported success without storing what the
  // ledger holds would leave it.
  await query(
    em,
    `update period_closing_balance set debit = debit + 0.01 where period_code = '2019-05' and account_code = '6200'`,
  );
  try {
    const broken = await prove();
    expect(broken).toMatchObject({ holds: false, chainBreaks: ['6200'] });
    expect(broken.problems).toEqual([
      expect.stringContaining('closing debits'),
      expect.stringMatching(/do not chain from the previous period: 6200$/),
    ]);
  } finally {
    await query(
      em,
      `update period_closing_balance set debit = debit - 0.01 where period_code = '2019-05' and account_code = '6200'`,
    );
  }
  expect((await prove()).holds).toBe(true);
});
