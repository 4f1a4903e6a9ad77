import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '..';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { countRows, intEnv } from '../../test/support/int-env';

let orm: MikroORM;

beforeAll(async () => {
  orm = await openOrm(intEnv().databaseUrl);
});

afterAll(async () => {
  await orm?.close();
});

/** A purchase order written directly (no workflow): these tests drive the activities by hand, twice. */
async function insertPurchaseOrder(workflowId: string): Promise<string> {
  const orderNumber = `T-${workflowId.slice(-8)}`;
  await orm.em.fork().transactional(async (em) => {
    const [order] = await query<{ id: number }>(
      em,
      `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                   updated_at)
       select ?, (select id from supplier where code = 'S-NORD'), (select id from warehouse where code = 'EAST'),
              'open', ?, 'test', now(), now() returning id`,
      [orderNumber, workflowId],
    );
    await query(
      em,
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost)
       select ?, 1, id, 12, 2.5 from item where sku = 'FOOD-003'`,
      [order?.id],
    );
  });
  return orderNumber;
}

describe('purchasing activities are idempotent: executing one twice posts once', () => {
  test('receive and put away, each run twice (concurrently)', async () => {
    const activities = createActivities({ orm });
    const workflowId = `purchase-idempotency-test:${Date.now()}`;
    const orderNumber = await insertPurchaseOrder(workflowId);
    const order = await activities.loadPurchaseOrderForReceipt({ orderNumber });
    expect(order).toMatchObject({ warehouseCode: 'EAST', dockLocation: 'EAST-DOCK' });
    expect(order.putawayLocations).not.toContain('EAST-DOCK');

    const receive = {
      workflowId,
      orderNumber,
      lines: [{ lineNo: 1, quantity: 12, lotCode: `IDEM-${Date.now()}` }],
      userName: 'clerk',
    };
    const [a, b] = await Promise.all([
      activities.receivePurchaseOrder(receive),
      activities.receivePurchaseOrder(receive),
    ]);
    expect(b).toEqual(a);
    expect(a.lines[0]).toMatchObject({ quantity: 12, value: 30 });
    // No manufacture date given: it is the receipt day, and the expiry follows from the item's shelf life.
    expect(a.lines[0]?.manufacturedOn).toBe(new Date().toISOString().slice(0, 10));
    expect(a.lines[0]?.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const moves = `select count(*) as n from stock_move where document_ref = ? and move_type = ?`;
    expect(await countRows(orm, moves, [orderNumber, 'receipt'])).toBe(1);
    expect(
      await countRows(
        orm,
        'select count(*) as n from purchase_order_line where received_quantity = 12 and order_id = (select id from purchase_order where order_number = ?)',
        [orderNumber],
      ),
    ).toBe(1);

    const putaway = {
      workflowId,
      orderNumber,
      instructions: [{ lineNo: 1, toLocation: order.putawayLocations[0] ?? '' }],
      userName: 'clerk',
    };
    const [c, d] = await Promise.all([
      activities.putAwayPurchaseOrder(putaway),
      activities.putAwayPurchaseOrder(putaway),
    ]);
    expect(d).toEqual(c);
    expect(await countRows(orm, moves, [orderNumber, 'transfer'])).toBe(1);
  });

  test('a second receipt of the same order is refused as final, not retried', async () => {
    const activities = createActivities({ orm });
    const workflowId = `purchase-idempotency-test:${Date.now()}-2`;
    const orderNumber = await insertPurchaseOrder(workflowId);
    await activities.receivePurchaseOrder({
      workflowId,
      orderNumber,
      lines: [{ lineNo: 1, quantity: 1, lotCode: 'X1' }],
      userName: 'clerk',
    });
    await expect(
      activities.receivePurchaseOrder({
        workflowId: `${workflowId}-other`,
        orderNumber,
        lines: [{ lineNo: 1, quantity: 1, lotCode: 'X1' }],
        userName: 'clerk',
      }),
    ).rejects.toMatchObject({ type: 'PURCHASE_ORDER_WRONG_STATUS', nonRetryable: true });
    await expect(
      activities.putAwayPurchaseOrder({
        workflowId,
        orderNumber,
        instructions: [{ lineNo: 1, toLocation: 'MAIN-B01' }],
        userName: 'clerk',
      }),
    ).rejects.toMatchObject({ type: 'PUTAWAY_NOT_ALLOWED', nonRetryable: true });
  });
});
