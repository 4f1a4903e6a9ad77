import { createActivities } from '../../activities';
import { query } from '../../db/sql';
import { recordWaveOrders } from '../../db/waves/waiting-orders';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, orderDriver } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';
import { companyClockIn, zoneOfItsOwn } from '../../test/support/waves';
import { pickWaveWorkflowId, type PickWaveState } from '../../workflows/pick-wave/pick-wave.contract';

jest.setTimeout(240_000);

/**
 * Issue 20: which orders wait for a wave is one rule for the board's list and the scheduled release, and an order a
 * wave is taking (a scheduled run's or a board release's, recorded in scheduled_wave_order) is on neither until that
 * wave has invited it; a wave's progress shows the pick-face replenishment it waits for, until booked.
 */
// Declared before useTestApp: Jest runs afterAll hooks in declaration order, and this one needs the app.
afterAll(async () => {
  for (const orderNumber of placed) {
    await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'wave claims test done' },
    });
  }
});

const t = useTestApp();
const clerk = t.headers('clerk');
const supervisor = t.headers('supervisor');
const suffix = `${process.pid}${Date.now() % 100_000}`;
const zone = `WK${suffix}`.slice(0, 20);
const bin = (name: string) => `WK${suffix}-${name}`;
const placed: string[] = [];
let warehouseCode = '';
let faceItem = '';
let plainItem = '';

const sql = <T extends object>(text: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), text, params);
const get = (url: string, headers = supervisor) => t.app.inject({ method: 'GET', url, headers });
const release = (payload: object) => t.app.inject({ method: 'POST', url: '/api/waves', headers: supervisor, payload });
const waitingTotal = async (orderNumber: string) =>
  (await get(`/api/waves/waiting-orders?q=${orderNumber}`)).json<{ total: number }>().total;

/** One zone of its own: pick face F of the face item (6, the oldest lot) with reserve R (20), and bin G of another. */
beforeAll(async () => {
  const own = await zoneOfItsOwn(t.orm, zone, 'Wave claims zone');
  warehouseCode = own.warehouseCode;
  for (const [name, sequence] of [
    ['F', 10],
    ['G', 20],
    ['R', 30],
  ] as const) {
    await sql(
      `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', ?)`,
      [bin(name), own.warehouseId, own.zoneId, sequence],
    );
  }
  const expires = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  faceItem = await itemWithStock(t.orm, `WK${suffix}-X`, [
    { location: bin('F'), lot: `WKA${suffix}`, quantity: 6, expiresOn: expires(100) },
    { location: bin('R'), lot: `WKB${suffix}`, quantity: 20, expiresOn: expires(200) },
  ]);
  plainItem = await itemWithStock(t.orm, `WK${suffix}-Y`, [{ location: bin('G'), lot: `WKY${suffix}`, quantity: 10 }]);
});

describe('orders a wave is taking, on real Temporal + PostgreSQL', () => {
  test("a wave's progress shows the pick-face replenishment it waits for, open and then booked", async () => {
    const face = { locationCode: bin('F'), itemSku: faceItem, minQuantity: 3, maxQuantity: 12 };
    const set = await t.app.inject({ method: 'PUT', url: '/api/pick-faces', headers: supervisor, payload: face });
    expect(set.statusCode).toBe(200);
    const driver = orderDriver(t.app, clerk);
    const order = await driver.place('C-BOLT', [{ itemSku: faceItem, quantity: 5 }]);
    placed.push(order.orderNumber);
    await driver.task(order.workflowId, 'pick');
    const waveId = `WKR${suffix}`;
    expect((await release({ waveId, orderNumbers: [order.orderNumber] })).statusCode).toBe(202);

    // The face holds 6, the wave takes 5: 1 left, below 3; filled to 12 with 6 from R. Zone waits for it.
    const progress = (until: (state: PickWaveState) => boolean, label: string) =>
      eventually(
        async () => {
          const response = await get(`/api/waves/${waveId}`, clerk);
          const state = response.statusCode === 200 ? response.json<PickWaveState>() : undefined;
          return state && until(state) ? state : undefined;
        },
        60_000,
        label,
      );
    const open = await progress((s) => s.replenishment?.status === 'open', 'the replenishment open in the progress');
    expect(open.replenishment).toMatchObject({ waitingZones: [zone], movedBy: null, moved: [] });
    const move = { fromLocation: bin('R'), toLocation: bin('F'), itemSku: faceItem, lotCode: `WKB${suffix}` };
    expect(open.replenishment?.faces).toEqual([
      expect.objectContaining({ ...face, onHand: 6, wavePicks: 5, projected: 1, wanted: 6, quantity: 6 }),
    ]);
    expect(open.replenishment?.faces[0]?.moves).toEqual([{ ...move, quantity: 6 }]);
    // The state is set before its task is projected: wait for the task, not the first read.
    const task = await eventually(
      async () =>
        (
          await sql<{ id: string; title: string }>(
            `select id, title from human_task where workflow_id = ? and task_type = 'wave-replenish' and status = 'open'`,
            [pickWaveWorkflowId(waveId)],
          )
        )[0],
      60_000,
      'the open replenishment task',
    );
    expect(task.title).toContain(`zones ${zone}`);

    expect((await driver.complete(task.id, { moved: [{ ...move, quantity: 6 }] })).statusCode).toBe(200);
    const booked = await progress(
      (s) => s.replenishment?.status === 'booked' && s.step === 'picking',
      'the replenishment booked and the wave picking',
    );
    expect(booked.replenishment).toMatchObject({ movedBy: 'clerk', moved: [{ ...move, quantity: 6 }] });
  });

  test('an order a board release or a scheduled run is taking is neither listed as waiting nor planned again', async () => {
    const driver = orderDriver(t.app, clerk);
    const order = await driver.place('C-BOLT', [{ itemSku: plainItem, quantity: 2 }]);
    placed.push(order.orderNumber);
    await driver.task(order.workflowId, 'pick');
    await eventually(async () => ((await waitingTotal(order.orderNumber)) === 1 ? true : undefined), 60_000, 'listed');
    const activities = createActivities({ orm: t.orm });
    // 45 minutes ahead: a cut-off the wave rules release a wave for at once.
    const cutoffTime = await companyClockIn(t.orm, 45);
    let fired = Date.now();
    const plan = () =>
      activities.planScheduledWaves({
        warehouseCode,
        zones: [zone],
        carrier: 'DHL',
        cutoffTime,
        pickSlaMinutes: 60,
        configuredBy: 'supervisor',
        scheduleWorkflowId: `wave-release:${warehouseCode}-claims`,
        firedAt: new Date((fired += 1000)).toISOString(),
      });
    const planned = (result: Awaited<ReturnType<typeof plan>>) =>
      [...result.released, ...result.held].flatMap((wave) => wave.orderNumbers);
    const age = (waveId: string) =>
      sql(`update scheduled_wave_order set created_at = now() - interval '61 minutes' where wave_id = ?`, [waveId]);
    const rowsOf = (waveId: string) =>
      countRows(t.orm, 'select count(*) as n from scheduled_wave_order where wave_id = ?', [waveId]);

    // A board release recorded its wave in the seconds before the wave is there: the order is taken.
    const boardWave = `WKB${suffix}`;
    const refused = await t.orm.em
      .fork()
      .transactional((em) =>
        recordWaveOrders(em, { waveId: boardWave, orderNumbers: [order.orderNumber], recordedBy: 'board:supervisor' }),
      );
    expect(refused).toBeNull();
    expect(await waitingTotal(order.orderNumber)).toBe(0);
    expect(planned(await plan())).not.toContain(order.orderNumber);
    // Another release of it is refused naming the order; nothing is recorded for that wave.
    const other = await release({ waveId: `WKO${suffix}`, orderNumbers: [order.orderNumber] });
    expect([other.statusCode, other.json().error.field]).toEqual([409, 'orderNumbers[0]']);
    expect(other.json().error.message).toContain(boardWave);
    expect(await rowsOf(`WKO${suffix}`)).toBe(0);

    // That wave never showed up for an hour: the order waits again, and a scheduled run takes it.
    await age(boardWave);
    expect(await waitingTotal(order.orderNumber)).toBe(1);
    const run = await plan();
    const [scheduled] = run.released;
    expect(scheduled?.orderNumbers).toEqual([order.orderNumber]);
    expect(await waitingTotal(order.orderNumber)).toBe(0);
    expect(planned(await plan())).not.toContain(order.orderNumber);
    const taken = await release({ waveId: `WKO${suffix}`, orderNumbers: [order.orderNumber] });
    expect([taken.statusCode, taken.json().error.field]).toEqual([409, 'orderNumbers[0]']);
    expect(await rowsOf(`WKO${suffix}`)).toBe(0);

    // The scheduled wave is lost too: a supervisor releases the order from the board; its wave is recorded at once.
    await age(scheduled!.waveId);
    const boardRelease = `WKS${suffix}`;
    expect((await release({ waveId: boardRelease, orderNumbers: [order.orderNumber] })).statusCode).toBe(202);
    expect(
      await sql('select order_number, schedule_id from scheduled_wave_order where wave_id = ?', [boardRelease]),
    ).toEqual([{ order_number: order.orderNumber, schedule_id: 'board:supervisor' }]);
    expect(planned(await plan())).not.toContain(order.orderNumber);
    expect(await waitingTotal(order.orderNumber)).toBe(0);
    const again = await release({ waveId: boardRelease, orderNumbers: [order.orderNumber] });
    expect([again.statusCode, again.json().error.field]).toEqual([409, 'waveId']);
    expect(await rowsOf(boardRelease)).toBe(1);

    // Joined, the order stays off the list after its wave planned (its own pick task withdrawn).
    await eventually(
      async () => {
        const state = (await get(`/api/waves/${boardRelease}`, clerk)).json<PickWaveState>();
        return state.step === 'picking' && state.orders[0]?.status === 'joined' ? true : undefined;
      },
      60_000,
      'the board wave picking with the order joined',
    );
    expect(await waitingTotal(order.orderNumber)).toBe(0);
    await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'wave claims test done' },
    });
    await instanceCompleted(t.orm, order.workflowId, 60_000, 'the order cancelled', 'cancelled');
  });
});
