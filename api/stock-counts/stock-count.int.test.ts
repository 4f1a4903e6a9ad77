import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { booksOf, instanceCompleted, openFormTask, orderDriver, pickAll } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

const t = useTestApp({ histories: 'stock-count' });
const clerk = t.headers('clerk');
const secondClerk = t.headers('supervisor');
const controller = t.headers('controller');
let serial = 0;
const sku = (name: string) => `COUNT-${name}-${process.pid}-${++serial}`;

type Task = { id: string; payload: Record<string, unknown> };
const openTask = (workflowId: string, formKind: string, as = clerk) =>
  openFormTask<Task>(t.app, as, workflowId, formKind, 90_000);
const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

/** The count a short pick queued for an order (through the outbox, in the pick's transaction). */
async function countFor(orderNumber: string) {
  return eventually(
    async () => {
      const [row] = await query<{ count_number: string; workflow_id: string }>(
        t.orm.em.fork(),
        `select count_number, workflow_id from stock_count where source_ref = ?`,
        [orderNumber],
      );
      return row ? { countNumber: String(row.count_number), workflowId: String(row.workflow_id) } : undefined;
    },
    60_000,
    'the count a short pick queues',
  );
}

/** Debits and credits the count's journal entries booked, by account. */
async function countPostings(countNumber: string) {
  const rows = await query<{ account_code: string; debit: string; credit: string }>(
    t.orm.em.fork(),
    `select jl.account_code, sum(jl.debit) as debit, sum(jl.credit) as credit
       from journal_entry je join journal_line jl on jl.entry_id = je.id
      where je.source_type = 'stock-count' and je.source_ref like ?
      group by jl.account_code order by jl.account_code`,
    [`${countNumber}%`],
  );
  return rows.map((r) => ({ account: String(r.account_code), debit: num(r.debit), credit: num(r.credit) }));
}

describe('stock counts on real Temporal + PostgreSQL', () => {
  test('short pick -> blind count -> recount by a second clerk -> approval -> posting -> the bin allocatable again', async () => {
    const driver = orderDriver(t.app, clerk);
    const item = await itemWithStock(t.orm, sku('SHORT'), [{ location: 'MAIN-B01', lot: `L${serial}`, quantity: 100 }]);
    const { orderNumber, workflowId: orderWorkflow } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 60 }]);
    const pick = await driver.task(orderWorkflow, 'pick');
    // Only 10 were found: the other 90 the books show in the bin are blocked and a count of the bin is queued.
    expect((await driver.complete(pick.id, { picks: [{ ...pickAll(pick)[0], quantity: 10 }] })).statusCode).toBe(200);
    const { countNumber, workflowId } = await countFor(orderNumber);

    const countTask = await openTask(workflowId, 'stock-count');
    // Blind: the task says what to count, never how much the books show.
    // (Keys and numbers only: the test's own item and lot names may contain "90".)
    expect(JSON.stringify(countTask.payload)).not.toMatch(/book|expected|system|:90[,}]/i);
    expect(Object.keys((countTask.payload.lines as Array<object>)[0]!).sort()).toEqual([
      'itemName',
      'itemSku',
      'lineNo',
      'lotCode',
      'uom',
    ]);
    expect(countTask.payload).toMatchObject({ locationCode: 'MAIN-B01', lines: [{ lineNo: 1, itemSku: item }] });
    expect((await complete(countTask.id, { lines: [{ lineNo: 1, quantity: 20 }] })).statusCode).toBe(200);

    // 70 missing is beyond the tolerance (0): a recount, which the first clerk may not make.
    const recount = await openTask(workflowId, 'stock-count');
    expect(recount.id).not.toBe(countTask.id);
    const same = await complete(recount.id, { lines: [{ lineNo: 1, quantity: 20 }] });
    expect(same.statusCode).toBe(400);
    expect(same.json().error).toMatchObject({ code: 'TASK_PAYLOAD_INVALID', field: 'completedBy' });
    expect((await complete(recount.id, { lines: [{ lineNo: 1, quantity: 20 }] }, secondClerk)).statusCode).toBe(200);

    // 70 x 4.00 = 280 is above the approval threshold (100): a controller approves before anything posts.
    const approval = await openTask(workflowId, 'stock-count-approval', controller);
    expect(approval.payload).toMatchObject({
      absValue: 280,
      differences: [{ expected: 90, counted: 20, difference: -70 }],
    });
    expect(await countPostings(countNumber)).toEqual([]);
    expect((await complete(approval.id, { decision: 'approve' }, controller)).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 90_000);

    // The loss at FIFO cost: Dr 5100 / Cr 1300 280.00; the block lifted, the bin holds what was counted.
    expect(await countPostings(countNumber)).toEqual([
      { account: '1300', debit: 0, credit: 280 },
      { account: '5100', debit: 280, credit: 0 },
    ]);
    const books = await booksOf(t.orm, item);
    expect(books.balances.filter((b) => b.location === 'MAIN-B01')).toEqual([
      { location: 'MAIN-B01', lot: `L${serial}`, status: 'available', quantity: 20, reserved: expect.any(Number) },
    ]);
    const detail = await t.app.inject({ method: 'GET', url: `/api/stock-counts/${countNumber}`, headers: clerk });
    expect(detail.json()).toMatchObject({
      status: 'posted',
      reason: 'short-pick',
      differenceValue: -280,
      lines: [
        { bookQuantity: 90, countedQuantity: 20, countedBy: 'clerk', recountBy: 'supervisor', differenceQuantity: -70 },
      ],
    });

    // Allocatable again: a new order for the item is picked from MAIN-B01.
    const next = await driver.place('C-BOLT', [{ itemSku: item, quantity: 5 }]);
    const nextPick = await driver.task(next.workflowId, 'pick');
    expect(pickAll(nextPick)[0]).toMatchObject({ locationCode: 'MAIN-B01', quantity: 5 });
    t.record('short-pick-recount-approval', workflowId);
  });

  test('a count by hand: the counted stock is not allocated meanwhile, a second count of the bin is refused, a gain posts at the last receipt cost', async () => {
    const driver = orderDriver(t.app, clerk);
    const item = await itemWithStock(t.orm, sku('GAIN'), [{ location: 'MAIN-B03', lot: `G${serial}`, quantity: 8 }]);
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/stock-counts',
      headers: { ...clerk, 'idempotency-key': `count-${item}` },
      payload: { locationCode: 'MAIN-B03', itemSku: item },
    });
    expect(started.statusCode).toBe(201);
    const { countNumber, workflowId } = started.json<{ countNumber: string; workflowId: string }>();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/stock-counts',
      headers: { ...clerk, 'idempotency-key': `count-${item}` },
      payload: { locationCode: 'MAIN-B03', itemSku: item },
    });
    expect(again.json()).toEqual({ countNumber, workflowId });
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/stock-counts',
      headers: clerk,
      payload: { locationCode: 'MAIN-B03' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'DUPLICATE', field: 'locationCode' });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/stock-counts',
      headers: clerk,
      payload: { locationCode: 'NO-SUCH-BIN' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ field: 'locationCode' });
    expect(
      await query(
        t.orm.em.fork(),
        `select 1 from stock_count where requested_by = 'clerk' and location_id = (select id from location where code = 'NO-SUCH-BIN')`,
      ),
    ).toEqual([]);

    // While the bin is counted its stock is not promised: the order waits as a backorder.
    const order = await driver.place('C-BOLT', [{ itemSku: item, quantity: 2 }]);
    await eventually(
      async () => {
        const [row] = await query<{ status: string }>(
          t.orm.em.fork(),
          `select status from sales_order where order_number = ?`,
          [order.orderNumber],
        );
        return row?.status === 'backordered' ? true : undefined;
      },
      60_000,
      'the order backordered',
    );

    // The clerk finds 9: one more than the books; within no tolerance, so a recount by someone else confirms it.
    const countTask = await openTask(workflowId, 'stock-count');
    expect((await complete(countTask.id, { lines: [{ lineNo: 1, quantity: 9 }] })).statusCode).toBe(200);
    const recount = await openTask(workflowId, 'stock-count');
    expect((await complete(recount.id, { lines: [{ lineNo: 1, quantity: 9 }] }, secondClerk)).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 90_000);
    // The gain at the last receipt cost (4.00): Dr 1300 / Cr 5100, below the threshold, so no approval.
    expect(await countPostings(countNumber)).toEqual([
      { account: '1300', debit: 4, credit: 0 },
      { account: '5100', debit: 0, credit: 4 },
    ]);
    const list = await t.app.inject({ method: 'GET', url: `/api/stock-counts?q=${countNumber}`, headers: clerk });
    expect(list.json().items).toEqual([
      expect.objectContaining({ countNumber, status: 'posted', differenceQuantity: 1, differenceValue: 4 }),
    ]);
    t.record('manual-gain', workflowId);
  });
});
