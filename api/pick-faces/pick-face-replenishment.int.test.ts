import { query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, orderDriver, packAll, SHIP, type TaskView } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';
import {
  getWaveStateQuery,
  pickWaveWorkflowId,
  type PickWaveState,
} from '../../workflows/pick-wave/pick-wave.contract';

jest.setTimeout(240_000);

const t = useTestApp({ histories: 'pick-wave' });
const clerk = t.headers('clerk');
const supervisor = t.headers('supervisor');
const suffix = `${process.pid}${Date.now() % 100_000}`;
const bin = (name: string) => `PF${suffix}-${name}`;
const sql = (text: string, params: unknown[] = []) => query<Record<string, unknown>>(t.orm.em.fork(), text, params);

/**
 * Zone A holds the pick face F of item X (lot L1, the oldest: allocation takes it first); zone B the bin G of item Y;
 * zone R the reserve bins R1 (lot L2, 4) and R2 (lot L3, 20) of X, walked in that order.
 */
async function layout() {
  const [warehouse] = await sql(
    `select w.id from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
      where not w.virtual and w.active order by w.id limit 1`,
  );
  const zones: Record<string, unknown> = {};
  for (const zone of ['A', 'B', 'R']) {
    const [row] = await sql(`insert into zone (warehouse_id, code, name) values (?, ?, ?) returning id`, [
      warehouse?.id,
      `P${zone}${suffix}`.slice(0, 20),
      `Pick face zone ${zone}`,
    ]);
    zones[zone] = row?.id;
  }
  const bins: Array<[string, string, number]> = [
    ['F', 'A', 10],
    ['G', 'B', 20],
    ['R1', 'R', 30],
    ['R2', 'R', 40],
  ];
  for (const [name, zone, sequence] of bins) {
    await sql(
      `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', ?)`,
      [bin(name), warehouse?.id, zones[zone], sequence],
    );
  }
  const expires = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const x = await itemWithStock(t.orm, `PF${suffix}-X`, [
    { location: bin('F'), lot: `L1-${suffix}`, quantity: 6, expiresOn: expires(100) },
    { location: bin('R1'), lot: `L2-${suffix}`, quantity: 4, expiresOn: expires(200) },
    { location: bin('R2'), lot: `L3-${suffix}`, quantity: 20, expiresOn: expires(300) },
  ]);
  const y = await itemWithStock(t.orm, `PF${suffix}-Y`, [{ location: bin('G'), lot: `LY-${suffix}`, quantity: 10 }]);
  return { x, y, zoneA: `PA${suffix}`.slice(0, 20), zoneB: `PB${suffix}`.slice(0, 20) };
}

/** Available stock of an item per bin and lot (bins of this test only). */
async function stockOf(sku: string) {
  return sql(
    `select l.code as bin, lot.code as lot, b.quantity::float as quantity
       from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
       join lot on lot.id = b.lot_id
      where i.sku = ? and l.code like ? and b.status = 'available' and b.quantity <> 0 order by l.code, lot.code`,
    [sku, `PF${suffix}-%`],
  );
}

async function openWaveTasks(workflowId: string, taskType: string) {
  return query<TaskView & { title: string }>(
    t.orm.em.fork(),
    `select id, task_type as "taskType", status, payload, title from human_task
      where workflow_id = ? and task_type = ? and status = 'open' order by title`,
    [workflowId, taskType],
  );
}

async function waveTask(workflowId: string, taskType: string, title: string): Promise<TaskView> {
  return eventually(
    async () => (await openWaveTasks(workflowId, taskType)).find((task) => task.title.includes(title)),
    60_000,
    `the ${taskType} task ${title}`,
  );
}

describe('pick-face replenishment in a pick wave, on real Temporal + PostgreSQL', () => {
  test('a wave that would empty a pick face triggers a replenishment first', async () => {
    const { x, y, zoneA, zoneB } = await layout();
    const face = { locationCode: bin('F'), itemSku: x, minQuantity: 3, maxQuantity: 12 };

    // The face's min/max is master data, set through the API: bad input is refused naming the field.
    const put = (payload: unknown, headers = supervisor) =>
      t.app.inject({ method: 'PUT', url: '/api/pick-faces', headers, payload: payload as object });
    const inverted = await put({ ...face, maxQuantity: 2 });
    expect([inverted.statusCode, inverted.json().error.field]).toEqual([400, 'maxQuantity']);
    const noBin = await put({ ...face, locationCode: 'NO-SUCH-BIN' });
    expect([noBin.statusCode, noBin.json().error.field]).toEqual([400, 'locationCode']);
    const negative = await put({ ...face, minQuantity: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('minQuantity');
    expect((await put(face, clerk)).statusCode).toBe(403);
    expect((await put({ ...face, maxQuantity: 20 })).statusCode).toBe(200);
    const set = await put(face);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ ...face, zoneCode: zoneA, updatedBy: 'supervisor' });
    const listed = await t.app.inject({ method: 'GET', url: `/api/pick-faces?itemSku=${x}`, headers: clerk });
    expect(listed.json().faces).toEqual([expect.objectContaining(face)]);

    // One order: 5 of X (allocated from the face's oldest lot L1) and 1 of Y in zone B.
    const driver = orderDriver(t.app, clerk);
    const order = await driver.place('C-BOLT', [
      { itemSku: x, quantity: 5 },
      { itemSku: y, quantity: 1 },
    ]);
    await driver.task(order.workflowId, 'pick');
    const waveId = `PF${suffix}`;
    const workflowId = pickWaveWorkflowId(waveId);
    const cutoffAt = new Date(Date.now() + 6 * 3_600_000).toISOString();
    const released = await t.app.inject({
      method: 'POST',
      url: '/api/waves',
      headers: supervisor,
      payload: { waveId, orderNumbers: [order.orderNumber], pickSlaMinutes: 60, cutoffAt },
    });
    expect(released.statusCode).toBe(202);

    // The face holds 6 and the wave takes 5: 1 left, below the minimum 3. Filled up to 12 - 6 = 6 from reserve, oldest
    // lot first: all 4 of L2 in R1, then 2 of L3 in R2.
    const replenish = await waveTask(workflowId, 'wave-replenish', 'Replenish 1 pick face');
    const moves = replenish.payload.moves as Array<Record<string, unknown>>;
    expect(moves.map((m) => [m.fromLocation, m.toLocation, m.lotCode, m.quantity])).toEqual([
      [bin('R1'), bin('F'), `L2-${suffix}`, 4],
      [bin('R2'), bin('F'), `L3-${suffix}`, 2],
    ]);
    expect(replenish.payload.faces).toEqual([
      expect.objectContaining({ onHand: 6, wavePicks: 5, projected: 1, wanted: 6, quantity: 6 }),
    ]);
    expect(replenish.payload).toMatchObject({ cutoffAt, waitingPickLines: 1 });

    // Zone B's pick goes out at once; zone A's waits for the replenishment.
    await waveTask(workflowId, 'wave-pick', `zone ${zoneB}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await openWaveTasks(workflowId, 'wave-pick')).map((task) => task.title)).toEqual([
      expect.stringContaining(`zone ${zoneB}`),
    ]);
    const wave = t.temporal.workflow.getHandle(workflowId);
    expect((await wave.query(getWaveStateQuery)).replenishment).toMatchObject({
      status: 'open',
      waitingZones: [zoneA],
    });
    expect(await stockOf(x)).toEqual([
      { bin: bin('F'), lot: `L1-${suffix}`, quantity: 6 },
      { bin: bin('R1'), lot: `L2-${suffix}`, quantity: 4 },
      { bin: bin('R2'), lot: `L3-${suffix}`, quantity: 20 },
    ]);

    // More than proposed is refused naming the entry; the proposal as moved is booked.
    const over = await driver.complete(replenish.id, { moved: [{ ...moves[1], quantity: 3 }] });
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain('moved[0].quantity');
    expect((await driver.complete(replenish.id, { moved: moves })).statusCode).toBe(200);

    const pickA = await waveTask(workflowId, 'wave-pick', `zone ${zoneA}`);
    expect(pickA.payload.cutoffAt).toBe(cutoffAt);
    expect((await wave.query(getWaveStateQuery)).replenishment).toMatchObject({
      status: 'booked',
      movedBy: 'clerk',
    });
    // Reserve -> face, by hand: F 6 + 4 + 2 = 12, R1 4 - 4 = 0, R2 20 - 2 = 18; two transfers, nothing negative.
    expect(await stockOf(x)).toEqual([
      { bin: bin('F'), lot: `L1-${suffix}`, quantity: 6 },
      { bin: bin('F'), lot: `L2-${suffix}`, quantity: 4 },
      { bin: bin('F'), lot: `L3-${suffix}`, quantity: 2 },
      { bin: bin('R2'), lot: `L3-${suffix}`, quantity: 18 },
    ]);
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from stock_move where document_ref = ? and move_type = 'transfer' and document_type = 'pick-wave'`,
        [waveId],
      ),
    ).toBe(2);
    expect(
      await countRows(t.orm, `select count(*) as n from stock_balance where quantity < 0 or reserved_quantity < 0`),
    ).toBe(0);

    // The zones pick, the sort puts to the order, the order ships as without a face.
    for (const path of (await wave.query(getWaveStateQuery)).paths) {
      const task = await waveTask(workflowId, 'wave-pick', `zone ${path.zoneCode}`);
      const picked = path.stops.flatMap((stop) =>
        stop.items.map((item) => ({
          locationCode: stop.locationCode,
          itemSku: item.itemSku,
          lotCode: item.lotCode,
          quantity: item.quantity,
        })),
      );
      expect((await driver.complete(task.id, { picked })).statusCode).toBe(200);
    }
    const sort = await waveTask(workflowId, 'wave-sort', 'Sort');
    expect((await driver.complete(sort.id, { puts: sort.payload.proposed })).statusCode).toBe(200);
    const done = (await wave.result()) as PickWaveState;
    expect(done.step).toBe('completed');
    const pack = await driver.task(order.workflowId, 'pack');
    expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
    const ship = await driver.task(order.workflowId, 'ship');
    await driver.packCheck(ship);
    expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
    await instanceCompleted(t.orm, order.workflowId, 60_000, `${order.orderNumber} shipped`);
    // The face after the wave: 12 - 5 of L1 = 7 (1 + 4 + 2).
    expect((await stockOf(x)).filter((row) => row.bin === bin('F'))).toEqual([
      { bin: bin('F'), lot: `L1-${suffix}`, quantity: 1 },
      { bin: bin('F'), lot: `L2-${suffix}`, quantity: 4 },
      { bin: bin('F'), lot: `L3-${suffix}`, quantity: 2 },
    ]);

    t.record('replenish-before-picking', workflowId);
  });
});
