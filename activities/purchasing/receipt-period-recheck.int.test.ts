import { query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';

jest.setTimeout(180_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'purchase-receipt' });
const clerk = t.headers('clerk');

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

async function tasksOf(workflowId: string): Promise<Task[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: clerk });
  return response.json<{ tasks?: Task[] }>().tasks ?? [];
}

const openTask = (workflowId: string, formKind: string) => openFormTask<Task>(t.app, clerk, workflowId, formKind);

const complete = (taskId: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

async function instanceStatus(workflowId: string): Promise<string | undefined> {
  const [row] = await rows<{ status: string }>('select status from process_instance where workflow_id = ?', [
    workflowId,
  ]);
  return row?.status;
}

/**
 * The month right after the latest closed one (or a month far back when none is closed): closing it moves the
 * books' bound without closing anything another test posts into. Its first day and a day inside it.
 */
async function nextClosableMonth(): Promise<{ code: string; firstDay: string; inside: string }> {
  const [row] = await rows<{ code: string }>(
    `select coalesce(to_char(max(ends_on) + 1, 'YYYY-MM'), '2021-01') as code
       from accounting_period where status = 'closed'`,
  );
  const code = row?.code ?? '2021-01';
  expect(code < '2025-01').toBe(true); // a far-back month: nothing the other tests post lies before it
  return { code, firstDay: `${code}-01`, inside: `${code}-15T10:00:00Z` };
}

describe('a receipt dated into a period closed after its task opened', () => {
  test('is refused naming payload.receivedAt, the task stays open, and a valid date finishes the receipt', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        warehouseCode: 'MAIN',
        lines: [{ itemSku: 'HW-001', quantity: 4, unitCost: 1 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const month = await nextClosableMonth();
    const task = await openTask(workflowId, 'goods-receipt');
    // The task opened with the month still open: its own validator would let a date in it through.
    expect(task.payload.receiptOpenFrom ?? null).toBe(month.code === '2021-01' ? null : month.firstDay);

    // A controller closes that month now (it had no row: created closed, removed again below).
    const inserted = await rows<{ code: string }>(
      `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
       values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'closed', now(), 'test')
       on conflict (code) do nothing returning code`,
      [month.code, month.code, month.code],
    );
    expect(inserted).toHaveLength(1);
    try {
      const lines = [{ lineNo: 1, quantity: 4 }];
      const refused = await complete(task.id, { receivedAt: month.inside, lines });
      expect([refused.statusCode, refused.json().error?.code, refused.json().error?.field]).toEqual([
        409,
        'PERIOD_CLOSED',
        'payload.receivedAt',
      ]);
      expect(refused.json().error?.message).toContain('closed period');
      // Nothing was posted, the receipt is still waiting for the clerk, and the same task is still open.
      const posted = await rows(`select 1 from stock_move where document_ref = ?`, [orderNumber]);
      expect(posted).toHaveLength(0);
      const description = await t.temporal.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(await instanceStatus(workflowId)).toBe('running');
      const stillOpen = (await tasksOf(workflowId)).filter((open) => open.status === 'open');
      expect(stillOpen.map((open) => open.id)).toEqual([task.id]);
      // The bound read on confirmation stays: the same date is now refused by the validator itself.
      const again = await complete(task.id, { receivedAt: month.inside, lines });
      expect([again.statusCode, again.json().error?.field]).toEqual([409, 'payload.receivedAt']);

      const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
      const done = await complete(task.id, { receivedAt, lines });
      expect(done.statusCode).toBe(200);
      const putaway = await openTask(workflowId, 'putaway');
      expect((await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B03' }] })).statusCode).toBe(200);
      await instanceCompleted(t.orm, workflowId);
      const moves = await rows<{ effective_at: string }>(
        `select effective_at from stock_move where document_ref = ? and move_type = 'receipt'`,
        [orderNumber],
      );
      expect(moves.map((move) => new Date(move.effective_at).toISOString())).toEqual([receivedAt]);
      t.record('dated-into-period-closed-meanwhile', workflowId);
    } finally {
      // Leave the books as the other tests found them.
      await rows(`delete from accounting_period where code = ? and status = 'closed'`, [month.code]);
    }
  });
  test('a posting the books still refuse for its period re-opens the receipt task with the reason, not a failed run', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        warehouseCode: 'MAIN',
        lines: [{ itemSku: 'HW-001', quantity: 2, unitCost: 1 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const task = await openTask(workflowId, 'goods-receipt');
    // The close lands where no confirmation looks: the current month, hit by a receipt left undated ("now").
    // Restored right after, so the window in which this run's books refuse today's postings stays this test's own.
    const [month] = await rows<{ code: string }>(`select to_char(now() at time zone 'UTC', 'YYYY-MM') as code`);
    const code = month?.code ?? '';
    const [before] = await rows<{ status: string }>('select status from accounting_period where code = ?', [code]);
    await rows(
      `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
       values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'closed', now(), 'test')
       on conflict (code) do update set status = 'closed'`,
      [code, code, code],
    );
    let restored = false;
    const restore = async () => {
      if (restored) return;
      restored = true;
      if (before) await rows('update accounting_period set status = ? where code = ?', [before.status, code]);
      else await rows('delete from accounting_period where code = ?', [code]);
    };
    try {
      const lines = [{ lineNo: 1, quantity: 2 }];
      expect((await complete(task.id, { lines })).statusCode).toBe(200);
      const again = await eventually(
        async () => (await tasksOf(workflowId)).find((open) => open.status === 'open' && open.id !== task.id),
        60_000,
        'the re-opened goods-receipt task',
      );
      await restore();
      expect(again).toMatchObject({ formKind: 'goods-receipt', id: `${workflowId}:receipt:2` });
      expect(again.payload.refusalField).toBe('payload.receivedAt');
      expect(String(again.payload.refusal)).toMatch(/^The books refused the receipt: Period \d{4}-\d{2} is closed/);
      expect((await t.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
      expect(await instanceStatus(workflowId)).toBe('running');
      expect(await rows('select 1 from stock_move where document_ref = ?', [orderNumber])).toHaveLength(0);

      expect((await complete(again.id, { lines })).statusCode).toBe(200);
      const putaway = await openTask(workflowId, 'putaway');
      expect((await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B03' }] })).statusCode).toBe(200);
      await instanceCompleted(t.orm, workflowId);
      t.record('posting-refused-reopens-receipt-task', workflowId);
    } finally {
      await restore();
    }
  });
});
