import { query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, orderDriver, packAll, SHIP, type TaskView } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';
import {
  getWaveStateQuery,
  pickWaveWorkflowId,
  type PickWaveState,
  type WaveStop,
} from '../../workflows/pick-wave/pick-wave.contract';

jest.setTimeout(240_000);

const t = useTestApp({ histories: 'pick-wave' });
const clerk = t.headers('clerk');
const supervisor = t.headers('supervisor');
const suffix = `${process.pid}${Date.now() % 100_000}`;

/** Two zones of our own in a warehouse with a dock: A walks B2 (10) before B1 (30); B holds B3. */
async function binsAndItems() {
  const em = t.orm.em.fork();
  const [warehouse] = await query<{ id: number }>(
    em,
    `select w.id from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
      where not w.virtual and w.active order by w.id limit 1`,
  );
  const zones: Record<string, number> = {};
  for (const zone of ['A', 'B']) {
    const [row] = await query<{ id: number }>(
      em,
      `insert into zone (warehouse_id, code, name) values (?, ?, ?) returning id`,
      [warehouse!.id, `W${zone}${suffix}`.slice(0, 20), `Wave zone ${zone}`],
    );
    zones[zone] = row!.id;
  }
  const bin = (name: string) => `WV${suffix}-${name}`;
  const layout: Array<[string, string, number]> = [
    ['B1', 'A', 30],
    ['B2', 'A', 10],
    ['B3', 'B', 5],
  ];
  for (const [name, zone, sequence] of layout) {
    await query(
      em,
      `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', ?)`,
      [bin(name), warehouse!.id, zones[zone], sequence],
    );
  }
  const item = async (name: string, location: string) =>
    itemWithStock(t.orm, `WV${suffix}-${name}`, [{ location, lot: `L${name}${suffix}`, quantity: 10 }]);
  return { bin, x: await item('X', bin('B1')), y: await item('Y', bin('B2')), z: await item('Z', bin('B3')) };
}

async function balance(sku: string) {
  const [row] = await query<{ quantity: number; reserved: number }>(
    t.orm.em.fork(),
    `select coalesce(sum(b.quantity), 0)::float as quantity, coalesce(sum(b.reserved_quantity), 0)::float as reserved
       from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
      where i.sku = ? and l.type = 'storage'`,
    [sku],
  );
  return row;
}

async function waveTask(waveWorkflowId: string, taskType: string, title: string): Promise<TaskView> {
  return eventually(
    async () => {
      const rows = await query<TaskView & { title: string }>(
        t.orm.em.fork(),
        `select id, task_type as "taskType", status, payload, title from human_task
        where workflow_id = ? and task_type = ? and status = 'open'`,
        [waveWorkflowId, taskType],
      );
      return rows.find((row) => row.title.includes(title));
    },
    60_000,
    `the ${taskType} task ${title}`,
  );
}

describe('a pick wave on real Temporal + PostgreSQL', () => {
  test('three orders share one path visiting each bin once, the sort puts each quantity to its order, a cancelled order gets its stock back and the others ship', async () => {
    const { bin, x, y, z } = await binsAndItems();
    const driver = orderDriver(t.app, clerk);
    const one = await driver.place('C-BOLT', [
      { itemSku: x, quantity: 2 },
      { itemSku: y, quantity: 1 },
    ]);
    const two = await driver.place('C-BOLT', [
      { itemSku: x, quantity: 3 },
      { itemSku: z, quantity: 2 },
    ]);
    const three = await driver.place('C-BOLT', [
      { itemSku: y, quantity: 2 },
      { itemSku: z, quantity: 1 },
    ]);
    const orders = [one, two, three];
    const ownPicks = await Promise.all(orders.map((o) => driver.task(o.workflowId, 'pick')));

    // The supervisor asks for waves: the wave rules decide per order (stored); the supervisor then releases all three.
    const cutoffAt = new Date(Date.now() + 5 * 3_600_000).toISOString();
    const planOrders = orders.map((o) => ({ orderNumber: o.orderNumber, carrier: `DHL-${suffix}`, cutoffAt }));
    const plan = await t.app.inject({
      method: 'POST',
      url: '/api/waves/plan',
      headers: supervisor,
      payload: { orders: planOrders },
    });
    expect([plan.statusCode, plan.statusCode === 200 ? '' : plan.body]).toEqual([200, '']);
    const proposal = plan.json<{
      waves: Array<{ orderNumbers: string[]; zones: string[]; release: { action: string }; decisionIds: number[] }>;
    }>();
    // The default policy groups by cut-off and zone set: order one picks in zone A only, two and three in A and B.
    expect(proposal.waves.map((w) => [w.orderNumbers, w.release.action])).toEqual([
      [[one.orderNumber], 'hold'],
      [[two.orderNumber, three.orderNumber], 'hold'],
    ]);
    expect(
      await countRows(t.orm, `select count(*) as n from rule_decision where rule_set_type = 'wave' and id in (?)`, [
        proposal.waves.flatMap((w) => w.decisionIds),
      ]),
    ).toBe(3);
    const notReleased = await t.app.inject({
      method: 'POST',
      url: '/api/waves/plan',
      headers: supervisor,
      payload: { orders: [{ ...planOrders[0]!, orderNumber: 'NO-SUCH-ORDER' }] },
    });
    expect(notReleased.statusCode).toBe(400);
    expect(notReleased.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'orders[0].orderNumber' });

    const waveId = `W${suffix}`;
    const waveWorkflowId = pickWaveWorkflowId(waveId);
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/waves',
      headers: supervisor,
      payload: { waveId, orderNumbers: [one.orderNumber, one.orderNumber] },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.code).toBe('VALIDATION_FAILED');
    const release = { waveId, orderNumbers: orders.map((o) => o.orderNumber), pickSlaMinutes: 60 };
    const asClerk = await t.app.inject({ method: 'POST', url: '/api/waves', headers: clerk, payload: release });
    expect(asClerk.statusCode).toBe(403);
    const released = await t.app.inject({ method: 'POST', url: '/api/waves', headers: supervisor, payload: release });
    expect(released.statusCode).toBe(202);
    expect(released.json()).toMatchObject({ waveId, workflowId: waveWorkflowId });
    const again = await t.app.inject({ method: 'POST', url: '/api/waves', headers: supervisor, payload: release });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DUPLICATE');
    expect((await t.app.inject({ method: 'GET', url: '/api/waves/NO-SUCH-WAVE', headers: clerk })).statusCode).toBe(
      404,
    );
    const wave = t.temporal.workflow.getHandle(waveWorkflowId);
    const planned = await eventually(
      async () => {
        const state = await wave.query(getWaveStateQuery);
        return state.step === 'picking' ? state : undefined;
      },
      60_000,
      'the wave at picking',
    );

    // Every order joined with its own allocation; its own pick task was withdrawn.
    expect(planned.orders.map((o) => o.status)).toEqual(['joined', 'joined', 'joined']);
    for (const task of ownPicks) {
      const [row] = await query<{ status: string }>(t.orm.em.fork(), 'select status from human_task where id = ?', [
        task.id,
      ]);
      expect(row?.status).not.toBe('open');
    }
    // One path per zone, walking order, each bin once for all orders (hand-computed).
    const codes = (stops: WaveStop[]) => stops.map((stop) => stop.locationCode);
    expect(planned.paths.map((p) => codes(p.stops))).toEqual([[bin('B2'), bin('B1')], [bin('B3')]]);
    expect(planned.visits).toEqual({ wave: 3, separate: 6 });
    const stopAt = (code: string) => planned.paths.flatMap((p) => p.stops).find((s) => s.locationCode === code)!;
    expect(stopAt(bin('B1')).items).toEqual([
      expect.objectContaining({
        itemSku: x,
        quantity: 5,
        orders: [
          { orderNumber: one.orderNumber, lineNo: 1, quantity: 2 },
          { orderNumber: two.orderNumber, lineNo: 1, quantity: 3 },
        ],
      }),
    ]);

    // Order two is cancelled mid-wave: it leaves the wave and its reservations go back.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${two.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'customer cancelled during the wave' },
    });
    expect(cancelled.statusCode).toBe(200);
    await instanceCompleted(t.orm, two.workflowId, 60_000, 'order two cancelled', 'cancelled');
    await eventually(
      async () => {
        const state = await wave.query(getWaveStateQuery);
        return state.orders[1]?.status === 'left' ? true : undefined;
      },
      60_000,
      'order two out of the wave',
    );
    expect(
      await countRows(t.orm, `select count(*) as n from reservation where owner_workflow_id = ? and state = 'active'`, [
        two.workflowId,
      ]),
    ).toBe(0);
    expect(await balance(x)).toEqual({ quantity: 10, reserved: 2 });
    expect(await balance(z)).toEqual({ quantity: 10, reserved: 1 });

    // The zone pickers take everything on their paths (order two's share goes back at the sort).
    for (const path of planned.paths) {
      const task = await waveTask(waveWorkflowId, 'wave-pick', `zone ${path.zoneCode}`);
      const picked = path.stops.flatMap((stop) =>
        stop.items.map((item) => ({
          locationCode: stop.locationCode,
          itemSku: item.itemSku,
          lotCode: item.lotCode,
          quantity: item.quantity,
        })),
      );
      const over = await driver.complete(task.id, { picked: [{ ...picked[0]!, quantity: 99 }] });
      expect(over.statusCode).toBe(400);
      expect((await driver.complete(task.id, { picked })).statusCode).toBe(200);
    }

    const sort = await waveTask(waveWorkflowId, 'wave-sort', 'Sort');
    const proposed = sort.payload.proposed as Array<{ orderNumber: string; lineNo: number; quantity: number }>;
    expect(proposed.map((p) => [p.orderNumber, p.lineNo, p.quantity])).toEqual([
      [one.orderNumber, 1, 2],
      [one.orderNumber, 2, 1],
      [three.orderNumber, 1, 2],
      [three.orderNumber, 2, 1],
    ]);
    const toLeft = await driver.complete(sort.id, { puts: [{ ...proposed[0]!, orderNumber: two.orderNumber }] });
    expect(toLeft.statusCode).toBe(400);
    expect((await driver.complete(sort.id, { puts: proposed })).statusCode).toBe(200);

    const done = (await wave.result()) as PickWaveState;
    expect(done.step).toBe('completed');
    expect(done.orders.map((o) => o.status)).toEqual(['released', 'left', 'released']);

    // Each order confirms its puts as its pick, then packs and ships as without a wave.
    for (const order of [one, three]) {
      const pack = await driver.task(order.workflowId, 'pack');
      expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
      const ship = await driver.task(order.workflowId, 'ship');
      await driver.packCheck(ship);
      expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
      await instanceCompleted(t.orm, order.workflowId, 60_000, `${order.orderNumber} shipped`);
    }
    const shipped = async (orderNumber: string) =>
      query<{ sku: string; quantity: number }>(
        t.orm.em.fork(),
        `select i.sku, sum(m.quantity)::float as quantity from stock_move m join item i on i.id = m.item_id
          where m.document_ref = ? and m.move_type = 'shipment' group by i.sku order by i.sku`,
        [orderNumber],
      );
    expect(await shipped(one.orderNumber)).toEqual([
      { sku: x, quantity: 2 },
      { sku: y, quantity: 1 },
    ]);
    expect(await shipped(three.orderNumber)).toEqual([
      { sku: y, quantity: 2 },
      { sku: z, quantity: 1 },
    ]);
    expect(await shipped(two.orderNumber)).toEqual([]);
    expect(await balance(x)).toEqual({ quantity: 8, reserved: 0 });
    expect(await balance(y)).toEqual({ quantity: 7, reserved: 0 });
    expect(await balance(z)).toEqual({ quantity: 9, reserved: 0 });

    t.record('three-orders-one-cancelled', waveWorkflowId);
    t.record('order-shipped-from-wave', one.workflowId);
    t.record('order-cancelled-in-wave', two.workflowId);
  });
});
