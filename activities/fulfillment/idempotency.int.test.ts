import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '..';
import { openOrm } from '../../db/orm';
import { query } from '../../db/sql';
import { countRows, intEnv, stockedItem } from '../../test/support/int-env';

let orm: MikroORM;

beforeAll(async () => {
  orm = await openOrm(intEnv().databaseUrl);
});

afterAll(async () => {
  await orm?.close();
});

/** An order row written directly (no workflow): these tests drive the activities by hand, twice. */
async function insertOrder(workflowId: string, sku: string, quantity: number): Promise<string> {
  const orderNumber = `T-${workflowId.slice(-8)}`;
  await orm.em.fork().transactional(async (em) => {
    const [order] = await query<{ id: number }>(
      em,
      `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
       select ?, id, 'open', ?, 'test', now(), now() from customer order by id limit 1 returning id`,
      [orderNumber, workflowId],
    );
    await query(
      em,
      'insert into sales_order_line (order_id, line_no, item_id, quantity) select ?, 1, id, ? from item where sku = ?',
      [order?.id, quantity, sku],
    );
  });
  return orderNumber;
}

describe('activities are idempotent: executing one twice posts once', () => {
  test('reserve and ship, each run twice', async () => {
    const activities = createActivities({ orm });
    const workflowId = `idempotency-test:${Date.now()}`;
    const sku = await stockedItem(orm, 2);
    const orderNumber = await insertOrder(workflowId, sku, 2);

    const first = await activities.reserveOrderStock({ workflowId, orderNumber });
    const second = await activities.reserveOrderStock({ workflowId, orderNumber });
    expect(second).toEqual(first);
    expect(
      await countRows(orm, 'select count(*) as n from reservation where owner_workflow_id = ?', [workflowId]),
    ).toBe(first.lines[0]?.picks.length);

    const picks = first.lines.flatMap((line) =>
      line.picks.map((pick) => ({
        lineNo: line.lineNo,
        locationCode: pick.locationCode,
        lotCode: pick.lotCode,
        quantity: pick.quantity,
      })),
    );
    const input = { workflowId, orderNumber, picks, userName: 'clerk' };
    const [a, b] = await Promise.all([activities.postOrderShipment(input), activities.postOrderShipment(input)]);
    expect(b).toEqual(a);
    expect(await countRows(orm, `select count(*) as n from stock_move where document_ref = ?`, [orderNumber])).toBe(
      picks.length,
    );
    expect(await activities.releaseOrderReservations({ workflowId, orderNumber })).toBe(0);
  });

  test('the ledger is append-only: the database refuses to change or delete a move', async () => {
    await expect(
      query(orm.em.fork(), 'update stock_move set quantity = quantity + 1 where id = (select min(id) from stock_move)'),
    ).rejects.toThrow(/append-only/);
    await expect(
      query(orm.em.fork(), 'delete from stock_move where id = (select min(id) from stock_move)'),
    ).rejects.toThrow(/append-only/);
  });
});
