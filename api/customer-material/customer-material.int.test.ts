import { ApplicationFailure } from '@temporalio/common';
import { sendSubcontractComponents } from '../../activities/subcontracting/send-components';
import { freeStock } from '../manufacturing/kitting/kitting-loader';
import { readDemandsAndSupplies } from '../../db/planning/mrp-snapshot';
import { lockAllocationCandidates } from '../../db/repositories/allocation-repository';
import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import {
  isoDay,
  publishSupplierRules,
  receiveLots,
  subcontractWorld,
  type SubcontractWorld,
} from '../subcontracting/subcontract-world';

jest.setTimeout(300_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const planner = t.headers('planner');
const admin = t.headers('admin');
const admin2 = t.headers('admin2');

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

/** A customer of the test's own (and one of their sales orders), so the statement holds only this test's figures. */
async function customerWithOrder(suffix: string) {
  const code = `CM-${suffix}`;
  const [customer] = await rows<{ id: number }>(
    `insert into customer (code, name, ship_to_address, created_at) values (?, ?, 'Test street 1', now()) returning id`,
    [code, `Customer material ${suffix}`],
  );
  const orderNumber = `SO-CM-${suffix}`;
  await rows(
    `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
     values (?, ?, 'open', ?, 'tester', now(), now())`,
    [orderNumber, customer?.id, `test-only:${orderNumber}`],
  );
  return { code, id: num(customer?.id), orderNumber };
}

/** The Inventory account's balance (all of 1300's journal lines). */
async function inventoryAccount() {
  const [row] = await rows<{ b: string }>(
    `select coalesce(sum(debit - credit), 0) as b from journal_line where account_code = '1300'`,
  );
  return num(row?.b);
}

const receive = (payload: object, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/customer-material/receipts',
    headers: key ? { ...clerk, 'idempotency-key': key } : clerk,
    payload,
  });
const giveBack = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/customer-material/returns', headers: clerk, payload });
const statement = async (customer: string) =>
  t.app.inject({ method: 'GET', url: `/api/customer-material/statement?customer=${customer}`, headers: planner });

/** What one owner holds of an item at a location and lot, by status. */
async function held(sku: string, location: string, lot: string, ownerId: number | null, status = 'available') {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ? and b.status = ?
        and coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0)`,
    [sku, location, lot, status, ownerId],
  );
  return num(row?.q);
}

const itemId = async (sku: string) =>
  num((await rows<{ id: number }>('select id from item where sku = ?', [sku]))[0]?.id);

describe('customer-supplied material on real PostgreSQL', () => {
  test('a receipt against the customer’s order is counted, never valued; allocation and MRP never see it; returns and the statement; bad input names its field and keeps nothing', async () => {
    const world = await subcontractWorld(t.orm);
    const customer = await customerWithOrder(world.suffix);
    const other = await customerWithOrder(`${world.suffix}X`);
    // Ours and the customer's in the same bin and lot: two balances, one per owner.
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-SHARED', location: world.bins.b, quantity: 5, unitCost: 4 }]);
    const before = await inventoryAccount();

    const good = {
      customerCode: customer.code,
      salesOrderNumber: customer.orderNumber,
      location: world.bins.a,
      lines: [
        { itemSku: world.sku.plate, lotCode: 'CP-1', quantity: 8 },
        { itemSku: world.sku.plate, lotCode: 'P-SHARED', quantity: 3 },
      ],
    };
    // Bad input first: each a 4xx naming the field, nothing kept.
    const bad: Array<[object, number, string, string]> = [
      [{ ...good, customerCode: 'NO-SUCH-CUSTOMER' }, 400, 'UNKNOWN_CUSTOMER', 'customerCode'],
      [{ ...good, salesOrderNumber: other.orderNumber }, 400, 'VALIDATION_FAILED', 'salesOrderNumber'],
      [{ ...good, salesOrderNumber: undefined }, 400, 'VALIDATION_FAILED', 'salesOrderNumber'],
      [{ ...good, location: 'NO-SUCH-BIN' }, 400, 'UNKNOWN_LOCATION', 'location'],
      [
        { ...good, lines: [good.lines[0], { itemSku: 'NO-SUCH-ITEM', quantity: 1 }] },
        400,
        'UNKNOWN_ITEM',
        'lines[1].itemSku',
      ],
    ];
    for (const [payload, status, code, field] of bad) {
      const refused = await receive(payload);
      expect([refused.statusCode, refused.json().error]).toEqual([status, expect.objectContaining({ code, field })]);
    }
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', customer.id)).toBe(0);

    const received = await receive(
      { ...good, location: world.bins.b, lines: [{ itemSku: world.sku.plate, lotCode: 'P-SHARED', quantity: 3 }] },
      `cm-shared-${world.suffix}`,
    );
    expect(received.statusCode).toBe(201);
    const first = await receive({ ...good, lines: [good.lines[0]] }, `cm-${world.suffix}`);
    expect(first.statusCode).toBe(201);
    // A retry with the same key answers the first receipt again and posts nothing more.
    const retried = await receive({ ...good, lines: [good.lines[0]] }, `cm-${world.suffix}`);
    expect(retried.json()).toEqual(first.json());
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', customer.id)).toBe(8);
    expect(await held(world.sku.plate, world.bins.b, 'P-SHARED', customer.id)).toBe(3);
    expect(await held(world.sku.plate, world.bins.b, 'P-SHARED', null)).toBe(5);

    // Never valued: no layer, no journal entry, no account on the moves; Inventory (1300) unchanged.
    const moves = await rows<{ id: number; owner_customer_id: number; offset_account: string | null }>(
      `select id, owner_customer_id, offset_account from stock_move where document_type = 'customer-material-receipt'
          and document_ref = ?`,
      [customer.orderNumber],
    );
    expect(moves.map((m) => [num(m.owner_customer_id), m.offset_account])).toEqual([
      [customer.id, null],
      [customer.id, null],
    ]);
    const ids = moves.map((m) => num(m.id));
    expect(await rows('select id from cost_layer where source_move_id in (?)', [ids])).toEqual([]);
    expect(
      await rows(`select id from journal_entry where source_type = 'customer-material-receipt' and source_ref like ?`, [
        `${customer.orderNumber}%`,
      ]),
    ).toEqual([]);
    expect(await inventoryAccount()).toBeCloseTo(before, 2);
    // The stock report counts their 3 beside our 5 in the same bin and lot but values only ours (the owner decides).
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/reports/stock-on-hand?itemSku=${world.sku.plate}&lotCode=P-SHARED`,
      headers: planner,
    });
    expect(report.statusCode).toBe(200);
    const stockRows = report.json<{ items: Array<{ quantity: number; unitValue: number; value: number }> }>().items;
    expect(stockRows.map((r) => [r.quantity, r.unitValue, r.value]).sort()).toEqual([
      [3, 0, 0],
      [5, 4, 20],
    ]);

    // Allocation (sales and production) sees only our balance; the customer's is a candidate only when asked for.
    const plate = await itemId(world.sku.plate);
    const ours = await t.orm.em.fork().transactional((em) => lockAllocationCandidates(em, plate));
    expect(ours.map((c) => [c.locationCode, c.lotCode, c.free])).toEqual([[world.bins.b, 'P-SHARED', 5]]);
    const theirs = await t.orm.em.fork().transactional((em) => lockAllocationCandidates(em, plate, customer.id));
    expect(theirs.map((c) => [c.locationCode, c.lotCode, c.free]).sort()).toEqual(
      [
        [world.bins.a, 'CP-1', 8],
        [world.bins.b, 'P-SHARED', 3],
      ].sort(),
    );
    // MRP's on-hand supply is ours only: 5, not 16.
    const { supplies } = await readDemandsAndSupplies(t.orm.em.fork(), isoDay(0), [world.sku.plate]);
    const onHand = supplies.filter((s) => s.kind === 'on-hand');
    expect(onHand.reduce((sum, s) => sum + s.quantity, 0)).toBe(5);
    // Kitting's free stock is ours only: 5, not 16.
    const free = await freeStock(t.orm.em.fork(), [world.sku.plate], isoDay(0));
    expect(free.get(world.sku.plate)).toBe(5);

    // Returning more than we hold of theirs refuses the whole return naming the line; nothing kept.
    const tooMuch = await giveBack({
      customerCode: customer.code,
      location: world.bins.a,
      lines: [
        { itemSku: world.sku.plate, lotCode: 'CP-1', quantity: 1 },
        { itemSku: world.sku.plate, lotCode: 'CP-1', quantity: 7.5 },
      ],
    });
    expect([tooMuch.statusCode, tooMuch.json().error]).toEqual([
      409,
      expect.objectContaining({ field: 'lines[1].quantity' }),
    ]);
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', customer.id)).toBe(8);
    // Our own 5 in bin B are not theirs to return: only their 3 there are.
    const notTheirs = await giveBack({
      customerCode: customer.code,
      location: world.bins.b,
      lines: [{ itemSku: world.sku.plate, lotCode: 'P-SHARED', quantity: 4 }],
    });
    expect([notTheirs.statusCode, notTheirs.json().error]).toEqual([
      409,
      expect.objectContaining({ field: 'lines[0].quantity' }),
    ]);
    const unknown = await giveBack({ customerCode: 'NO-SUCH-CUSTOMER', location: world.bins.a, lines: good.lines });
    expect([unknown.statusCode, unknown.json().error]).toEqual([
      400,
      expect.objectContaining({ field: 'customerCode' }),
    ]);

    const returned = await giveBack({
      customerCode: customer.code,
      location: world.bins.a,
      reference: `RET-${world.suffix}`,
      lines: [{ itemSku: world.sku.plate, lotCode: 'CP-1', quantity: 2.5 }],
    });
    expect(returned.statusCode).toBe(201);
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', customer.id)).toBe(5.5);
    expect(await held(world.sku.plate, world.bins.b, 'P-SHARED', null)).toBe(5);
    expect(await inventoryAccount()).toBeCloseTo(before, 2);

    const listed = await statement(customer.code);
    expect(listed.statusCode).toBe(200);
    const items = listed.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(items.map((r) => [r.locationCode, r.lotCode, r.received, r.used, r.returned, r.held])).toEqual([
      [world.bins.a, 'CP-1', 8, 0, 2.5, 5.5],
      [world.bins.b, 'P-SHARED', 3, 0, 0, 3],
    ]);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/customer-material/statement/export.csv?customer=${customer.code}`,
      headers: planner,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe(
      'Customer,Item,Name,Lot,Location,Received,Moved in,Moved out,Used,Used in,Consumed in production,Returned,Held,Unit',
    );
    expect(csv.body).toContain(`${world.sku.plate},`);
    const nobody = await statement('NO-SUCH-CUSTOMER');
    expect([nobody.statusCode, nobody.json().error]).toEqual([400, expect.objectContaining({ field: 'customer' })]);
  });

  test('a customer-provided subcontract component: the real process sends only the customer’s material, consumes it from the customer’s balance at the supplier, returns the rest still theirs and closes; 1300 untouched, the finished goods’ cost excludes it; sending it as ours is refused naming the lot (400 through the task, nothing moved)', async () => {
    const world: SubcontractWorld = await subcontractWorld(t.orm);
    const customer = await customerWithOrder(world.suffix);
    await publishSupplierRules(t.app, { admin, admin2 }, [
      // As sent: the completing delivery consumes what is left after the supplier's return of the customer's rest.
      { supplierCode: world.supplierCode, method: 'as-sent', overDeliveryPercent: 5 },
    ]);
    await receiveLots(t.orm, world.sku.bolt, [
      { lot: 'B-OLD', location: world.bins.a, quantity: 10, unitCost: 1 },
      { lot: 'B-NEW', location: world.bins.b, quantity: 20, unitCost: 1.5 },
    ]);
    // Our own plates lie beside the customer's: the customer-provided line must never take them.
    await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-OURS', location: world.bins.b, quantity: 10, unitCost: 4 }]);
    const before = await inventoryAccount();
    const material = await receive({
      customerCode: customer.code,
      salesOrderNumber: customer.orderNumber,
      location: world.bins.a,
      lines: [
        { itemSku: world.sku.plate, lotCode: 'CP-1', quantity: 10 },
        { itemSku: world.sku.bolt, lotCode: 'CB-1', quantity: 5 },
      ],
    });
    expect(material.statusCode).toBe(201);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/subcontract-orders',
      headers: { ...planner, 'idempotency-key': `cm-sc-${world.suffix}` },
      payload: {
        supplierCode: world.supplierCode,
        itemSku: world.sku.fg,
        quantity: 10,
        dueDate: isoDay(14),
        feePerUnit: 3,
        warehouseCode: world.warehouseCode,
        components: [
          { itemSku: world.sku.bolt, quantityPer: 2, scrapPercent: 10 },
          { itemSku: world.sku.plate, quantityPer: 1, provision: 'customer', customerCode: customer.code },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const approval = await openFormTask<{ id: string }>(t.app, planner, workflowId, 'subcontract-approval');
    const approve = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${approval.id}/complete`,
      headers: planner,
      payload: { payload: { approved: true } },
    });
    expect(approve.statusCode).toBe(200);
    const pick = await openFormTask<{ id: string; payload: Record<string, unknown> }>(
      t.app,
      clerk,
      workflowId,
      'production-kit-pick',
    );
    const picks = (pick.payload.picks as SendPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));
    // Bolts from our lots only (never the customer's CB-1), plates from the customer's CP-1 only (never P-OURS).
    expect(picks).toEqual(
      expect.arrayContaining([
        { lineNo: 1, location: world.bins.a, lotCode: 'B-OLD', quantity: 10 },
        { lineNo: 1, location: world.bins.b, lotCode: 'B-NEW', quantity: 12 },
        { lineNo: 2, location: world.bins.a, lotCode: 'CP-1', quantity: 10 },
      ]),
    );
    expect(picks).toHaveLength(3);
    // Through the task, the customer's bolts (CB-1, beside our B-OLD) picked for our bolt line, or our plates (P-OURS)
    // for the customer's plate line, are refused before anything moves: a 400 naming the pick's lot or place, the
    // pick task still open, nothing at the supplier yet.
    const site = `SUP-${world.supplierCode}`;
    const oldBolts = picks.findIndex((p) => p.lotCode === 'B-OLD');
    const customerPlates = picks.findIndex((p) => p.lotCode === 'CP-1');
    const wrongPicks: Array<[unknown[], string]> = [
      [picks.map((p, i) => (i === oldBolts ? { ...p, lotCode: 'CB-1' } : p)), `payload.picks[${oldBolts}].lotCode`],
      [
        picks.map((p, i) => (i === customerPlates ? { ...p, location: world.bins.b, lotCode: 'P-OURS' } : p)),
        `payload.picks[${customerPlates}].location`,
      ],
    ];
    for (const [wrong, field] of wrongPicks) {
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/tasks/${pick.id}/complete`,
        headers: clerk,
        payload: { payload: { picks: wrong } },
      });
      expect([refused.statusCode, refused.json().error]).toEqual([
        400,
        expect.objectContaining({ code: 'TASK_PAYLOAD_INVALID', field }),
      ]);
    }
    const pickNow = await t.app.inject({ method: 'GET', url: `/api/tasks/${pick.id}`, headers: clerk });
    expect(pickNow.json<{ status: string }>().status).not.toBe('completed');
    expect(await held(world.sku.bolt, world.bins.a, 'CB-1', customer.id)).toBe(5);
    expect(await held(world.sku.plate, world.bins.b, 'P-OURS', null)).toBe(10);
    expect(await held(world.sku.plate, site, 'CP-1', customer.id, 'at-supplier')).toBe(0);
    expect(await inventoryAccount()).toBeCloseTo(before, 2);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${pick.id}/complete`,
      headers: clerk,
      payload: { payload: { picks } },
    });
    expect(sent.statusCode).toBe(200);
    await openFormTask(t.app, clerk, workflowId, 'supplier-receipt');
    expect(await held(world.sku.plate, site, 'CP-1', customer.id, 'at-supplier')).toBe(10);
    expect(await held(world.sku.plate, world.bins.b, 'P-OURS', null)).toBe(10);
    expect(await held(world.sku.bolt, world.bins.a, 'CB-1', customer.id)).toBe(5);
    // Receiving and sending the customer's material moved nothing in Inventory.
    expect(await inventoryAccount()).toBeCloseTo(before, 2);

    // Sending a customer's lot for our line, or ours for the customer's line, is refused naming the pick's lot.
    const sendAs = (lineNo: number, location: string, lotCode: string) =>
      t.orm.em.fork().transactional((em) =>
        sendSubcontractComponents(
          em,
          {
            workflowId,
            orderNumber,
            round: 99,
            picks: [{ lineNo, location, lotCode, quantity: 1 }],
            userName: 'tester',
          },
          `cm-bad-${lineNo}`,
        ),
      );
    for (const [lineNo, location, lot] of [
      [1, world.bins.a, 'CB-1'],
      [2, world.bins.b, 'P-OURS'],
    ] as const) {
      const refusal = await sendAs(lineNo, location, lot).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ApplicationFailure);
      expect(refusal).toMatchObject({ type: 'SEND_REFUSED', details: [{ field: 'picks[0].lotCode' }] });
    }
    expect(await held(world.sku.bolt, world.bins.a, 'CB-1', customer.id)).toBe(5);

    // A delivery of 4 of 10 consumes 4/10 of what was sent: our bolts 22 x 0.4 = 8.8 at 1.00 + the fee 4 x 3 = 20.80;
    // the customer's plates (10 x 0.4 = 4) cost nothing.
    const delivery = await openFormTask<{ id: string }>(t.app, clerk, workflowId, 'supplier-receipt');
    const delivered = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${delivery.id}/complete`,
      headers: clerk,
      payload: { payload: { quantity: 4, lotCode: 'FG-1' } },
    });
    expect(delivered.statusCode).toBe(200);
    const layer = await eventually(async () => {
      const [row] = await rows<{ value: string; quantity: string }>(
        `select cl.value_in as value, cl.quantity_in as quantity from cost_layer cl join stock_move m on m.id = cl.source_move_id
           join item i on i.id = m.item_id where i.sku = ? and m.move_type = 'receipt'`,
        [world.sku.fg],
      );
      return row;
    });
    expect(num(layer.value)).toBe(20.8);
    // Inventory rose by the fee alone (bolts moved from 1300 into the goods): the plates never entered it.
    expect(await inventoryAccount()).toBeCloseTo(before + 12, 2);

    const listed = await statement(customer.code);
    const items = listed.json<{ items: Array<Record<string, unknown>> }>().items;
    const plates = items.filter((r) => r.itemSku === world.sku.plate);
    expect(plates.map((r) => [r.locationCode, r.received, r.transferredIn, r.transferredOut, r.held])).toEqual(
      expect.arrayContaining([
        [world.bins.a, 10, 0, 10, 0],
        [site, 0, 10, 0, 6],
      ]),
    );
    // The 4 plates were taken from the customer's balance at the supplier and show as used in this order.
    expect(await held(world.sku.plate, site, 'CP-1', customer.id, 'at-supplier')).toBe(6);
    expect(plates.find((r) => r.locationCode === site)).toMatchObject({ used: 4, usedIn: [orderNumber] });
    const entryLines = async () =>
      rows<{ account_code: string; debit: string; credit: string }>(
        `select l.account_code, l.debit, l.credit from journal_line l join journal_entry e on e.id = l.entry_id
          where e.source_type = 'subcontract-order' and (e.source_ref = ? or e.source_ref like ?)
          order by e.id, l.account_code, l.debit desc`,
        [orderNumber, `${orderNumber}/%`],
      ).then((lines) =>
        lines.map((l) => `${l.account_code} ${num(l.debit) > 0 ? `Dr ${num(l.debit)}` : `Cr ${num(l.credit)}`}`),
      );
    // The delivery's one entry holds our bolts and the fee only.
    expect(await entryLines()).toEqual(['1300 Dr 20.8', '1300 Cr 8.8', '2300 Cr 12']);

    // The last 6, and the supplier sends back 1 customer plate: it comes home still the customer's; as sent the rest
    // is consumed (bolts 13.2: 1.2 x 1.00 + 12 x 1.50 = 19.20; plates 5, worth nothing) + fee 18 = 37.20.
    const last = await eventually(async () => {
      const detail = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: clerk });
      const tasks = detail.json<{ tasks: Array<{ id: string; status: string; formKind: string }> }>().tasks;
      return tasks.find(
        (task) => task.status === 'open' && task.formKind === 'supplier-receipt' && task.id !== delivery.id,
      );
    });
    const completed = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${last.id}/complete`,
      headers: clerk,
      payload: { payload: { quantity: 6, lotCode: 'FG-2', returned: [{ lineNo: 2, quantity: 1 }] } },
    });
    expect(completed.statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 60_000, 'the order closed');
    const [closed] = await rows<{ status: string }>('select status from subcontract_order where order_number = ?', [
      orderNumber,
    ]);
    expect(closed?.status).toBe('closed');
    expect(await held(world.sku.plate, site, 'CP-1', customer.id, 'at-supplier')).toBe(0);
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', customer.id)).toBe(1);
    expect(await held(world.sku.plate, world.bins.a, 'CP-1', null)).toBe(0);
    const totals = await rows<{ line_no: number; sent: string; consumed: string; returned: string }>(
      `select c.line_no, c.sent_quantity as sent, c.consumed_quantity as consumed, c.returned_quantity as returned
         from subcontract_order_component c join subcontract_order o on o.id = c.order_id
        where o.order_number = ? order by c.line_no`,
      [orderNumber],
    );
    expect(totals.map((r) => [r.line_no, num(r.sent), num(r.consumed), num(r.returned)])).toEqual([
      [1, 22, 22, 0],
      [2, 10, 9, 1],
    ]);
    const [goods] = await rows<{ value: string }>(
      `select cl.value_in as value from cost_layer cl join stock_move m on m.id = cl.source_move_id
         left join lot on lot.id = m.lot_id join item i on i.id = m.item_id
        where i.sku = ? and m.move_type = 'receipt' and lot.code = 'FG-2'`,
      [world.sku.fg],
    );
    expect(num(goods?.value)).toBe(37.2);
    expect(await entryLines()).toEqual([
      '1300 Dr 20.8',
      '1300 Cr 8.8',
      '2300 Cr 12',
      '1300 Dr 37.2',
      '1300 Cr 19.2',
      '2300 Cr 18',
    ]);
    // Over the order 1300 rose by the fees alone (10 x 3): the customer's plates never entered it.
    expect(await inventoryAccount()).toBeCloseTo(before + 30, 2);
    const finalStatement = (await statement(customer.code)).json<{ items: Array<Record<string, unknown>> }>().items;
    expect(
      finalStatement
        .filter((r) => r.itemSku === world.sku.plate)
        .map((r) => [r.locationCode, r.transferredIn, r.transferredOut, r.used, r.usedIn, r.held]),
    ).toEqual(
      expect.arrayContaining([
        [world.bins.a, 1, 10, 0, [], 1],
        [site, 10, 1, 9, [orderNumber], 0],
      ]),
    );
  });
});
