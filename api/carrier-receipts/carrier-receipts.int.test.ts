import { createCarrierReceiptActivities } from '../../activities/carrier-receipts/carrier-receipt-activities';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import type { SendPick } from '../../workflows/subcontract-order/subcontract-order.contract';
import { isoDay, receiveLots, subcontractWorld, type SubcontractWorld } from '../subcontracting/subcontract-world';

jest.setTimeout(300_000);

/** The finished posting is kept as a replay fixture (MW_RECORD_HISTORIES=1 writes it to test/replay/histories). */
const t = useTestApp({ histories: 'carrier-receipt' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');

interface Task {
  id: string;
  payload: Record<string, unknown>;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);
const complete = (taskId: string, payload: Record<string, unknown>, as = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: as, payload: { payload } });

/**
 * A subcontract order for 10 FG at a fee of 3.00, delivered in one delivery of 10: bolts 22 x 1.00, plates 10 x 4.00,
 * fee 30.00, so the finished goods' layer holds 92.00. Returns the delivery's reference `<order>/1`.
 */
async function deliveredOrder(world: SubcontractWorld): Promise<string> {
  await receiveLots(t.orm, world.sku.bolt, [{ lot: 'B-1', location: world.bins.a, quantity: 30, unitCost: 1 }]);
  await receiveLots(t.orm, world.sku.plate, [{ lot: 'P-1', location: world.bins.a, quantity: 10, unitCost: 4 }]);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/subcontract-orders',
    headers: { ...planner, 'idempotency-key': `freight-${world.suffix}` },
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
  expect((await complete(receipt.id, { quantity: 10, lotCode: 'FG-1' })).statusCode).toBe(200);
  await instanceCompleted(t.orm, workflowId, 60_000, 'the subcontract order closed');
  return `${orderNumber}/1`;
}

/** Ships `quantity` FG of lot FG-1 (Dr 5000 / Cr 1300 at FIFO cost), so part of the delivery is gone. */
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
      documentRef: `freight-ship-${world.suffix}`,
      userName: 'tester',
      idempotencyKey: `freight-ship:${world.suffix}`,
    }),
  );
}

const layerValue = async (sku: string) => {
  const [row] = await rows<{ value: string }>(
    `select sum(cl.value_remaining) as value from cost_layer cl join item i on i.id = cl.item_id where i.sku = ?`,
    [sku],
  );
  return num(row?.value);
};

const enter = (payload: Record<string, unknown>, key: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/carrier-receipts',
    headers: { ...clerk, 'idempotency-key': key },
    payload,
  });

interface Detail {
  receiptNumber: string;
  status: string;
  refusal: string | null;
  basis: string | null;
  journalEntryId: number | null;
  lines: Array<{ deliveryReference: string; share: number; onHand: number; issued: Record<string, number> }>;
  distribution: { policyBasis: string | null; reason: string | null; rule: string | null };
}

const detail = async (receiptNumber: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/carrier-receipts/${receiptNumber}`, headers: clerk })).json<Detail>();

describe('carrier receipts: freight spread over subcontract deliveries', () => {
  let first: SubcontractWorld;
  let second: SubcontractWorld;
  let deliveries: string[];

  beforeAll(async () => {
    first = await subcontractWorld(t.orm);
    second = await subcontractWorld(t.orm);
    deliveries = [await deliveredOrder(first), await deliveredOrder(second)];
    await ship(first, 4); // 4 of 10 at 9.20 = 36.80 to COGS; 55.20 left on the layer
  });

  test('refusals name the field and store nothing', async () => {
    const valid = {
      carrierCode: first.supplierCode,
      reference: `REF-${first.suffix}-bad`,
      date: isoDay(0),
      amount: 10,
      deliveries: [{ reference: deliveries[0] }],
    };
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ deliveries: [{ reference: 'SC-999999/9' }] }, 400, 'VALIDATION_FAILED', 'deliveries[0].reference'],
      [
        { deliveries: [{ reference: deliveries[0] }, { reference: deliveries[0] }] },
        400,
        'VALIDATION_FAILED',
        'deliveries[1].reference',
      ],
      [{ amount: 0 }, 400, 'VALIDATION_FAILED', 'amount'],
      [{ amount: -5 }, 400, 'VALIDATION_FAILED', 'amount'],
      [{ carrierCode: `NOPE-${first.suffix}` }, 400, 'UNKNOWN_SUPPLIER', 'carrierCode'],
      [{ date: isoDay(3) }, 400, 'VALIDATION_FAILED', 'date'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await enter(
        { ...valid, ...change },
        `bad-${first.suffix}-${field}-${status}-${JSON.stringify(change)}`,
      );
      expect({
        status: response.statusCode,
        code: response.json().error?.code,
        field: response.json().error?.field,
      }).toEqual({
        status: expect.any(Number),
        code,
        field,
      });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    expect(
      await countRows(t.orm, 'select count(*) as n from carrier_receipt where reference = ?', [valid.reference]),
    ).toBe(0);
  });

  test('a date in a closed period is refused naming date; nothing stored', async () => {
    const [next] = await rows<{ code: string }>(
      `select coalesce(to_char(max(ends_on) + 1, 'YYYY-MM'), '2021-01') as code from accounting_period where status = 'closed'`,
    );
    const code = String(next?.code);
    expect(code < '2025-01').toBe(true); // far back: nothing the other tests post lies there
    await rows(
      `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
       values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'closed', now(), 'test')`,
      [code, code, code],
    );
    try {
      const reference = `REF-${first.suffix}-closed`;
      const response = await enter(
        {
          carrierCode: first.supplierCode,
          reference,
          date: `${code}-15`,
          amount: 10,
          deliveries: [{ reference: deliveries[0] }],
        },
        `closed-${first.suffix}`,
      );
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'PERIOD_CLOSED', field: 'date' });
      expect(await countRows(t.orm, 'select count(*) as n from carrier_receipt where reference = ?', [reference])).toBe(
        0,
      );
    } finally {
      await rows(`delete from accounting_period where code = ? and status = 'closed' and closed_by = 'test'`, [code]);
    }
  });

  test('a period closed after the receipt was entered: the posting is refused whole, and the receipt says so', async () => {
    const [next] = await rows<{ code: string }>(
      `select coalesce(to_char(max(ends_on) + 1, 'YYYY-MM'), '2021-01') as code from accounting_period where status = 'closed'`,
    );
    const code = String(next?.code);
    expect(code < '2025-01').toBe(true);
    const receiptNumber = `CR-T${second.suffix}`;
    // Stored as the API stores a receipt whose period was open then (the API itself refuses a closed one up front).
    const [carrier] = await rows<{ id: number }>('select id from supplier where code = ?', [second.supplierCode]);
    const [move] = await rows<{ id: number }>(
      `select id from stock_move where idempotency_key = 'subcontract:' || ? || ':d1:finished'`,
      [deliveries[1]?.split('/')[0]],
    );
    const [stored] = await rows<{ id: number }>(
      `insert into carrier_receipt (receipt_number, carrier_id, reference, receipt_date, amount, status, workflow_id,
                                    outranked, created_by, created_at)
       values (?, ?, ?, ?, 10, 'posting', ?, '[]', 'tester', now()) returning id`,
      [receiptNumber, carrier?.id, `LATE-${second.suffix}`, `${code}-15`, `carrier-receipt:${receiptNumber}`],
    );
    await rows(
      `insert into carrier_receipt_line (receipt_id, line_no, delivery_reference, kind, order_number, delivery_no,
                                         receipt_move_id, item_sku, quantity, issued)
       values (?, 1, ?, 'subcontract-order', ?, 1, ?, ?, 10, '{}')`,
      [stored?.id, deliveries[1], deliveries[1]?.split('/')[0], move?.id, second.sku.fg],
    );
    await rows(
      `insert into accounting_period (code, starts_on, ends_on, status, closed_at, closed_by)
       values (?, to_date(?, 'YYYY-MM'), (to_date(?, 'YYYY-MM') + interval '1 month - 1 day')::date, 'closed', now(), 'test')`,
      [code, code, code],
    );
    try {
      const before = await layerValue(second.sku.fg);
      const activities = createCarrierReceiptActivities({ orm: t.orm });
      await expect(
        activities.postCarrierReceipt({ receiptNumber, workflowId: `carrier-receipt:${receiptNumber}` }),
      ).rejects.toMatchObject({ type: 'PERIOD_CLOSED', nonRetryable: true });
      expect(await layerValue(second.sku.fg)).toBe(before);
      expect(
        await countRows(t.orm, `select count(*) as n from journal_entry where source_ref = ?`, [receiptNumber]),
      ).toBe(0);
      const again = {
        carrierCode: second.supplierCode,
        reference: `LATE-${second.suffix}`,
        date: isoDay(3), // in the future, refused after the duplicate check
        amount: 10,
        deliveries: [{ reference: deliveries[1] }],
      };
      const held = await enter(again, `again-${second.suffix}-held`);
      expect([held.statusCode, held.json().error?.field]).toEqual([409, 'reference']);
      await activities.refuseCarrierReceipt({ receiptNumber, refusal: 'Period closed' });
      expect(await detail(receiptNumber)).toMatchObject({ status: 'refused', refusal: 'Period closed' });
      // Refused, the document may be entered again: the duplicate check lets it pass (the date is what stops it here).
      const freed = await enter(again, `again-${second.suffix}-freed`);
      expect([freed.statusCode, freed.json().error?.field]).toEqual([400, 'date']);
      // And the database's own uniqueness covers only receipts posting or posted.
      const twice = (n: number) =>
        rows(
          `insert into carrier_receipt (receipt_number, carrier_id, reference, receipt_date, amount, status, workflow_id,
                                        outranked, created_by, created_at)
           values (?, ?, ?, current_date, 10, 'posted', ?, '[]', 'tester', now())`,
          [`${receiptNumber}-${n}`, carrier?.id, `LATE-${second.suffix}`, `carrier-receipt:${receiptNumber}-${n}`],
        );
      await expect(
        t.orm.em.fork().transactional(async () => {
          await twice(1);
          await expect(twice(2)).rejects.toThrow(/carrier_receipt_carrier_reference_unique/);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
    } finally {
      await rows(`delete from accounting_period where code = ? and status = 'closed' and closed_by = 'test'`, [code]);
    }
  });

  test('100.00 by quantity: 50.00 each; the shipped part of the first follows the goods to COGS', async () => {
    const reference = `FRT-${first.suffix}`;
    const payload = {
      carrierCode: first.supplierCode,
      reference,
      date: isoDay(0),
      amount: 100,
      deliveries: deliveries.map((d) => ({ reference: d })),
    };
    const before = { first: await layerValue(first.sku.fg), second: await layerValue(second.sku.fg) };
    expect(before).toEqual({ first: 55.2, second: 92 });
    const created = await enter(payload, `freight-${first.suffix}`);
    expect(created.statusCode).toBe(201);
    const { receiptNumber } = created.json<{ receiptNumber: string }>();
    const posted = await eventually(async () => {
      const found = await detail(receiptNumber);
      return found.status === 'posted' ? found : undefined;
    });
    // No item carries a weight: the seeded freight-by-weight rule's basis falls back to quantity (10 : 10).
    expect(posted.basis).toBe('quantity');
    expect(posted.distribution.reason).toMatch(/^freight /);
    expect(posted.lines).toEqual([
      expect.objectContaining({ deliveryReference: deliveries[0], share: 50, onHand: 30, issued: { '5000': 20 } }),
      expect.objectContaining({ deliveryReference: deliveries[1], share: 50, onHand: 50, issued: {} }),
    ]);
    // On hand: 6 of 10 of the first delivery (30.00) and all of the second (50.00); 4 shipped: 20.00 to COGS.
    expect(await layerValue(first.sku.fg)).toBe(85.2);
    expect(await layerValue(second.sku.fg)).toBe(142);
    const journal = await rows<{ account_code: string; debit: string; credit: string }>(
      `select jl.account_code, jl.debit, jl.credit from journal_line jl join journal_entry je on je.id = jl.entry_id
        where je.source_type = 'carrier-receipt' and je.source_ref = ? order by jl.account_code`,
      [receiptNumber],
    );
    expect(journal.map((l) => [l.account_code, num(l.debit), num(l.credit)])).toEqual([
      ['1300', 80, 0],
      ['2100', 0, 100],
      ['5000', 20, 0],
    ]);

    // The subcontract order shows the freight on its delivery: the finished goods cost components + fee + 50.00.
    const order = await t.app.inject({
      method: 'GET',
      url: `/api/subcontract-orders/${deliveries[0]?.split('/')[0]}`,
      headers: planner,
    });
    expect(order.json().deliveries).toEqual([
      expect.objectContaining({ deliveryNo: 1, freight: 50, freightReceipts: [receiptNumber] }),
    ]);

    // A retry with the same key answers the same receipt; the same carrier receipt entered again is a duplicate.
    const retried = await enter(payload, `freight-${first.suffix}`);
    expect(retried.json()).toEqual(created.json());
    const again = await enter(payload, `freight-again-${first.suffix}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE', field: 'reference' });
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from journal_entry where source_type = 'carrier-receipt' and source_ref = ?`,
        [receiptNumber],
      ),
    ).toBe(1);
    expect(await countRows(t.orm, 'select count(*) as n from carrier_receipt where reference = ?', [reference])).toBe(
      1,
    );

    const list = await t.app.inject({ method: 'GET', url: `/api/carrier-receipts?q=${reference}`, headers: clerk });
    expect(list.json().items).toEqual([expect.objectContaining({ receiptNumber, status: 'posted', amount: 100 })]);
  });
});

/** A bought item of our own (not lot-tracked, FIFO) weighing `kg` per piece. */
async function weighedItem(sku: string, kg: number) {
  await rows(
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, weight_kg, created_at)
     values (?, ?, 'pcs', 'test', false, null, 1, 'buy', false, 'fifo', false, 10, ?, now())`,
    [sku, `Freight test ${sku}`, kg],
  );
}

describe('carrier receipts: freight over a purchase delivery', () => {
  test('the seeded rule spreads by weight over the delivery lines; a retried posting books nothing twice', async () => {
    const world = await subcontractWorld(t.orm); // for a supplier of our own
    const light = `FLT-${world.suffix}`;
    const heavy = `FHV-${world.suffix}`;
    await weighedItem(light, 0.5);
    await weighedItem(heavy, 3);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: world.supplierCode,
        warehouseCode: 'MAIN',
        lines: [
          { itemSku: light, quantity: 20, unitCost: 5 },
          { itemSku: heavy, quantity: 10, unitCost: 2 },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const receipt = await openFormTask<Task & { payload: { lines: Array<{ lineNo: number }> } }>(
      t.app,
      clerk,
      workflowId,
      'goods-receipt',
    );
    const lines = [
      { lineNo: 1, quantity: 20 },
      { lineNo: 2, quantity: 10 },
    ];
    expect((await complete(receipt.id, { lines })).statusCode).toBe(200);
    const putaway = await openFormTask<Task & { payload: { lines: Array<{ lineNo: number }> } }>(
      t.app,
      clerk,
      workflowId,
      'putaway',
    );
    const toBin = putaway.payload.lines.map((line) => ({ lineNo: line.lineNo, toLocation: 'MAIN-B04' }));
    expect((await complete(putaway.id, { lines: toBin })).statusCode).toBe(200);
    expect({ light: await layerValue(light), heavy: await layerValue(heavy) }).toEqual({ light: 100, heavy: 20 });

    const entered = await enter(
      {
        carrierCode: world.supplierCode,
        reference: `PFRT-${world.suffix}`,
        date: isoDay(0),
        amount: 40,
        deliveries: [{ reference: `${orderNumber}/1` }],
      },
      `pfreight-${world.suffix}`,
    );
    expect(entered.statusCode).toBe(201);
    const { receiptNumber } = entered.json<{ receiptNumber: string }>();
    const posted = await eventually(async () => {
      const found = await detail(receiptNumber);
      return found.status === 'posted' ? found : undefined;
    });
    // 20 x 0.5 kg = 10 kg and 10 x 3 kg = 30 kg: 40.00 splits 10.00 / 30.00, all still on hand.
    expect(posted).toMatchObject({
      basis: 'weight',
      distribution: { policyBasis: 'weight', rule: 'freight-by-weight' },
    });
    expect(posted.lines).toEqual([
      expect.objectContaining({ deliveryReference: `${orderNumber}/1`, share: 10, onHand: 10, issued: {} }),
      expect.objectContaining({ deliveryReference: `${orderNumber}/1`, share: 30, onHand: 30, issued: {} }),
    ]);
    expect({ light: await layerValue(light), heavy: await layerValue(heavy) }).toEqual({ light: 110, heavy: 50 });
    await instanceCompleted(t.orm, `carrier-receipt:${receiptNumber}`, 60_000, 'the carrier receipt process');
    t.record('posted-by-weight', `carrier-receipt:${receiptNumber}`);

    // The posting activity run again (a retry after a lost answer) answers the same entry and books nothing more.
    const activities = createCarrierReceiptActivities({ orm: t.orm });
    const again = await activities.postCarrierReceipt({
      receiptNumber,
      workflowId: `carrier-receipt:${receiptNumber}`,
    });
    expect(again.journalEntryId).toBe(posted.journalEntryId);
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from journal_entry where source_type = 'carrier-receipt' and source_ref = ?`,
        [receiptNumber],
      ),
    ).toBe(1);
    expect({ light: await layerValue(light), heavy: await layerValue(heavy) }).toEqual({ light: 110, heavy: 50 });
  });
});
