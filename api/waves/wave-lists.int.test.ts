import { query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, orderDriver } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(180_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const supervisor = t.headers('supervisor');
const suffix = `${process.pid}${Date.now() % 100_000}`;

interface Page<T> {
  items: T[];
  total: number;
}
interface Waiting {
  orderNumber: string;
  customerCode: string;
  lines: number;
  units: number;
  zones: string;
}

/** A zone of its own with one bin holding the item, so the order's zones are known. */
async function stockInOwnZone(): Promise<{ sku: string; zone: string }> {
  const em = t.orm.em.fork();
  const [warehouse] = await query<{ id: number }>(
    em,
    `select w.id from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
      where not w.virtual and w.active order by w.id limit 1`,
  );
  const zone = `WL${suffix}`.slice(0, 20);
  const [row] = await query<{ id: number }>(
    em,
    `insert into zone (warehouse_id, code, name) values (?, ?, 'Wave list zone') returning id`,
    [warehouse!.id, zone],
  );
  const bin = `WL${suffix}-B1`;
  await query(
    em,
    `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', 10)`,
    [bin, warehouse!.id, row!.id],
  );
  const sku = await itemWithStock(t.orm, `WL${suffix}-X`, [{ location: bin, lot: `LWL${suffix}`, quantity: 10 }]);
  return { sku, zone };
}

describe('the wave planning board reads', () => {
  test('orders waiting for a wave with their zones, filtered and sorted; the released wave listed; bad input named', async () => {
    const { sku, zone } = await stockInOwnZone();
    const driver = orderDriver(t.app, clerk);
    const order = await driver.place('C-BOLT', [{ itemSku: sku, quantity: 3 }]);
    await driver.task(order.workflowId, 'pick');
    const get = (url: string, headers = supervisor) => t.app.inject({ method: 'GET', url, headers });

    const waiting = await get(`/api/waves/waiting-orders?q=${order.orderNumber}`);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.json<Page<Waiting>>().items).toEqual([
      expect.objectContaining({
        orderNumber: order.orderNumber,
        customerCode: 'C-BOLT',
        lines: 1,
        units: 3,
        zones: zone,
      }),
    ]);
    const byZone = await get(`/api/waves/waiting-orders?zone=${zone}&sort=-units`);
    expect(byZone.json<Page<Waiting>>().items.map((o) => o.orderNumber)).toEqual([order.orderNumber]);
    const otherZone = await get(`/api/waves/waiting-orders?zone=${zone}X`);
    expect(otherZone.json<Page<Waiting>>().total).toBe(0);
    const csv = await get(`/api/waves/waiting-orders/export.csv?zone=${zone}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[1]).toContain(`${order.orderNumber},C-BOLT`);

    const badSort = await get('/api/waves/waiting-orders?sort=price');
    expect(badSort.statusCode).toBe(400);
    expect(JSON.stringify(badSort.json().error)).toContain('sort');
    expect((await get('/api/waves/waiting-orders', clerk)).statusCode).toBe(403);
    const badStatus = await get('/api/waves?status=sleeping', clerk);
    expect(badStatus.statusCode).toBe(400);
    expect(JSON.stringify(badStatus.json().error)).toContain('status');

    const waveId = `WL${suffix}`;
    const released = await t.app.inject({
      method: 'POST',
      url: '/api/waves',
      headers: supervisor,
      payload: { waveId, orderNumbers: [order.orderNumber] },
    });
    expect(released.statusCode).toBe(202);
    // Listed for anyone (a clerk opens its progress); once joined, the order no longer waits (its pick task withdrawn).
    const listed = await eventually(
      async () => {
        // The step and the open-task count are projected separately: wait for both, not the first one seen.
        const page = (await get(`/api/waves?q=${waveId}`, clerk)).json<
          Page<{ waveId: string; currentStep: string; openTasks: number }>
        >();
        const wave = page.items[0];
        return wave?.currentStep === 'picking' && wave.openTasks === 1 ? page : undefined;
      },
      60_000,
      'the wave listed at picking with its one pick task',
    );
    expect(listed.items).toEqual([expect.objectContaining({ waveId, status: 'running', openTasks: 1 })]);
    expect((await get(`/api/waves/waiting-orders?q=${order.orderNumber}`)).json<Page<Waiting>>().total).toBe(0);

    // The order is cancelled: the wave is left with nobody and ends cancelled, listed so.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${order.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'wave list test done' },
    });
    expect(cancelled.statusCode).toBe(200);
    await instanceCompleted(t.orm, order.workflowId, 60_000, 'the order cancelled', 'cancelled');
    await eventually(
      async () => {
        const page = (await get(`/api/waves?q=${waveId}&step=cancelled`)).json<Page<{ openTasks: number }>>();
        return page.items[0]?.openTasks === 0 ? true : undefined;
      },
      60_000,
      'the wave listed as cancelled',
    );
  });
});
