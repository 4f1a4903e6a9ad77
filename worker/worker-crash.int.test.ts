import type { ChildProcess } from 'node:child_process';
import {
  countRows,
  createTestApp,
  eventually,
  killWorkerProcess,
  login,
  startWorkerProcess,
  stopWorkerProcess,
  type TestApp,
} from '../test/support/int-env';
import { orderDriver, packAll, pickAll, shipAll } from '../test/support/order-driver';
import { itemWithStock } from '../test/support/stock';

jest.setTimeout(240_000);

let t: TestApp;
let clerk: { authorization: string };
const workers: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestApp();
  clerk = await login(t.app, 'clerk');
});

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker);
  await t?.close();
});

async function startWorker(crashAfter?: string): Promise<ChildProcess> {
  const worker = await startWorkerProcess({ crashAfter });
  workers.push(worker);
  return worker;
}

let serial = 0;

/**
 * An order of two items of the test's own, each stocked in one bin: what other files left in the shared database
 * (reservations, blocks, bins under count) never decides how this order allocates.
 */
async function placeTwoLineOrder() {
  serial += 1;
  const first = await itemWithStock(t.orm, `CRASH-A-${process.pid}-${serial}`, [
    { location: 'MAIN-A01', lot: `CA${serial}`, quantity: 3 },
  ]);
  const second = await itemWithStock(t.orm, `CRASH-B-${process.pid}-${serial}`, [
    { location: 'MAIN-A02', lot: `CB${serial}`, quantity: 3 },
  ]);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: clerk,
    payload: {
      customerCode: 'C-ECO',
      lines: [
        { itemSku: first, quantity: 1 },
        { itemSku: second, quantity: 1 },
      ],
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ orderNumber: string; workflowId: string }>();
}

async function packAndShip(workflowId: string): Promise<void> {
  const driver = orderDriver(t.app, clerk);
  const pack = await driver.task(workflowId, 'pack');
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship');
  await driver.packCheck(ship);
  expect((await driver.complete(ship.id, shipAll(ship))).statusCode).toBe(200);
}

async function waitCompleted(workflowId: string): Promise<void> {
  await eventually(
    async () => {
      const status = await countRows(
        t.orm,
        `select count(*) as n from process_instance where workflow_id = ? and status = 'completed'`,
        [workflowId],
      );
      return status === 1 ? true : undefined;
    },
    120_000,
    'completion',
  );
}

describe('a worker dies while an order is in flight', () => {
  test('killed with SIGKILL while the order waits for its pick: a new worker finishes it, one shipment move per line', async () => {
    const first = await startWorker();
    const { orderNumber, workflowId } = await placeTwoLineOrder();
    const task = await orderDriver(t.app, clerk).task(workflowId, 'pick', clerk, 90_000);
    await killWorkerProcess(first);

    await startWorker();
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(done.statusCode).toBe(200);
    await packAndShip(workflowId);
    await waitCompleted(workflowId);
    const perLine = await t.orm.em
      .fork()
      .execute<Array<{ line_no: number; n: string }>>(
        `select line_no, count(*) as n from stock_move where document_ref = ? and move_type = 'shipment' group by line_no order by line_no`,
        [orderNumber],
      );
    expect(perLine.map((row) => [row.line_no, Number(row.n)])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  test('killed right after the shipment committed (before Temporal heard of it): the retry posts nothing twice', async () => {
    for (const worker of workers) await stopWorkerProcess(worker);
    const crashing = await startWorker('postOrderShipment');
    const { orderNumber, workflowId } = await placeTwoLineOrder();
    const task = await orderDriver(t.app, clerk).task(workflowId, 'pick', clerk, 90_000);
    const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      headers: clerk,
      payload: { payload: { picks: pickAll(task) } },
    });
    expect(done.statusCode).toBe(200);
    // The ship update returns once the task is recorded; the shipment activity then kills its worker after committing.
    await packAndShip(workflowId);
    await exited;
    expect(crashing.signalCode).toBe('SIGKILL');
    expect(
      await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ? and move_type = 'shipment'`, [
        orderNumber,
      ]),
    ).toBe(2);

    await startWorker();
    await waitCompleted(workflowId);
    expect(
      await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ? and move_type = 'shipment'`, [
        orderNumber,
      ]),
    ).toBe(2);
    // Every balance (item x location x lot x status x owner) equals the sum of the moves into it minus those out of it.
    const balanceDrift = await countRows(
      t.orm,
      `select count(*) as n from (
         select b.id from stock_balance b
           left join stock_move m on m.item_id = b.item_id and coalesce(m.lot_id, 0) = coalesce(b.lot_id, 0)
                                 and coalesce(m.owner_customer_id, 0) = coalesce(b.owner_customer_id, 0)
                                 and ((m.to_location_id = b.location_id and m.to_status = b.status)
                                   or (m.from_location_id = b.location_id and m.from_status = b.status))
          group by b.id, b.quantity
         having b.quantity <> coalesce(sum(
                  case when m.to_location_id = b.location_id and m.to_status = b.status then m.quantity else 0 end
                - case when m.from_location_id = b.location_id and m.from_status = b.status then m.quantity else 0 end), 0)) drift`,
    );
    expect(balanceDrift).toBe(0);
  });
});
