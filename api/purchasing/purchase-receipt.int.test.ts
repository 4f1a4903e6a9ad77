import { num, query } from '../../db/sql';
import { countRows, eventually, login, useTestApp } from '../../test/support/int-env';
import { openFormTask } from '../../test/support/order-driver';

jest.setTimeout(180_000);

const t = useTestApp();
const clerk = t.headers('clerk');

interface OpenTask {
  id: string;
  formKind: string;
  payload: Record<string, unknown> & {
    dockLocation: string;
    lines: Array<Record<string, unknown> & { lineNo: number }>;
    locations?: string[];
  };
}

const openTask = (workflowId: string, formKind: string) => openFormTask<OpenTask>(t.app, clerk, workflowId, formKind);

function complete(taskId: string, payload: unknown, headers = clerk) {
  return t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers, payload: { payload } });
}

async function one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
  const [row] = await query<T>(t.orm.em.fork(), sql, params);
  return row;
}

/** On-hand quantity of an item's lot at a location (0 when no balance row exists). */
async function onHand(sku: string, locationCode: string, lotCode: string): Promise<number> {
  const row = await one<{ quantity: string }>(
    `select coalesce(sum(b.quantity), 0) as quantity from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ?`,
    [sku, locationCode, lotCode],
  );
  return num(row?.quantity ?? 0);
}

describe('purchase receipt through the API on real Temporal + PostgreSQL', () => {
  test('a PO is received with lots at the dock (FIFO layer, Inventory/GRNI) and put away into bins', async () => {
    const lotA = `RCV-${Date.now()}-A`;
    const lotB = `RCV-${Date.now()}-B`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/purchase-orders',
      headers: clerk,
      payload: {
        supplierCode: 'S-NORD',
        warehouseCode: 'MAIN',
        lines: [
          { itemSku: 'FOOD-001', quantity: 10, unitCost: 4.25 },
          { itemSku: 'HW-001', quantity: 50, unitCost: 0.4 },
          { itemSku: 'FOOD-002', quantity: 6, unitCost: 3 },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    expect(orderNumber).toMatch(/^PO-\d{6}$/);
    expect(workflowId).toBe(`purchase-receipt:${orderNumber}`);
    expect(
      await countRows(t.orm, `select count(*) as n from process_instance where workflow_id = ?`, [workflowId]),
    ).toBe(1);

    const receipt = await openTask(workflowId, 'goods-receipt');
    expect(receipt.payload).toMatchObject({ orderNumber, warehouseCode: 'MAIN', dockLocation: 'MAIN-DOCK' });
    expect(receipt.payload.lines[0]).toEqual({
      lineNo: 1,
      itemSku: 'FOOD-001',
      itemName: 'Olive oil 1L',
      uom: 'case',
      lotTracked: true,
      shelfLifeDays: 180,
      orderedQuantity: 10,
      unitCost: 4.25,
      // One of several deliveries: nothing received yet, up to 10% over the ordered quantity.
      receivedQuantity: 0,
      openQuantity: 10,
      maxQuantity: 11,
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      // The seeded expiry rules' default policy for food (the form flags near-expiry lots with it).
      expiry: {
        rule: null,
        actions: [
          { withinDays: 30, action: 'alert' },
          { withinDays: 10, action: 'discount', discountPercent: 25 },
        ],
      },
    });

    const bad: Array<[unknown, string]> = [
      [{ lines: [{ lineNo: 1, quantity: 2 }] }, 'payload.lines[0].lotCode'],
      [{ lines: [{ lineNo: 1, quantity: 11.001, lotCode: lotA }] }, 'payload.lines[0].quantity'],
      [{ lines: [{ lineNo: 2, quantity: 0 }] }, 'payload.lines[0].quantity'],
      [
        { lines: [{ lineNo: 1, quantity: 1, lotCode: lotA, manufacturedOn: '2026-05-01', expiresOn: '2026-04-01' }] },
        'payload.lines[0].expiresOn',
      ],
      [{ lines: [{ lineNo: 1, quantity: 1, lotCode: lotA, expiresOn: '01/04/2027' }] }, 'payload.lines[0].expiresOn'],
      [{ lines: [{ lineNo: 9, quantity: 1 }] }, 'payload.lines[0].lineNo'],
      [{}, 'payload.lines'],
    ];
    for (const [payload, field] of bad) {
      const response = await complete(receipt.id, payload);
      expect({ field, status: response.statusCode, got: response.json().error?.field }).toEqual({
        field,
        status: 400,
        got: field,
      });
    }

    // Line 3 is left out: a partial receipt. Line 2 has no lot; line 4 defaults its expiry from the shelf life.
    const received = await complete(receipt.id, {
      lines: [
        { lineNo: 1, quantity: 8, lotCode: lotA, manufacturedOn: '2026-10-01', expiresOn: '2027-03-31' },
        { lineNo: 2, quantity: 50 },
        { lineNo: 3, quantity: 6, lotCode: lotB, manufacturedOn: '2026-11-01' },
      ],
    });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ status: 'completed', completedBy: 'clerk' });

    const putaway = await openTask(workflowId, 'putaway');
    expect(putaway.payload.dockLocation).toBe('MAIN-DOCK');
    expect(putaway.payload.locations).toContain('MAIN-B03');
    expect(putaway.payload.locations).not.toContain('MAIN-DOCK');
    expect(putaway.payload.lines.map((line) => [line.lineNo, line.lotCode, line.expiresOn])).toEqual([
      [1, lotA, '2027-03-31'],
      [2, null, null],
      [3, lotB, '2027-04-30'],
    ]);

    // The receipt posted at the dock: balance, a FIFO layer at the PO cost, and Inventory / GRNI.
    expect(await onHand('FOOD-001', 'MAIN-DOCK', lotA)).toBe(8);
    const layer = await one<{ quantity_in: string; value_in: string; quantity_remaining: string }>(
      `select c.quantity_in, c.value_in, c.quantity_remaining from cost_layer c join stock_move m on m.id = c.source_move_id
        where m.idempotency_key = ?`,
      [`${workflowId}:receipt:d1:1`],
    );
    expect(layer && [num(layer.quantity_in), num(layer.value_in), num(layer.quantity_remaining)]).toEqual([8, 34, 8]);
    const journal = await query<{ account_code: string; debit: string; credit: string }>(
      t.orm.em.fork(),
      `select jl.account_code, jl.debit, jl.credit from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.source_type = 'purchase-order' and je.source_ref = ? order by jl.account_code`,
      [`${orderNumber}/1`],
    );
    expect(journal.map((line) => [line.account_code, num(line.debit), num(line.credit)])).toEqual([
      ['1300', 34, 0],
      ['2100', 0, 34],
    ]);
    const lot = await one<{ manufactured_on: string; expires_on: string }>(
      `select to_char(manufactured_on, 'YYYY-MM-DD') as manufactured_on, to_char(expires_on, 'YYYY-MM-DD') as expires_on
         from lot where code = ?`,
      [lotA],
    );
    expect(lot).toEqual({ manufactured_on: '2026-10-01', expires_on: '2027-03-31' });
    const afterReceipt = await t.app.inject({
      method: 'GET',
      url: `/api/purchase-orders/${orderNumber}`,
      headers: clerk,
    });
    expect(afterReceipt.json()).toMatchObject({
      status: 'partly-received',
      lines: [
        { lineNo: 1, orderedQuantity: 10, receivedQuantity: 8, openQuantity: 2, unitCost: 4.25 },
        { lineNo: 2, orderedQuantity: 50, receivedQuantity: 50 },
        { lineNo: 3, orderedQuantity: 6, receivedQuantity: 6 },
      ],
    });

    const badPutaway: Array<[unknown, string]> = [
      [
        {
          lines: [
            { lineNo: 1, toLocation: 'EAST-A01' },
            { lineNo: 2, toLocation: 'MAIN-B03' },
            { lineNo: 3, toLocation: 'MAIN-B03' },
          ],
        },
        'payload.lines[0].toLocation',
      ],
      [{ lines: [{ lineNo: 1, toLocation: 'MAIN-B03' }] }, 'payload.lines'],
    ];
    for (const [payload, field] of badPutaway) {
      const response = await complete(putaway.id, payload);
      expect({ field, status: response.statusCode, got: response.json().error?.field }).toEqual({
        field,
        status: 400,
        got: field,
      });
    }
    const bin = 'MAIN-B03';
    const binBefore = await onHand('FOOD-001', bin, lotA);
    const stored = await complete(putaway.id, {
      lines: [
        { lineNo: 1, toLocation: bin },
        { lineNo: 2, toLocation: 'MAIN-B04' },
        { lineNo: 3, toLocation: 'MAIN-C01' },
      ],
    });
    expect(stored.statusCode).toBe(200);
    // Line 1 still has 2 open: the next delivery's task opens; the supplier will not send them.
    await eventually(
      async () => ((await openTask(workflowId, 'goods-receipt')).id === receipt.id ? undefined : true),
      60_000,
      'the second delivery',
    );
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/purchase-orders/${orderNumber}/close`,
      headers: clerk,
      payload: { reason: 'Supplier short of olive oil' },
    });
    expect(close.statusCode).toBe(202);

    const detail = await eventually(
      async () => {
        const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: clerk });
        const body = response.json<{ instance: { status: string; currentStep: string } }>();
        return body.instance.status === 'completed' ? body : undefined;
      },
      60_000,
      'completion',
    );
    expect(detail.instance.currentStep).toBe('completed');
    expect(await onHand('FOOD-001', bin, lotA)).toBe(binBefore + 8);
    expect(await onHand('FOOD-001', 'MAIN-DOCK', lotA)).toBe(0);
    expect(await onHand('FOOD-002', 'MAIN-C01', lotB)).toBe(6);
    expect(
      await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ? and move_type = 'transfer'`, [
        orderNumber,
      ]),
    ).toBe(3);
    const order = await t.app.inject({ method: 'GET', url: `/api/purchase-orders/${orderNumber}`, headers: clerk });
    expect(order.json()).toMatchObject({
      status: 'closed-short',
      totalValue: 80.5,
      closedReason: 'Supplier short of olive oil',
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/purchase-orders?pageSize=5', headers: clerk });
    expect(list.json().items[0]).toMatchObject({ orderNumber, supplierCode: 'S-NORD', lineCount: 3 });
  });

  test('bad purchase orders get a 400 naming the field and write nothing', async () => {
    const before = await countRows(t.orm, 'select count(*) as n from purchase_order');
    const line = { itemSku: 'HW-001', quantity: 1, unitCost: 1 };
    const cases: Array<[unknown, string]> = [
      [
        { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [{ ...line, itemSku: 'NO-SUCH-ITEM' }] },
        'lines[0].itemSku',
      ],
      [
        { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [line, { ...line, itemSku: 'NOPE' }] },
        'lines[1].itemSku',
      ],
      [{ supplierCode: 'S-NOBODY', warehouseCode: 'MAIN', lines: [line] }, 'supplierCode'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'NOWHERE', lines: [line] }, 'warehouseCode'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'CONSIGN', lines: [line] }, 'warehouseCode'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [line, { ...line, quantity: 0 }] }, 'lines[1].quantity'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [{ ...line, quantity: 1.0001 }] }, 'lines[0].quantity'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [{ ...line, unitCost: -1 }] }, 'lines[0].unitCost'],
      [{ supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines: [] }, 'lines'],
      [{ warehouseCode: 'MAIN', lines: [line] }, 'supplierCode'],
    ];
    for (const [payload, field] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/purchase-orders',
        headers: clerk,
        payload: payload as object,
      });
      expect({ field, status: response.statusCode, got: response.json().error.field }).toEqual({
        field,
        status: 400,
        got: field,
      });
    }
    expect(await countRows(t.orm, 'select count(*) as n from purchase_order')).toBe(before);
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from purchase_order_line where order_id not in
      (select id from purchase_order)`,
      ),
    ).toBe(0);
  });

  test('roles: auditors and planners cannot place purchase orders; everyone signed in can read them', async () => {
    const payload = {
      supplierCode: 'S-PACK',
      warehouseCode: 'EAST',
      lines: [{ itemSku: 'PKG-001', quantity: 1, unitCost: 1 }],
    };
    for (const username of ['auditor', 'planner']) {
      const headers = await login(t.app, username);
      const response = await t.app.inject({ method: 'POST', url: '/api/purchase-orders', headers, payload });
      expect({ username, status: response.statusCode }).toEqual({ username, status: 403 });
    }
    const auditor = await login(t.app, 'auditor');
    const suppliers = await t.app.inject({ method: 'GET', url: '/api/suppliers', headers: auditor });
    // The database is shared with the suite's other files (the CSV transfer test adds suppliers of its own).
    expect(suppliers.statusCode).toBe(200);
    expect(suppliers.json().items.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining(['S-CHEMX', 'S-NORD', 'S-PACK', 'S-STEEL']),
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/purchase-orders', headers: auditor })).statusCode).toBe(200);
    const missing = await t.app.inject({ method: 'GET', url: '/api/purchase-orders/PO-999999', headers: auditor });
    expect(missing.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/suppliers' })).statusCode).toBe(401);
  });
});
