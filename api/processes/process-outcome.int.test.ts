import { Migration20261201152000_process_outcome } from '../../db/migrations/Migration20261201152000_process_outcome';
import { query } from '../../db/sql';
import { eventually, login, useTestApp } from '../../test/support/int-env';
import { orderDriver, pickAll } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

const t = useTestApp();
const clerk = t.headers('clerk');
let serial = 0;
const sku = (name: string) => `OUTCOME-${name}-${process.pid}-${++serial}`;

/** The instance's projected status once it is no longer running. */
async function endedAs(workflowId: string): Promise<string> {
  return eventually(
    async () => {
      const detail = await orderDriver(t.app, clerk).detail(workflowId);
      const status = detail.instance?.status;
      return status && status !== 'running' && status !== 'pending' ? status : undefined;
    },
    90_000,
    `instance ${workflowId} to end`,
  );
}

/** The business keys the process list returns for a status filter (and a key, to keep other tests' rows out). */
async function listed(status: string, businessKey: string): Promise<string[]> {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/processes?status=${status}&businessKey=${encodeURIComponent(businessKey)}`,
    headers: clerk,
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Array<{ businessKey: string }> }>().items.map((item) => item.businessKey);
}

describe('a process instance says how it ended', () => {
  test('a short pick with nothing elsewhere keeps its empty decision; a cancelled order ends "cancelled"', async () => {
    const driver = orderDriver(t.app, clerk);
    const item = await itemWithStock(t.orm, sku('SHORT'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 5 }]);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: item, quantity: 4 }]);
    const pick = await driver.task(workflowId, 'pick');
    const short = await driver.complete(pick.id, { picks: [{ ...pickAll(pick)[0], quantity: 1 }] });
    expect(short.statusCode).toBe(200);

    // Round 2 decided the missing 3 and found nothing (the 1 picked goes to packing): that decision is in the
    // record the console reads.
    const packing = await driver.step(workflowId, 'awaiting-pack');
    const rounds = packing.allocations.map((a) => ({ round: a.round, lineNo: a.lineNo, picked: a.picks.length }));
    expect(rounds).toEqual([
      { round: 1, lineNo: 1, picked: 1 },
      { round: 2, lineNo: 1, picked: 0 },
    ]);
    const [first, second] = packing.allocations;
    expect(second?.reason?.decisionId).toEqual(expect.any(Number));
    expect(second?.reason?.decisionId).not.toBe(first?.reason?.decisionId);

    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'customer withdrew' },
    });
    expect(cancel.statusCode).toBe(200);
    expect(await endedAs(workflowId)).toBe('cancelled');
    expect(await listed('cancelled', orderNumber)).toEqual([orderNumber]);
    expect(await listed('completed', orderNumber)).toEqual([]);
  });

  test('a credit approval shows the order; a rejection needs its reason and ends "rejected"', async () => {
    const driver = orderDriver(t.app, clerk);
    const controller = await login(t.app, 'controller');
    const item = await itemWithStock(t.orm, sku('CREDIT'), [{ location: 'MAIN-B01', lot: `${serial}-A`, quantity: 9 }]);
    // Grid Electrical has an overdue invoice in the demo data: the credit rules hold its orders.
    const { orderNumber, workflowId } = await driver.place('C-GRID', [{ itemSku: item, quantity: 3 }]);
    const approval = await driver.task(workflowId, 'credit-approval', controller);

    const order = await t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}`, headers: controller });
    expect(order.statusCode).toBe(200);
    expect(order.json()).toMatchObject({
      customerCode: 'C-GRID',
      customerName: 'Grid Electrical',
      status: 'credit-hold',
      value: 30,
      lines: [{ lineNo: 1, itemSku: item, quantity: 3, unitPrice: 10, value: 30 }],
    });

    for (const payload of [{ decision: 'reject' }, { decision: 'reject', comment: '  \n ' }]) {
      const refused = await driver.complete(approval.id, payload, controller);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'TASK_PAYLOAD_INVALID', field: 'payload.comment' });
    }
    const rejected = await driver.complete(
      approval.id,
      { decision: 'reject', comment: 'overdue since May' },
      controller,
    );
    expect(rejected.statusCode).toBe(200);
    expect(await endedAs(workflowId)).toBe('rejected');
    expect(await listed('rejected', orderNumber)).toEqual([orderNumber]);
    const state = (await driver.detail(workflowId)).state;
    expect(state?.credit?.resolution).toEqual({ outcome: 'rejected', by: 'controller', comment: 'overdue since May' });
  });

  test('the migration corrects instances recorded "completed" that were cancelled or credit-rejected', async () => {
    const em = t.orm.em.fork();
    const key = `OUTCOME-OLD-${process.pid}`;
    const rows: Array<[string, string, string]> = [
      [`${key}-cancelled`, 'order-fulfillment', 'cancelled'],
      [`${key}-rejected`, 'order-fulfillment', 'credit-rejected'],
      [`${key}-shipped`, 'order-fulfillment', 'completed'],
      [`${key}-receipt`, 'purchase-receipt', 'completed'],
    ];
    for (const [id, type, step] of rows) {
      await query(
        em,
        `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step,
                                       started_at, updated_at, closed_at)
         values (?, 'run', ?, ?, 'completed', ?, now(), now(), now())`,
        [id, type, id, step],
      );
    }
    const migration = new Migration20261201152000_process_outcome(t.orm.em.getDriver(), t.orm.config);
    await migration.up();
    for (const sql of migration.getQueries()) await em.execute(String(sql));
    const after = await query<{ workflow_id: string; status: string }>(
      em,
      `select workflow_id, status from process_instance where workflow_id like ? order by workflow_id`,
      [`${key}-%`],
    );
    expect(after.map((row) => [row.workflow_id.slice(key.length + 1), row.status])).toEqual([
      ['cancelled', 'cancelled'],
      ['receipt', 'completed'],
      ['rejected', 'rejected'],
      ['shipped', 'completed'],
    ]);
  });
});
