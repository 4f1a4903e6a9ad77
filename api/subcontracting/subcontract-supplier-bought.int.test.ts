import { num, query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import { isoDay, receiveLots, subcontractWorld } from './subcontract-world';

jest.setTimeout(300_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const planner = t.headers('planner');

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

describe('a component the supplier buys itself', () => {
  test('is never picked, sent or consumed from our stock, costs nothing of ours, and closing does not wait for it', async () => {
    const world = await subcontractWorld(t.orm);
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 20, unitCost: 1 }]);
    // Plates in our stock too: a supplier-bought plate must leave them alone.
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/subcontract-orders',
      headers: { ...planner, 'idempotency-key': `sc-bought-${world.suffix}` },
      payload: {
        supplierCode: world.supplierCode,
        itemSku: world.sku.fg,
        quantity: 10,
        dueDate: isoDay(14),
        feePerUnit: 3,
        warehouseCode: world.warehouseCode,
        components: [
          { itemSku: world.sku.bolt, quantityPer: 2 },
          { itemSku: world.sku.plate, quantityPer: 1, provision: 'supplier' },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();

    const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
    expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
    const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = pick.payload.picks as SendPick[];
    // Only our bolts are picked: 10 x 2 = 20.
    expect(picks.map((p) => [p.sku, p.quantity])).toEqual([[world.sku.bolt, 20]]);
    expect(pick.payload.short).toEqual([]);
    const confirmed = picks.map(({ lineNo, location, lotCode, quantity }) => ({ lineNo, location, lotCode, quantity }));
    expect((await complete(pick.id, { picks: confirmed })).statusCode).toBe(200);

    // The one delivery completes the order: bolts 20 x 1.00 + fee 10 x 3.00 = 50.00; no plate of ours consumed.
    const receipt = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
    expect((await complete(receipt.id, { quantity: 10, lotCode: 'FG-B' })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed without waiting for the plates');

    const detail = await t.app.inject({ method: 'GET', url: `/api/subcontract-orders/${orderNumber}`, headers: clerk });
    const order = detail.json<{
      status: string;
      components: Array<{ itemSku: string; provision: string; sentQuantity: number; consumedQuantity: number }>;
    }>();
    expect(order.status).toBe('closed');
    expect(order.components.map((c) => [c.itemSku, c.provision, c.sentQuantity, c.consumedQuantity])).toEqual([
      [world.sku.bolt, 'ours', 20, 20],
      [world.sku.plate, 'supplier', 0, 0],
    ]);
    const plateMoves = await query<{ n: string }>(
      t.orm.em.fork(),
      `select count(*) as n from stock_move m join item i on i.id = m.item_id
        where m.document_type = 'subcontract-order' and m.document_ref = ? and i.sku = ?`,
      [orderNumber, world.sku.plate],
    );
    expect(num(plateMoves[0]?.n)).toBe(0);
    const lines = await query<{ account_code: string; debit: string; credit: string }>(
      t.orm.em.fork(),
      `select l.account_code, l.debit, l.credit from journal_entry e join journal_line l on l.entry_id = e.id
        where e.source_type = 'subcontract-order' and e.source_ref = ? order by l.account_code, l.debit desc`,
      [orderNumber],
    );
    expect(lines.map((l) => [l.account_code, num(l.debit), num(l.credit)])).toEqual([
      ['1300', 50, 0],
      ['1300', 0, 20],
      ['2300', 0, 30],
    ]);
  });
});
