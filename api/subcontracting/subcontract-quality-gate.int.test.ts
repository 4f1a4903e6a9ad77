import { returnRejected } from '../../activities/quality/return-rejected';
import { subledgerDocuments } from '../../db/accounting/period-close';
import { InspectionLot } from '../../db/entities';
import { num, query } from '../../db/sql';
import { inspectionLotsOf, itemLayers, orderEntries } from '../../test/support/subcontract-reads';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask, orderDriver } from '../../test/support/order-driver';
import type { SubcontractOrderState } from '../../workflows/subcontract-order/subcontract-order.contract';
import {
  isoDay,
  publishSupplierRules,
  receiveLots,
  subcontractWorld,
  type SubcontractWorld,
} from './subcontract-world';

jest.setTimeout(300_000);

/** Finished runs are kept as replay fixtures (MW_RECORD_HISTORIES=1 writes them to test/replay/histories). */
const t = useTestApp({ histories: 'subcontract-order' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const admin = t.headers('admin');
const admin2 = t.headers('admin2');
const inspector = t.headers('inspector');
const engineer = t.headers('quality');

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

interface LotRow {
  lotNo: string;
  itemSku: string;
  status: string;
  workflowId: string;
  source: string;
  supplierCode: string | null;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

/** The period close's subcontract-fee subledger for one order's deliveries (what reconciles against 2300). */
const feeSubledger = (orderNumber: string) =>
  subledgerDocuments(t.orm.em.fork(), 'subcontract-fees', `${orderNumber}/`);

const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

async function processDetail(workflowId: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
  return response.json<{ instance: { status: string }; tasks: Task[]; state: SubcontractOrderState | null }>();
}

/** The open task of a kind other than the ones already seen. */
const nextTask = (workflowId: string, formKind: string, seen: string[]) =>
  eventually(async () => {
    const tasks = (await processDetail(workflowId)).tasks;
    return tasks.find((task) => task.status === 'open' && task.formKind === formKind && !seen.includes(task.id));
  });

/** The order's inspection lots, once there are `count` of them. */
const lotsOf = (orderNumber: string, count: number) => inspectionLotsOf<LotRow>(t.app, admin, orderNumber, count);

/** Quantity of an item's lot at a location in a status. */
async function held(sku: string, location: string, lotCode: string, status: string) {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ? and b.status = ?`,
    [sku, location, lotCode, status],
  );
  return num(row?.q);
}

const layers = (sku: string) => itemLayers(t.orm.em.fork(), sku);
const entries = (orderNumber: string) => orderEntries(t.orm.em.fork(), orderNumber);

/** The order's journal lines per account, in cents (debit, credit). */
async function ledgerCents(orderNumber: string) {
  const lines = await rows<{ account_code: string; debit: string; credit: string }>(
    `select l.account_code, sum(l.debit) as debit, sum(l.credit) as credit
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'subcontract-order' and e.source_ref = ?
      group by l.account_code order by l.account_code`,
    [orderNumber],
  );
  const cents = (value: string) => Math.round(num(value) * 100);
  return Object.fromEntries(lines.map((l) => [l.account_code, [cents(l.debit), cents(l.credit)]]));
}

const balanced = (ledger: Record<string, number[]>) => {
  const sides = Object.values(ledger);
  const side = (index: number) => sides.reduce((sum, pair) => sum + (pair[index] ?? 0), 0);
  return side(0) === side(1);
};

const orderRow = async (orderNumber: string) => {
  const [row] = await rows<{ status: string }>('select status from subcontract_order where order_number = ?', [
    orderNumber,
  ]);
  const deliveries = await rows<{ no: number; finished: string; rejected: string; redelivered: string }>(
    `select d.delivery_no as no, d.finished_quantity as finished, d.rejected_quantity as rejected,
            d.redelivered_quantity as redelivered
       from subcontract_delivery d join subcontract_order o on o.id = d.order_id
      where o.order_number = ? order by d.delivery_no`,
    [orderNumber],
  );
  return {
    status: row?.status,
    deliveries: deliveries.map((d) => [d.no, num(d.finished), num(d.rejected), num(d.redelivered)]),
  };
};

async function orderView(orderNumber: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/subcontract-orders/${orderNumber}`,
    headers: planner,
  });
  expect(response.statusCode).toBe(200);
  return response.json<Record<string, unknown>>();
}

async function inspectionPlan(sku: string) {
  const length = { kind: 'numeric', code: 'LEN', name: 'Length', nominal: 10, lower: 9.9, upper: 10.1, unit: 'mm' };
  const plan = await t.app.inject({
    method: 'POST',
    url: '/api/inspection-plans',
    headers: admin,
    payload: { itemSku: sku, effectiveFrom: '2026-01-01', characteristics: [length] },
  });
  expect(plan.statusCode).toBe(201);
}

async function createOrder(world: SubcontractWorld) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/subcontract-orders',
    headers: { ...planner, 'idempotency-key': `sc-gate-${world.suffix}` },
    payload: {
      supplierCode: world.supplierCode,
      itemSku: world.sku.fg,
      quantity: 10,
      dueDate: isoDay(14),
      feePerUnit: 3,
      warehouseCode: world.warehouseCode,
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ orderNumber: string; workflowId: string }>();
}

/** Records the lot's readings (a length of `length`) and waits for its disposition task. */
async function inspect(lot: LotRow, length: number) {
  const task = await openFormTask<Task>(t.app, inspector, lot.workflowId, 'inspection');
  const sampleSize = Number(task.payload.sampleSize);
  const readings = Array.from({ length: sampleSize }, (_, index) => ({
    characteristic: 'LEN',
    value: index === 0 ? length : 10,
    sampleUnit: index + 1,
  }));
  expect((await complete(task.id, { readings }, inspector)).statusCode).toBe(200);
  return openFormTask<Task>(t.app, engineer, lot.workflowId, 'disposition');
}

describe('subcontract deliveries through the quality gate (real Temporal + PostgreSQL)', () => {
  test('a delivery lands in quarantine; part accepted at components + fee, part sent back to the supplier with its fee reversed, then re-delivered', async () => {
    const world = await subcontractWorld(t.orm);
    const fg = world.sku.fg;
    const site = `SUP-${world.supplierCode}`;
    await publishSupplierRules(t.app, { admin, admin2 }, [
      { supplierCode: world.supplierCode, method: 'bom-ratio', overDeliveryPercent: 0 },
    ]);
    await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 30, unitCost: 1 }]);
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
    await inspectionPlan(fg);
    const { orderNumber, workflowId } = await createOrder(world);

    const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
    expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
    const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = (pick.payload.picks as Array<Record<string, unknown>>).map(
      ({ lineNo, location, lotCode, quantity }) => ({ lineNo, location, lotCode, quantity }),
    );
    expect((await complete(pick.id, { picks })).statusCode).toBe(200);

    // All 10 at once: bolts 10 x 2 x 1.1 = 22 x 1.00 = 22.00, plates 10 x 4.00 = 40.00, fee 10 x 3.00 = 30.00:
    // the goods come in at 92.00 (9.20 each), in quarantine.
    const first = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
    expect((await complete(first.id, { quantity: 10, lotCode: 'FG-1' })).statusCode).toBe(200);
    const [lot] = await lotsOf(orderNumber, 1);
    expect(lot).toMatchObject({
      itemSku: fg,
      status: 'inspecting',
      source: 'subcontract',
      supplierCode: world.supplierCode,
    });
    const lotSource = (lotNo: string) =>
      rows<{ source_key: string; delivery_no: number; location_code: string; quantity: string }>(
        'select source_key, delivery_no, location_code, quantity from inspection_lot where lot_no = ?',
        [lotNo],
      ).then(([row]) => [row?.source_key, row?.delivery_no, row?.location_code, num(row?.quantity)]);
    expect(await lotSource(lot!.lotNo)).toEqual([`subcontract:${orderNumber}:d1:finished`, 1, world.bins.a, 10]);
    expect(await held(fg, world.bins.a, 'FG-1', 'quarantine')).toBe(10);
    expect(await held(fg, world.bins.a, 'FG-1', 'available')).toBe(0);
    expect(await layers(fg)).toEqual([[10, 92, 10, 92]]);
    expect(await entries(orderNumber)).toEqual([['1300 Dr 92', '1300 Cr 40', '1300 Cr 22', '2300 Cr 30']]);
    // The process waits for its lot before it can close.
    await eventually(async () =>
      (await processDetail(workflowId)).state?.step === 'awaiting-inspection' ? true : undefined,
    );

    // Quarantined goods are never allocated: a sales order for one backorders.
    const orders = orderDriver(t.app, clerk);
    const sale = await orders.place('C-ACME', [{ itemSku: fg, quantity: 1 }]);
    await orders.step(sale.workflowId, 'backordered');
    const [reserved] = await rows<{ n: string }>(
      `select coalesce(sum(b.reserved_quantity), 0) as n from stock_balance b join item i on i.id = b.item_id
        where i.sku = ?`,
      [fg],
    );
    expect(num(reserved?.n)).toBe(0);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${sale.orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'test done' },
    });
    expect(cancelled.statusCode).toBe(200);

    // The inspector finds a length out of limits; the quality engineer accepts 7 and sends 3 back.
    const disposition = await inspect(lot!, 10.4);
    const split = {
      parts: [
        { kind: 'accepted', quantity: 7 },
        { kind: 'rejected-return', quantity: 3 },
      ],
      cause: 'length over the upper limit',
    };
    expect((await complete(disposition.id, split, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, lot!.workflowId);

    // 7 available at 9.20 (components + fee) in the receipt's own layer; 3 at the supplier at the components' 6.20.
    expect(await held(fg, world.bins.a, 'FG-1', 'available')).toBe(7);
    expect(await held(fg, world.bins.a, 'FG-1', 'quarantine')).toBe(0);
    expect(await held(fg, site, 'FG-1', 'at-supplier')).toBe(3);
    expect(await layers(fg)).toEqual([
      [10, 92, 7, 64.4],
      [3, 18.6, 3, 18.6],
    ]);
    // One entry reverses the receipt for the 3: Dr 1300 18.60 (at the supplier), Dr 2300 9.00 (the fee), Cr 1300 27.60.
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 92', '1300 Cr 40', '1300 Cr 22', '2300 Cr 30'],
      ['1300 Dr 18.6', '1300 Cr 27.6', '2300 Dr 9'],
    ]);
    const afterReject = await ledgerCents(orderNumber);
    expect(afterReject).toEqual({ '1300': [11_060, 8_960], '2300': [900, 3_000] });
    // The close's fee subledger nets the reversal as 2300 does: 21.00 still accrued for the 7 kept.
    expect(await feeSubledger(orderNumber)).toEqual([{ ref: `${orderNumber}/1`, amount: 21 }]);
    expect(balanced(afterReject)).toBe(true);
    // The delivery is undone for the 3: delivered 7, the order partly received again and asking for the rest.
    expect(await orderRow(orderNumber)).toEqual({ status: 'partly-received', deliveries: [[1, 10, 3, 0]] });
    // Sending the same lot back again (a repeated call) posts nothing and counts nothing twice.
    await t.orm.em.fork().transactional(async (em) => {
      const stored = await em.findOneOrFail(InspectionLot, { lotNo: lot!.lotNo }, { populate: ['item', 'supplier'] });
      await returnRejected(em, stored, 3, { reason: 'again', userName: 'tester' });
    });
    expect(await ledgerCents(orderNumber)).toEqual(afterReject);
    expect(await orderRow(orderNumber)).toEqual({ status: 'partly-received', deliveries: [[1, 10, 3, 0]] });
    expect(await held(fg, site, 'FG-1', 'at-supplier')).toBe(3);
    const redelivery = await nextTask(workflowId, 'supplier-receipt', [first.id]);
    expect(redelivery.payload).toMatchObject({ delivered: 7, open: 3, deliveryNo: 2 });
    expect((await processDetail(workflowId)).state?.delivered).toBe(7);
    // The 3 sent back had their fee reversed: an invoice may bill 7 of delivery 1, not 10; the list counts 7 received.
    const feeInvoice = await t.app.inject({
      method: 'POST',
      url: '/api/supplier-invoices',
      headers: { ...clerk, 'idempotency-key': `qg-fee-${orderNumber}` },
      payload: {
        invoiceDate: new Date().toISOString().slice(0, 10),
        supplierCode: world.supplierCode,
        invoiceNumber: `QG-FEE-${orderNumber}`,
        subcontractOrderNo: orderNumber,
        lines: [{ deliveryNo: 1, quantity: 10, unitPrice: 3, taxRate: 19 }],
      },
    });
    expect([feeInvoice.statusCode, feeInvoice.json().error?.field]).toEqual([400, 'lines[0].quantity']);
    expect(feeInvoice.json().error.message).toMatch(/at most 7 \(delivered 7 after 3 rejected at the quality gate/);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/subcontract-orders?search=${orderNumber}`,
      headers: planner,
    });
    const row = listed
      .json<{ items: Array<Record<string, unknown>> }>()
      .items.find((r) => r.orderNumber === orderNumber);
    expect(row).toMatchObject({ receivedQuantity: 7, openQuantity: 3 });

    // The nonconformance names the supplier; the disposition of a lot already disposed is refused.
    const [nonconformance] = await rows<{ supplier: string; quantity: string }>(
      `select s.code as supplier, n.quantity from nonconformance n join inspection_lot l on l.id = n.lot_id
         join supplier s on s.id = n.supplier_id where l.lot_no = ?`,
      [lot!.lotNo],
    );
    expect([nonconformance?.supplier, num(nonconformance?.quantity)]).toEqual([world.supplierCode, 3]);

    // The supplier re-delivers the 3: taken from its site (no components consumed again), fee accrued again.
    // They leave the site from the layer their rejection made (18.60), + fee 9.00 = 27.60 in quarantine, inspected again.
    expect((await complete(redelivery.id, { quantity: 3, lotCode: 'FG-2' })).statusCode).toBe(200);
    const [, second] = await lotsOf(orderNumber, 2);
    expect(second).toMatchObject({ source: 'subcontract', status: 'inspecting' });
    expect(await lotSource(second!.lotNo)).toEqual([`subcontract:${orderNumber}:d2:finished`, 2, world.bins.a, 3]);
    expect(await held(fg, site, 'FG-1', 'at-supplier')).toBe(0);
    expect(await held(fg, world.bins.a, 'FG-2', 'quarantine')).toBe(3);
    const accept = await inspect(second!, 10);
    expect((await complete(accept.id, { parts: [{ kind: 'accepted', quantity: 3 }] }, engineer)).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
    expect(await held(fg, world.bins.a, 'FG-2', 'available')).toBe(3);
    expect(await orderRow(orderNumber)).toEqual({
      status: 'closed',
      deliveries: [
        [1, 10, 3, 0],
        [2, 3, 0, 3],
      ],
    });
    expect(await entries(orderNumber)).toEqual([
      ['1300 Dr 92', '1300 Cr 40', '1300 Cr 22', '2300 Cr 30'],
      ['1300 Dr 18.6', '1300 Cr 27.6', '2300 Dr 9'],
      ['1300 Dr 27.6', '1300 Cr 18.6', '2300 Cr 9'],
    ]);
    // Over the whole order 2300 holds exactly the fee of the 10 kept (30.00) and 1300 rose by exactly it.
    const final = await ledgerCents(orderNumber);
    expect(final).toEqual({ '1300': [13_820, 10_820], '2300': [900, 3_900] });
    expect(await feeSubledger(orderNumber)).toEqual([
      { ref: `${orderNumber}/1`, amount: 21 },
      { ref: `${orderNumber}/2`, amount: 9 },
    ]);
    expect(balanced(final)).toBe(true);
    // The components were consumed once: bolts 22, plates 10.
    const totals = await rows<{ line_no: number; consumed: string }>(
      `select c.line_no, c.consumed_quantity as consumed from subcontract_order_component c
         join subcontract_order o on o.id = c.order_id where o.order_number = ? order by c.line_no`,
      [orderNumber],
    );
    expect(totals.map((c) => [c.line_no, num(c.consumed)])).toEqual([
      [1, 22],
      [2, 10],
    ]);
    // Stock value of the goods: 10 on hand worth 92.00 in all (64.40 + 27.60).
    const kept = await layers(fg);
    expect(kept.reduce((sum, [, , quantity = 0]) => sum + quantity, 0)).toBe(10);
    expect(Math.round(kept.reduce((sum, [, , , value = 0]) => sum + value, 0) * 100)).toBe(9_200);
    const view = await orderView(orderNumber);
    expect(view.orderNumber).toBe(orderNumber);
    // The detail the console shows: per delivery what the gate rejected and what came back re-delivered.
    expect(
      (view.deliveries as Array<Record<string, unknown>>).map((d) => [
        d.deliveryNo,
        d.rejectedQuantity,
        d.redeliveredQuantity,
      ]),
    ).toEqual([
      [1, 3, 0],
      [2, 0, 3],
    ]);
    t.record('quality-gate-reject-and-redeliver', workflowId);
  });
});
