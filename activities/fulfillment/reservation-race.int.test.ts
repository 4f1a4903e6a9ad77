import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '..';
import { postMove } from '../../db/inventory/post-move';
import { openOrm } from '../../db/orm';
import { num, query } from '../../db/sql';
import { intEnv } from '../../test/support/int-env';

jest.setTimeout(120_000);

let orm: MikroORM;

beforeAll(async () => {
  // A pool as large as the race, so all 100 reservations really run at once against PostgreSQL.
  orm = await openOrm(intEnv().databaseUrl, { pool: { min: 0, max: 100 } });
});

afterAll(async () => {
  await orm?.close();
});

/** 22 units of a fresh lot-tracked item in three lots and two locations. */
async function stockFewLots(sku: string): Promise<void> {
  await query(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Race item', 'pcs', 'test', true, 365, 1, 'buy', false, 'fifo', false, 5, now())`,
    [sku],
  );
  const lots: Array<[string, string, number]> = [
    ['RACE-L1', 'MAIN-B01', 10],
    ['RACE-L2', 'MAIN-B02', 7],
    ['RACE-L3', 'MAIN-B01', 5],
  ];
  for (const [index, [lot, location, quantity]] of lots.entries()) {
    await orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: sku,
        lot: { code: lot, manufacturedOn: '2026-10-01' },
        toLocation: location,
        quantity,
        unitCost: 2,
        effectiveAt: new Date(Date.now() - (10 - index) * 86_400_000),
        documentType: 'test',
        documentRef: `race-${lot}`,
        userName: 'tester',
        idempotencyKey: `race:${sku}:${lot}`,
      }),
    );
  }
}

async function insertOrder(workflowId: string, orderNumber: string, sku: string, quantity: number): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    const [order] = await query<{ id: number }>(
      em,
      `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
       select ?, id, 'open', ?, 'race', now(), now() from customer order by id limit 1 returning id`,
      [orderNumber, workflowId],
    );
    await query(
      em,
      'insert into sales_order_line (order_id, line_no, item_id, quantity) select ?, 1, id, ? from item where sku = ?',
      [order?.id, quantity, sku],
    );
  });
}

describe('100 concurrent orders competing for the same few lots', () => {
  test('never over-allocate: every unit is reserved once or free', async () => {
    const sku = `RACE-${Date.now() % 1_000_000}`;
    await stockFewLots(sku);
    const orders = Array.from({ length: 100 }, (_, i) => ({
      workflowId: `race:${sku}:${i}`,
      orderNumber: `R${Date.now() % 100000}-${i}`,
      quantity: 1 + (i % 3),
    }));
    for (const order of orders) await insertOrder(order.workflowId, order.orderNumber, sku, order.quantity);

    const activities = createActivities({ orm });
    const results = await Promise.all(orders.map((order) => activities.reserveOrderStock(order)));

    const reservedPerOrder = results.map((result) =>
      result.lines.flatMap((line) => line.picks).reduce((sum, pick) => sum + pick.quantity, 0),
    );
    orders.forEach((order, i) => expect(reservedPerOrder[i]).toBeLessThanOrEqual(order.quantity));
    expect(reservedPerOrder.reduce((a, b) => a + b, 0)).toBe(22);

    const balances = await query<{ quantity: string; reserved_quantity: string; active: string }>(
      orm.em.fork(),
      `select b.quantity, b.reserved_quantity,
              (select coalesce(sum(r.quantity), 0) from reservation r where r.item_id = b.item_id and r.location_id = b.location_id
                  and coalesce(r.lot_id, 0) = coalesce(b.lot_id, 0) and r.state = 'active') as active
         from stock_balance b join item i on i.id = b.item_id where i.sku = ?`,
      [sku],
    );
    expect(balances).toHaveLength(3);
    for (const balance of balances) {
      expect(num(balance.reserved_quantity)).toBe(num(balance.active));
      expect(num(balance.reserved_quantity)).toBe(num(balance.quantity));
    }
  });
});
