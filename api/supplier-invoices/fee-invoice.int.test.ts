import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import { isoDay, receiveLots, subcontractWorld, type SubcontractWorld } from '../subcontracting/subcontract-world';

jest.setTimeout(300_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const controller = t.headers('controller');

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);
const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

/** A subcontract order for 10 FG at a fee of 3.00, approved, sent and delivered in one delivery of 10 (lot FG-1). */
async function deliveredOrder(world: SubcontractWorld) {
  await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 30, unitCost: 1 }]);
  await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/subcontract-orders',
    headers: { ...planner, 'idempotency-key': `fee-${world.suffix}` },
    payload: {
      supplierCode: world.supplierCode,
      itemSku: world.sku.fg,
      quantity: 10,
      dueDate: isoDay(14),
      feePerUnit: 3,
      warehouseCode: world.warehouseCode,
    },
  });
  expect(created.statusCode).toBe(201);
  const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
  const approval = await openFormTask<Task>(t.app, planner, workflowId, 'subcontract-approval');
  expect((await complete(approval.id, { approved: true }, planner)).statusCode).toBe(200);
  const pick = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
  const picks = (pick.payload.picks as SendPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));
  expect((await complete(pick.id, { picks })).statusCode).toBe(200);
  const receipt = await openFormTask<Task>(t.app, clerk, workflowId, 'supplier-receipt');
  // Bolts 10 x 2 x 1.1 = 22 x 1.00, plates 10 x 4.00, fee 10 x 3.00: the finished goods at 92.00 (9.20 each).
  expect((await complete(receipt.id, { quantity: 10, lotCode: 'FG-1' })).statusCode).toBe(200);
  await instanceCompleted(t.orm, workflowId, 60_000, 'the subcontract order closed');
  const [delivery] = await rows<{ id: number }>(
    `select d.id from subcontract_delivery d join subcontract_order o on o.id = d.order_id where o.order_number = ?`,
    [orderNumber],
  );
  return { orderNumber, workflowId, deliveryId: num(delivery?.id) };
}

/** Ships `quantity` FG of lot FG-1 to a customer, as a sales shipment posts it (Dr 5000 / Cr 1300 at FIFO cost). */
async function ship(world: SubcontractWorld, quantity: number) {
  const [at] = await rows<{ code: string }>(
    `select l.code from stock_balance b join item i on i.id = b.item_id join location l on l.id = b.location_id
      where i.sku = ? and b.quantity > 0 limit 1`,
    [world.sku.fg],
  );
  await t.orm.em.fork().transactional((em) =>
    postMove(em, {
      moveType: 'shipment',
      itemSku: world.sku.fg,
      lot: { code: 'FG-1' },
      fromLocation: String(at?.code),
      quantity,
      documentType: 'test',
      documentRef: `fee-ship-${world.suffix}`,
      userName: 'tester',
      idempotencyKey: `fee-ship:${world.suffix}`,
    }),
  );
}

/**
 * Moves the order's entries into a far-back month and closes it (the books accept nothing dated there any more), as if
 * the delivery had been booked in a month since closed. Entries are append-only: the guard is lifted for this one
 * test update only, inside its transaction. Returns the month and an undo for the end of the test.
 */
async function deliveryPeriodClosed(orderNumber: string) {
  const [next] = await rows<{ code: string }>(
    `select coalesce(to_char(max(ends_on) + 1, 'YYYY-MM'), '2021-01') as code from accounting_period where status = 'closed'`,
  );
  const code = String(next?.code);
  expect(code < '2025-01').toBe(true); // far back: nothing the other tests post lies before it
  const moved = await rows<{ id: number; period_code: string; entry_date: string }>(
    `select id, period_code, entry_date from journal_entry where source_type = 'subcontract-order' and source_ref = ?`,
    [orderNumber],
  );
  const setPeriods = (changes: Array<{ id: number; period: string; date: string }>) =>
    t.orm.em.fork().transactional(async (em) => {
      await em.execute('alter table journal_entry disable trigger journal_entry_append_only');
      for (const c of changes) {
        await query(em, 'update journal_entry set period_code = ?, entry_date = ? where id = ?', [
          c.period,
          c.date,
          c.id,
        ]);
      }
      await em.execute('alter table journal_entry enable trigger journal_entry_append_only');
    });
  await rows(
    `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
     values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'closed', now(), 'test')`,
    [code, code, code],
  );
  await setPeriods(moved.map((e) => ({ id: num(e.id), period: code, date: `${code}-15` })));
  const undo = async () => {
    await setPeriods(
      moved.map((e) => ({ id: num(e.id), period: e.period_code, date: new Date(e.entry_date).toISOString() })),
    );
    await rows(`delete from accounting_period where code = ? and status = 'closed'`, [code]);
  };
  return { code, undo };
}

const enter = (payload: Record<string, unknown>, key: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/supplier-invoices',
    headers: { ...clerk, 'idempotency-key': key },
    payload: { invoiceDate: isoDay(0), ...payload },
  });

/** The invoice's status once its process decided: a match outside tolerance is approved by a controller. */
async function postedOrApproved(workflowId: string, supplierId: number, invoiceNumber: string) {
  const status = await eventually(async () => {
    const [row] = await rows<{ status: string }>(
      'select status from supplier_invoice where supplier_id = ? and invoice_number = ?',
      [supplierId, invoiceNumber],
    );
    return row && row.status !== 'matching' ? row.status : undefined;
  });
  if (status === 'awaiting-approval') {
    const task = await openFormTask<Task>(t.app, controller, workflowId, 'invoice-match-approval');
    expect((await complete(task.id, { decision: 'approve', comment: 'fee agreed' }, controller)).statusCode).toBe(200);
  }
  await instanceCompleted(t.orm, workflowId);
}

/** The invoice's journal entry: its period and each account's net (debit − credit). */
async function invoiceEntry(supplierCode: string, invoiceNumber: string) {
  const lines = await rows<{ period_code: string; account_code: string; net: string }>(
    `select e.period_code, l.account_code, sum(l.debit - l.credit) as net from journal_entry e
       join journal_line l on l.entry_id = e.id where e.source_type = 'supplier-invoice' and e.source_ref = ?
      group by e.period_code, l.account_code`,
    [`${supplierCode}-${invoiceNumber}`],
  );
  return {
    periods: [...new Set(lines.map((l) => l.period_code))],
    accounts: Object.fromEntries(lines.map((l) => [l.account_code, num(l.net)])),
  };
}

/**
 * A made item PA of the world's FG (1 FG per PA, no scrap) with a one-operation routing at a centre of its own (labour
 * 30.00 an hour, no overhead), so production orders in the world's warehouse issue the subcontracted FG as a kit.
 */
async function madeOfFg(world: SubcontractWorld): Promise<string> {
  const sku = `SPA-${world.suffix}`;
  const em = t.orm.em.fork();
  const [item] = await query<{ id: number }>(
    em,
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', 'test', false, null, 1, 'make', false, 'fifo', false, 50, now()) returning id`,
    [sku, `Made of ${world.sku.fg}`],
  );
  const [bom] = await query<{ id: number }>(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     values (?, 1, ?, false, 'tester', now()) returning id`,
    [item?.id, isoDay(-30)],
  );
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     select ?, 1, i.id, 1, 0 from item i where i.sku = ?`,
    [bom?.id, world.sku.fg],
  );
  const [centre] = await query<{ id: number }>(
    em,
    `insert into work_centre (code, name, active, created_at) values (?, ?, true, now()) returning id`,
    [`SWC${world.suffix}`, `Centre ${world.suffix}`],
  );
  await query(
    em,
    `insert into work_centre_rate (work_centre_id, effective_from, labour_rate, overhead_rate, created_by, created_at)
     values (?, ?, 30, null, 'tester', now())`,
    [centre?.id, isoDay(-400)],
  );
  const [routing] = await query<{ id: number }>(
    em,
    `insert into routing (item_id, version, effective_from, created_by, created_at)
     values (?, 1, ?, 'tester', now()) returning id`,
    [item?.id, isoDay(-30)],
  );
  await query(
    em,
    `insert into routing_operation (routing_id, seq, work_centre_id, description, setup_hours, run_hours_per_unit)
     values (?, 10, ?, 'Assemble', 0.1, 0.1)`,
    [routing?.id, centre?.id],
  );
  return sku;
}

/** A production order for `quantity` PA created by the planner, its kit of FG picked as proposed (lot FG-1). */
async function productionKitted(world: SubcontractWorld, itemSku: string, quantity: number, tag: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/production-orders',
    headers: { ...planner, 'idempotency-key': `fee-prd-${tag}-${world.suffix}` },
    payload: { itemSku, quantity, warehouseCode: world.warehouseCode, startDate: isoDay(0), dueDate: isoDay(14) },
  });
  expect(response.statusCode).toBe(201);
  const { number } = response.json<{ number: string }>();
  const workflowId = `production-order:${number}`;
  const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
  const picks = (kit.payload.picks as Array<Record<string, unknown>>).map(
    ({ lineNo, location, lotCode, quantity: picked }) => ({ lineNo, location, lotCode, quantity: picked }),
  );
  expect(picks).toEqual([expect.objectContaining({ lineNo: 1, lotCode: 'FG-1', quantity })]);
  expect((await complete(kit.id, { picks })).statusCode).toBe(200);
  return { number, workflowId };
}

/**
 * A production order's cost rows by kind and their sum (its WIP by the cost rows), and 1400 (WIP) and 5500 (variance)
 * of its own entries (the production process's); what later entries (an invoice's) booked for it is checked on them.
 */
async function orderBooks(number: string) {
  const kinds = await rows<{ kind: string; amount: string }>(
    `select c.kind, sum(c.amount) as amount from production_cost c join production_order o on o.id = c.production_order_id
      where o.number = ? group by c.kind`,
    [number],
  );
  const [ledger] = await rows<{ wip: string; variance: string }>(
    `select coalesce(sum(l.debit - l.credit) filter (where l.account_code = '1400'), 0) as wip,
            coalesce(sum(l.debit - l.credit) filter (where l.account_code = '5500'), 0) as variance
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'production-order' and e.source_ref = ?`,
    [number],
  );
  const costWip = Math.round(kinds.reduce((sum, k) => sum + num(k.amount), 0) * 100) / 100 || 0;
  return {
    byKind: Object.fromEntries(kinds.map((k) => [k.kind, num(k.amount)])),
    costWip,
    ownWip: num(ledger?.wip),
    ownVariance: num(ledger?.variance),
  };
}

describe('subcontract fee invoices (issue 15, item 3) on real Temporal + PostgreSQL', () => {
  test('a fee invoice after the delivery period closed posts in the open period and splits the difference between stock and COGS', async () => {
    const world = await subcontractWorld(t.orm);
    const { orderNumber, deliveryId } = await deliveredOrder(world);
    await ship(world, 4);
    const [supplier] = await rows<{ id: number }>('select id from supplier where code = ?', [world.supplierCode]);
    const supplierId = num(supplier?.id);
    const closed = await deliveryPeriodClosed(orderNumber);
    try {
      const closedEntries = `select count(*) as n from journal_entry where period_code = ?`;
      const before = await countRows(t.orm, closedEntries, [closed.code]);
      const invoiceNumber = `FEE-${world.suffix}`;
      // 10 x 3.40 = 34.00 net against 30.00 accrued: +4.00; 19 % tax 6.46.
      const response = await enter(
        {
          supplierCode: world.supplierCode,
          invoiceNumber,
          subcontractOrderNo: orderNumber,
          lines: [{ deliveryId, quantity: 10, unitPrice: 3.4, taxRate: 19 }],
        },
        `fee-inv-${world.suffix}`,
      );
      expect(response.statusCode).toBe(201);
      const { workflowId } = response.json<{ workflowId: string }>();
      await postedOrApproved(workflowId, supplierId, invoiceNumber);

      // Dr 2300 30.00 (the accrual, cleared in full), Dr 1510 6.46, Cr 2200 40.46; the +4.00 follows the 10 FG:
      // 6 still on hand -> 2.40 onto their layer (1300), 4 shipped -> 1.60 to COGS (5000).
      const entry = await invoiceEntry(world.supplierCode, invoiceNumber);
      const [open] = await rows<{ code: string }>(`select to_char(now(), 'YYYY-MM') as code`);
      expect(entry.periods).toEqual([open?.code]);
      expect(entry.accounts).toEqual({ '2300': 30, '1510': 6.46, '2200': -40.46, '1300': 2.4, '5000': 1.6 });
      expect(await countRows(t.orm, closedEntries, [closed.code])).toBe(before);
      // 2300 is zero for this order: accrued by the delivery, cleared by the invoice.
      const [fees] = await rows<{ net: string }>(
        `select coalesce(sum(l.credit - l.debit), 0) as net from journal_line l join journal_entry e on e.id = l.entry_id
          where l.account_code = '2300' and (e.source_ref = ? or e.source_ref = ?)`,
        [orderNumber, `${world.supplierCode}-${invoiceNumber}`],
      );
      expect(num(fees?.net)).toBe(0);
      // The layer of the 6 on hand: 6 x 9.20 = 55.20 + 2.40.
      const [layer] = await rows<{ quantity_remaining: string; value_remaining: string }>(
        `select cl.quantity_remaining, cl.value_remaining from cost_layer cl join stock_move m on m.id = cl.source_move_id
          where m.idempotency_key = ?`,
        [`subcontract:${orderNumber}:d1:finished`],
      );
      expect([num(layer?.quantity_remaining), num(layer?.value_remaining)]).toEqual([6, 57.6]);
      const [settlement] = await rows<{ explanation: string; difference: string; on_hand: string }>(
        `select explanation, difference, on_hand from subcontract_fee_settlement where delivery_id = ?`,
        [deliveryId],
      );
      expect(settlement?.explanation).toBe(
        'Delivery 1, 10 invoiced: fee difference +4.00: 2.40 on hand, 1.60 COGS (5000)',
      );

      // The tracking report: accrued 30.00, invoiced 34.00, difference +4.00.
      const report = await t.app.inject({
        method: 'GET',
        url: `/api/reports/subcontract-tracking?supplier=${world.supplierCode}`,
        headers: planner,
      });
      expect(report.json<{ items: unknown[] }>().items).toEqual([
        expect.objectContaining({ orderNumber, feesAccrued: 30, feesInvoiced: 34, feeDifference: 4 }),
      ]);

      // The order explains it: accrued, invoiced, difference and where it went.
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/subcontract-orders/${orderNumber}`,
        headers: planner,
      });
      expect(detail.json<{ fees: unknown }>().fees).toMatchObject({
        feesAccrued: 30,
        feesInvoiced: 34,
        feeDifference: 4,
        settlements: [
          { invoiceNumber, deliveryNo: 1, quantity: 10, accruedCleared: 30, onHand: 2.4, issued: { '5000': 1.6 } },
        ],
      });

      // A second invoice for the same delivery is refused naming the line's quantity; nothing is stored.
      const invoices = 'select count(*) as n from supplier_invoice where supplier_id = ?';
      const stored = await countRows(t.orm, invoices, [supplierId]);
      const again = await enter(
        {
          supplierCode: world.supplierCode,
          invoiceNumber: `${invoiceNumber}-2`,
          subcontractOrderNo: orderNumber,
          lines: [{ deliveryNo: 1, quantity: 1, unitPrice: 3, taxRate: 19 }],
        },
        `fee-inv-2-${world.suffix}`,
      );
      expect(again.statusCode).toBe(400);
      expect(again.json().error).toMatchObject({ field: 'lines[0].quantity' });
      expect(await countRows(t.orm, invoices, [supplierId])).toBe(stored);
    } finally {
      await closed.undo();
    }
  });

  test('a fee invoice after the period closed follows goods issued to an open and to a closed production order: WIP, variance, stock and COGS', async () => {
    const world = await subcontractWorld(t.orm);
    const { orderNumber, deliveryId } = await deliveredOrder(world);
    const made = await madeOfFg(world);
    // Of the 10 FG at 9.20: 3 into order A (left open at its operation), 2 into order B (reported, completed, closed),
    // 1 shipped; 4 stay on hand.
    const open = await productionKitted(world, made, 3, 'open');
    const done = await productionKitted(world, made, 2, 'closed');
    const operation = await openFormTask<Task>(t.app, clerk, done.workflowId, 'production-operation');
    expect((await complete(operation.id, { good: 2, scrap: 0, labourHours: 0.5 })).statusCode).toBe(200);
    const completion = await openFormTask<Task>(t.app, clerk, done.workflowId, 'production-completion');
    expect((await complete(completion.id, { good: 2, toLocation: world.bins.b })).statusCode).toBe(200);
    await instanceCompleted(t.orm, done.workflowId, 120_000, 'order B closed');
    await ship(world, 1);
    // B: material 2 x 9.20 = 18.40 + labour 0.5 x 30 = 15.00, all relieved by the completion: closed with WIP 0 and
    // no variance. A: 3 x 9.20 = 27.60 in WIP.
    expect(await orderBooks(done.number)).toMatchObject({ costWip: 0, ownWip: 0, ownVariance: 0 });
    expect(await orderBooks(open.number)).toEqual({
      byKind: { material: 27.6 },
      costWip: 27.6,
      ownWip: 27.6,
      ownVariance: 0,
    });
    const [status] = await rows<{ a: string; b: string }>(
      `select (select status from production_order where number = ?) as a,
              (select status from production_order where number = ?) as b`,
      [open.number, done.number],
    );
    expect([status?.a, status?.b]).toEqual(['in-progress', 'closed']);

    const [supplier] = await rows<{ id: number }>('select id from supplier where code = ?', [world.supplierCode]);
    const closed = await deliveryPeriodClosed(orderNumber);
    try {
      const closedEntries = `select count(*) as n from journal_entry where period_code = ?`;
      const before = await countRows(t.orm, closedEntries, [closed.code]);
      const invoiceNumber = `FEEP-${world.suffix}`;
      // 10 x 3.40 = 34.00 net against 30.00 accrued: +4.00, 0.40 a unit; 19 % tax 6.46.
      const response = await enter(
        {
          supplierCode: world.supplierCode,
          invoiceNumber,
          subcontractOrderNo: orderNumber,
          lines: [{ deliveryId, quantity: 10, unitPrice: 3.4, taxRate: 19 }],
        },
        `fee-inv-prd-${world.suffix}`,
      );
      expect(response.statusCode).toBe(201);
      await postedOrApproved(response.json<{ workflowId: string }>().workflowId, num(supplier?.id), invoiceNumber);

      // The +4.00 follows the 10 FG at 0.40 each: 4 on hand 1.60 (1300), 3 in open order A 1.20 (1400), 2 in closed
      // order B 0.80 (5500), 1 shipped 0.40 (5000); all in the open period, nothing in the closed one.
      const entry = await invoiceEntry(world.supplierCode, invoiceNumber);
      const [now] = await rows<{ code: string }>(`select to_char(now(), 'YYYY-MM') as code`);
      expect(entry.periods).toEqual([now?.code]);
      expect(entry.accounts).toEqual({
        '2300': 30,
        '1510': 6.46,
        '2200': -40.46,
        '1300': 1.6,
        '1400': 1.2,
        '5500': 0.8,
        '5000': 0.4,
      });
      expect(await countRows(t.orm, closedEntries, [closed.code])).toBe(before);
      const [layer] = await rows<{ quantity_remaining: string; value_remaining: string }>(
        `select cl.quantity_remaining, cl.value_remaining from cost_layer cl join stock_move m on m.id = cl.source_move_id
          where m.idempotency_key = ?`,
        [`subcontract:${orderNumber}:d1:finished`],
      );
      // 4 x 9.20 = 36.80 + 1.60.
      expect([num(layer?.quantity_remaining), num(layer?.value_remaining)]).toEqual([4, 38.4]);

      // Order A: its WIP 27.60 + 1.20 = 28.80 by its cost rows, by the ledger its own 27.60 and the invoice's 1.20 (the
      // only 1400 of that entry); its FG line now issued at 28.80, so its completion relieves the corrected cost.
      expect(await orderBooks(open.number)).toEqual({
        byKind: { material: 27.6, 'material-revaluation': 1.2 },
        costWip: 28.8,
        ownWip: 27.6,
        ownVariance: 0,
      });
      const [line] = await rows<{ v: string }>(
        `select c.issued_value as v from production_order_component c join production_order o on o.id = c.production_order_id
          where o.number = ? and c.line_no = 1`,
        [open.number],
      );
      expect(num(line?.v)).toBe(28.8);
      // Order B: closed, its WIP stays 0; the 0.80 (the invoice's only 5500) is a late re-valuation with its variance.
      expect(await orderBooks(done.number)).toMatchObject({
        byKind: { 'late-revaluation': 0.8, variance: -0.8 },
        costWip: 0,
        ownWip: 0,
        ownVariance: 0,
      });
      const posted = await rows<{ id: number }>(
        `select e.id from journal_entry e where e.source_type = 'supplier-invoice' and e.source_ref = ?`,
        [`${world.supplierCode}-${invoiceNumber}`],
      );
      const entryId = num(posted[0]?.id);
      const timeline = async (number: string) => {
        const detail = await t.app.inject({ method: 'GET', url: `/api/production-orders/${number}`, headers: planner });
        const body = detail.json<{
          cost: { wip: number; variance: number };
          reports: Array<{
            kind: string;
            componentLineNo: number | null;
            amount: number | null;
            journalEntryId: number | null;
          }>;
        }>();
        return {
          cost: body.cost,
          rows: body.reports
            .filter((r) => r.journalEntryId === entryId)
            .map((r) => [r.kind, r.componentLineNo, r.amount]),
        };
      };
      expect(await timeline(open.number)).toMatchObject({
        cost: { wip: 28.8, variance: 0 },
        rows: [['material-revaluation', 1, 1.2]],
      });
      expect(await timeline(done.number)).toMatchObject({
        cost: { wip: 0, variance: 0.8 },
        rows: [
          ['late-revaluation', 1, 0.8],
          ['variance', 1, -0.8],
        ],
      });

      // The subcontract order explains each part (accounts in number order).
      const [settlement] = await rows<{ explanation: string }>(
        `select explanation from subcontract_fee_settlement where delivery_id = ?`,
        [deliveryId],
      );
      expect(settlement?.explanation).toBe(
        'Delivery 1, 10 invoiced: fee difference +4.00: 1.60 on hand, 1.20 WIP (1400), 0.40 COGS (5000), 0.80 production variance (5500)',
      );
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/subcontract-orders/${orderNumber}`,
        headers: planner,
      });
      expect(detail.json<{ fees: unknown }>().fees).toMatchObject({
        feesAccrued: 30,
        feesInvoiced: 34,
        feeDifference: 4,
        settlements: [
          {
            invoiceNumber,
            quantity: 10,
            accruedCleared: 30,
            onHand: 1.6,
            issued: { '1400': 1.2, '5500': 0.8, '5000': 0.4 },
          },
        ],
      });
    } finally {
      await closed.undo();
      // Order A gives its FG back (at the corrected 28.80) rather than wait for work nobody will report.
      await t.app.inject({
        method: 'POST',
        url: `/api/production-orders/${open.number}/cancel`,
        headers: planner,
        payload: { reason: 'fee invoice test over' },
      });
    }
  });

  test('bad input names the field and stores nothing: unknown order, a delivery of another order, another supplier', async () => {
    const world = await subcontractWorld(t.orm);
    const { orderNumber } = await deliveredOrder(world);
    const invoices = 'select count(*) as n from supplier_invoice where invoice_number like ?';
    const base = { supplierCode: world.supplierCode, invoiceNumber: `BAD-${world.suffix}` };
    const line = { deliveryNo: 1, quantity: 1, unitPrice: 3, taxRate: 0 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, subcontractOrderNo: 'SC-NOPE', lines: [line] }, 'subcontractOrderNo'],
      [{ ...base, subcontractOrderNo: orderNumber, lines: [{ ...line, deliveryNo: 2 }] }, 'lines[0].deliveryNo'],
      [
        { ...base, subcontractOrderNo: orderNumber, lines: [{ ...line, deliveryId: 0x7fffffff }] },
        'lines[0].deliveryId',
      ],
      [{ ...base, supplierCode: 'S-NORD', subcontractOrderNo: orderNumber, lines: [line] }, 'subcontractOrderNo'],
      [{ ...base, orderNumber: 'PO-X', subcontractOrderNo: orderNumber, lines: [line] }, 'subcontractOrderNo'],
    ];
    for (const [index, [payload, field]] of cases.entries()) {
      const response = await enter(payload, `fee-bad-${world.suffix}-${index}`);
      expect([response.statusCode, response.json().error?.field]).toEqual([400, field]);
    }
    expect(await countRows(t.orm, invoices, [`BAD-${world.suffix}%`])).toBe(0);
  });
});
