import type { MikroORM } from '@mikro-orm/postgresql';
import { createActivities } from '../activities';
import { num, query } from '../db/sql';
import { report, throughput } from './harness';

/**
 * Order posting throughput: one order = reserve (row-locked) + ship (moves, balances, reservations, audit),
 * each through the idempotent activities, against bare single-row INSERT transactions on the same database.
 */
export async function postingBench(orm: MikroORM, seconds: number): Promise<void> {
  await query(orm.em.fork(), 'create table if not exists bench_baseline (id serial primary key, payload text)');
  const baseline = await throughput(seconds, async () => {
    await orm.em.fork().transactional((em) => query(em, "insert into bench_baseline (payload) values ('x')"));
  });
  const base = { name: 'bare single-row INSERT', value: baseline, unit: 'tx/s' };
  report('bare single-row INSERT transaction', baseline, 'tx/s', base);

  const activities = createActivities({ orm });
  const [customer] = await query<{ id: number }>(orm.em.fork(), 'select id from customer limit 1');
  const items = await query<{ id: number }>(
    orm.em.fork(),
    "select distinct item_id as id from stock_balance where status = 'available'",
  );
  const runId = Date.now();
  const orders = await throughput(seconds, async (i) => {
    const workflowId = `bench:${runId}:${i}`;
    const orderNumber = `B${runId % 100000}-${i}`;
    const itemId = items[i % items.length]?.id;
    await orm.em.fork().transactional(async (em) => {
      const [order] = await query<{ id: number }>(
        em,
        `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
         values (?, ?, 'open', ?, 'bench', now(), now()) returning id`,
        [orderNumber, customer?.id, workflowId],
      );
      await query(em, 'insert into sales_order_line (order_id, line_no, item_id, quantity) values (?, 1, ?, 0.001)', [
        order?.id,
        itemId,
      ]);
    });
    const reserved = await activities.reserveOrderStock({ workflowId, orderNumber });
    const picks = reserved.lines.flatMap((line) =>
      line.picks.map((p) => ({
        lineNo: line.lineNo,
        locationCode: p.locationCode,
        lotCode: p.lotCode,
        quantity: p.quantity,
      })),
    );
    if (picks.length > 0) await activities.postOrderShipment({ workflowId, orderNumber, picks, userName: 'bench' });
  });
  // One order is two transactions (reserve, ship) of many rows each; the ratio says what that costs.
  report('order reserve + ship posting', orders, 'orders/s', base);
  const [moves] = await query<{ n: string }>(
    orm.em.fork(),
    "select count(*) as n from stock_move where user_name = 'bench'",
  );
  console.log(`  (${num(moves?.n)} shipment moves posted)`);
}
