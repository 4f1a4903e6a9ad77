import { countRows, createTestApp, eventually, login, stockedItem, useTestApp } from '../../test/support/int-env';
import { orderDriver, packAll, pickAll, SHIP } from '../../test/support/order-driver';

jest.setTimeout(180_000);

const t = useTestApp();
const clerk = t.headers('clerk');

async function placeOrder(lines: Array<{ itemSku: string; quantity: number }>) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: clerk,
    payload: { customerCode: 'C-BOLT', lines },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ orderNumber: string; workflowId: string }>();
}

describe('order fulfillment through the API on real Temporal + PostgreSQL', () => {
  test('an order is reserved, picked by a clerk, shipped as stock moves and completes', async () => {
    const sku = await stockedItem(t.orm, 5);
    const { orderNumber, workflowId } = await placeOrder([{ itemSku: sku, quantity: 2 }]);
    const task = await orderDriver(t.app, clerk).task(workflowId, 'pick');

    const auditor = await login(t.app, 'auditor');
    const asAuditor = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: auditor,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(asAuditor.statusCode).toBe(403);
    const planner = await login(t.app, 'planner');
    const asPlanner = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: planner,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(asPlanner.statusCode).toBe(403);

    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: {} },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('payload.picks');
    const tooMuch = pickAll(task).map((pick) => ({ ...pick, quantity: pick.quantity + 100 }));
    const over = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: { picks: tooMuch } },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.code).toBe('TASK_PAYLOAD_INVALID');

    const done = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', completedBy: 'clerk' });

    const again = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(again.statusCode).toBe(409);

    const driver = orderDriver(t.app, clerk);
    const pack = await driver.task(workflowId, 'pack');
    expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
    const ship = await driver.task(workflowId, 'ship');
    await driver.packCheck(ship);
    expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);

    const detail = await eventually(
      async () => {
        const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: auditor });
        const body = response.json<{ instance: { status: string }; history: Array<{ summary: string }> }>();
        // The projection says completed a moment before Temporal records the workflow's completion event.
        const closed = body.history.some((event) => event.summary === 'Process completed');
        return body.instance.status === 'completed' && closed ? body : undefined;
      },
      60_000,
      'completion',
    );
    expect(detail.history.map((event) => event.summary)).toEqual(expect.arrayContaining(['Process completed']));
    expect(
      await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ? and move_type = 'shipment'`, [
        orderNumber,
      ]),
    ).toBe(1);
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from audit_log where entity_id = ? and action = 'task.completed' and actor = 'clerk'`,
        [task.id],
      ),
    ).toBe(1);
    expect(
      await countRows(t.orm, `select count(*) as n from reservation where owner_workflow_id = ? and state = 'active'`, [
        workflowId,
      ]),
    ).toBe(0);
    const order = await t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}`, headers: clerk });
    expect(order.json()).toMatchObject({ status: 'shipped', lines: [{ quantity: 2, shippedQuantity: 2 }] });
  });

  test('bad orders get a 400 naming the field and write nothing', async () => {
    const sku = await stockedItem(t.orm, 1);
    const before = await countRows(t.orm, 'select count(*) as n from sales_order');
    const cases: Array<[unknown, string]> = [
      [{ customerCode: 'C-BOLT', lines: [{ itemSku: 'NO-SUCH-ITEM', quantity: 1 }] }, 'lines[0].itemSku'],
      [
        {
          customerCode: 'C-BOLT',
          lines: [
            { itemSku: sku, quantity: 1 },
            { itemSku: sku, quantity: 0 },
          ],
        },
        'lines[1].quantity',
      ],
      [{ customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: -3 }] }, 'lines[0].quantity'],
      [{ customerCode: 'NOBODY', lines: [{ itemSku: sku, quantity: 1 }] }, 'customerCode'],
      [{ customerCode: 'C-BOLT', lines: [] }, 'lines'],
      [{ lines: [{ itemSku: sku, quantity: 1 }] }, 'customerCode'],
    ];
    for (const [payload, field] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: clerk,
        payload: payload as object,
      });
      expect({ field, status: response.statusCode, body: response.json().error.field }).toEqual({
        field,
        status: 400,
        body: field,
      });
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...clerk, 'content-type': 'application/json' },
      payload: '{"customerCode": "C-BOLT", "lines": [',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.field).toBe('body');
    expect(await countRows(t.orm, 'select count(*) as n from sales_order')).toBe(before);
  });

  test('routes enforce roles: no token is 401, an auditor cannot place orders', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/processes' });
    expect(anonymous.statusCode).toBe(401);
    const auditor = await login(t.app, 'auditor');
    const sku = await stockedItem(t.orm, 1);
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: auditor,
      payload: { customerCode: 'C-BOLT', lines: [{ itemSku: sku, quantity: 1 }] },
    });
    expect(order.statusCode).toBe(403);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/processes?processType=order-fulfillment',
      headers: auditor,
    });
    expect(list.statusCode).toBe(200);
  });

  test('a pick task that breaches its SLA escalates and still completes', async () => {
    const fast = await createTestApp({ pickTaskSlaMinutes: 0.02 }); // 1.2 s
    try {
      const sku = await stockedItem(t.orm, 1);
      const created = await fast.app.inject({
        method: 'POST',
        url: '/api/orders',
        headers: clerk,
        payload: { customerCode: 'C-ECO', lines: [{ itemSku: sku, quantity: 1 }] },
      });
      const { workflowId } = created.json<{ workflowId: string }>();
      const task = await orderDriver(t.app, clerk).task(workflowId, 'pick');
      const escalated = await eventually(
        async () => {
          const response = await fast.app.inject({ method: 'GET', url: `/api/tasks/${task.id}`, headers: clerk });
          const body = response.json<{ priority: string; escalatedAt: string | null }>();
          return body.escalatedAt ? body : undefined;
        },
        30_000,
        'escalation',
      );
      expect(['high', 'urgent']).toContain(escalated.priority);
      expect(
        await countRows(
          t.orm,
          `select count(*) as n from audit_log where entity_id = ? and action = 'task.sla-breached'`,
          [task.id],
        ),
      ).toBeGreaterThan(0);
      const done = await fast.app.inject({
        method: 'POST',
        url: `/api/tasks/${task.id}/complete`,
        headers: clerk,
        payload: { payload: { picks: pickAll(task) } },
      });
      expect(done.statusCode).toBe(200);
    } finally {
      await fast.close();
    }
  });
});
