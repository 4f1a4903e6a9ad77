import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';
import { BIN_A, BIN_B, receiveLots } from '../../test/support/production-world';
import type { KitPick, ProductionOrderState } from '../../workflows/production-order/production-order.contract';

jest.setTimeout(300_000);

/*
 * Customer-supplied material as a component of a production order (issue 15 part 4), on real Temporal + PostgreSQL:
 * the BOM says which line the customer supplies, the order names the customer, the kit takes only their material and
 * moves it at no value; the finished goods cost only our component, labour and overhead; the customer's statement
 * shows what the order consumed.
 */

const t = useTestApp({ histories: 'production-order' });
const clerk = t.headers('clerk');
const planner = t.headers('planner');

const DAY_MS = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

const rows = <T>(sql: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), sql, params);

const complete = (taskId: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

async function processState(workflowId: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
  return response.json<{ tasks: Task[]; state: ProductionOrderState | null }>();
}

async function insertItem(sku: string, make: boolean) {
  await rows(
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', 'test', ?, null, 1, ?, false, 'fifo', false, 10, now())`,
    [sku, `Customer material production ${sku}`, !make, make ? 'make' : 'buy'],
  );
}

/**
 * A world of the test's own: FG made of 2 OWN (ours) + 3 CUST (supplied by the customer the order is for), its BOM
 * created through the API; one operation at a centre charging 40 labour and 25 overhead an hour; a customer.
 */
let serial = 0;
async function world() {
  serial += 1;
  const suffix = `${process.pid}${Date.now() % 1_000_000}${serial}`;
  const sku = { fg: `CMP-FG-${suffix}`, own: `CMP-OWN-${suffix}`, cust: `CMP-CUST-${suffix}` };
  await insertItem(sku.fg, true);
  await insertItem(sku.own, false);
  await insertItem(sku.cust, false);
  const bom = await t.app.inject({
    method: 'POST',
    url: `/api/items/${sku.fg}/boms`,
    headers: planner,
    payload: {
      effectiveFrom: isoDay(-30),
      lines: [
        { componentSku: sku.own, quantityPer: 2 },
        { componentSku: sku.cust, quantityPer: 3, provision: 'customer' },
      ],
    },
  });
  expect(bom.statusCode).toBe(201);
  expect(bom.json<{ lines: Array<{ provision: string }> }>().lines.map((line) => line.provision)).toEqual([
    'ours',
    'customer',
  ]);
  const [centre] = await rows<{ id: number }>(
    `insert into work_centre (code, name, active, created_at) values (?, 'Customer material centre', true, now())
     returning id`,
    [`CMPC${suffix}`],
  );
  await rows(
    `insert into work_centre_rate (work_centre_id, effective_from, labour_rate, overhead_rate, created_by, created_at)
     values (?, ?, 40, 25, 'tester', now())`,
    [centre?.id, isoDay(-400)],
  );
  const [routing] = await rows<{ id: number }>(
    `insert into routing (item_id, version, effective_from, created_by, created_at)
     select id, 1, ?, 'tester', now() from item where sku = ? returning id`,
    [isoDay(-30), sku.fg],
  );
  await rows(
    `insert into routing_operation (routing_id, seq, work_centre_id, description, setup_hours, run_hours_per_unit)
     values (?, 10, ?, 'Assemble', 0.5, 0.25)`,
    [routing?.id, centre?.id],
  );
  const code = `CMP-${suffix}`;
  const [customer] = await rows<{ id: number }>(
    `insert into customer (code, name, ship_to_address, created_at) values (?, ?, 'Test street 1', now()) returning id`,
    [code, `Customer material production ${suffix}`],
  );
  const salesOrder = `SO-CMP-${suffix}`;
  await rows(
    `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
     values (?, ?, 'open', ?, 'tester', now(), now())`,
    [salesOrder, customer?.id, `test-only:${salesOrder}`],
  );
  return { suffix, sku, customer: { code, id: num(customer?.id), salesOrder } };
}

/** What one owner holds of an item at a location and lot (available). */
async function held(sku: string, location: string, lot: string, ownerId: number | null) {
  const [row] = await rows<{ q: string }>(
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id join lot on lot.id = b.lot_id
      where i.sku = ? and l.code = ? and lot.code = ? and b.status = 'available'
        and coalesce(b.owner_customer_id, 0) = coalesce(?::int, 0)`,
    [sku, location, lot, ownerId],
  );
  return num(row?.q);
}

/** The order's journal lines on Inventory (1300) and WIP (1400): debits and credits per account. */
async function ledger(number: string) {
  const lines = await rows<{ account_code: string; debit: string; credit: string }>(
    `select l.account_code, sum(l.debit) as debit, sum(l.credit) as credit
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.source_type = 'production-order' and e.source_ref = ? and l.account_code in ('1300', '1400')
      group by l.account_code order by l.account_code`,
    [number],
  );
  return lines.map((line) => [line.account_code, num(line.debit), num(line.credit)]);
}

const kitPicks = (task: Task) =>
  (task.payload.picks as KitPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
    lineNo,
    location,
    lotCode,
    quantity,
  }));

describe('customer-supplied material in production on real Temporal + PostgreSQL', () => {
  test('the kit takes only the customer’s material at no value; journal and goods cost hold only our component; the statement shows the order’s consumption; our stock for their line and theirs for ours are refused naming the field', async () => {
    const w = await world();
    // Ours of OWN: two lots, FIFO. Ours of CUST too (valued), beside the customer's own CUST: the kit must not use it.
    await receiveLots(t.orm, w.sku.own, [
      { lot: 'O-1', location: BIN_A, quantity: 6, unitCost: 2.35 },
      { lot: 'O-2', location: BIN_B, quantity: 10, unitCost: 2.6 },
    ]);
    await receiveLots(t.orm, w.sku.cust, [{ lot: 'CX-OURS', location: BIN_B, quantity: 20, unitCost: 5 }]);
    const received = await t.app.inject({
      method: 'POST',
      url: '/api/customer-material/receipts',
      headers: clerk,
      payload: {
        customerCode: w.customer.code,
        salesOrderNumber: w.customer.salesOrder,
        location: BIN_A,
        lines: [
          { itemSku: w.sku.cust, lotCode: 'C-1', quantity: 15 },
          // The customer's material of our own component's item: never picked for our line.
          { itemSku: w.sku.own, lotCode: 'O-CUST', quantity: 9 },
        ],
      },
    });
    expect(received.statusCode).toBe(201);

    // An order for stock cannot use a BOM with a customer-supplied line; an unknown customer is refused too.
    const order = { itemSku: w.sku.fg, quantity: 4, warehouseCode: 'MAIN', startDate: isoDay(0), dueDate: isoDay(14) };
    for (const [payload, field] of [
      [order, 'customerCode'],
      [{ ...order, customerCode: 'NO-SUCH-CUSTOMER' }, 'customerCode'],
    ] as const) {
      const refused = await t.app.inject({ method: 'POST', url: '/api/production-orders', headers: planner, payload });
      expect([refused.statusCode, refused.json().error]).toEqual([400, expect.objectContaining({ field })]);
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/production-orders',
      headers: { ...planner, 'idempotency-key': `cmp-${w.suffix}` },
      payload: { ...order, customerCode: w.customer.code },
    });
    expect(created.statusCode).toBe(201);
    const { number } = created.json<{ number: string }>();
    const workflowId = `production-order:${number}`;

    // Kit: OWN 4 x 2 = 8 FIFO from our lots (6 of O-1, 2 of O-2), never the customer's O-CUST; CUST 4 x 3 = 12 from
    // the customer's C-1 only, never our valued CX-OURS.
    const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    const picks = kitPicks(kit);
    expect(picks.sort((a, b) => a.lineNo - b.lineNo || String(a.lotCode).localeCompare(String(b.lotCode)))).toEqual([
      { lineNo: 1, location: BIN_A, lotCode: 'O-1', quantity: 6 },
      { lineNo: 1, location: BIN_B, lotCode: 'O-2', quantity: 2 },
      { lineNo: 2, location: BIN_A, lotCode: 'C-1', quantity: 12 },
    ]);
    const detail = await t.app.inject({ method: 'GET', url: `/api/production-orders/${number}`, headers: planner });
    expect(
      detail
        .json<{ components: Array<{ lineNo: number; provision: string; customerCode: string | null }> }>()
        .components.map((c) => [c.lineNo, c.provision, c.customerCode]),
    ).toEqual([
      [1, 'ours', null],
      [2, 'customer', w.customer.code],
    ]);
    expect(detail.json()).toMatchObject({ customerCode: w.customer.code, customerName: expect.any(String) });
    // The list names the customer and filters by it.
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/production-orders?customer=${encodeURIComponent(w.customer.code)}&pageSize=200`,
      headers: planner,
    });
    expect(listed.statusCode).toBe(200);
    const listedRows = listed.json<{ items: Array<{ number: string; customerCode: string | null }> }>().items;
    expect(listedRows.find((row) => row.number === number)?.customerCode).toBe(w.customer.code);
    expect(listedRows.every((row) => row.customerCode === w.customer.code)).toBe(true);

    // Our valued CUST picked for the customer's line, the customer's OWN picked for our line: each refused, 400
    // naming the pick's field, nothing issued.
    const oursForTheirs = picks.map((pick) =>
      pick.lineNo === 2 ? { ...pick, location: BIN_B, lotCode: 'CX-OURS' } : pick,
    );
    const theirsForOurs = picks.map((pick) => (pick.lotCode === 'O-1' ? { ...pick, lotCode: 'O-CUST' } : pick));
    for (const [bad, index] of [
      [oursForTheirs, oursForTheirs.findIndex((pick) => pick.lotCode === 'CX-OURS')],
      [theirsForOurs, theirsForOurs.findIndex((pick) => pick.lotCode === 'O-CUST')],
    ] as const) {
      const refused = await complete(kit.id, { picks: bad });
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json())).toContain(`picks[${index}].location`);
    }
    expect(await held(w.sku.cust, BIN_B, 'CX-OURS', null)).toBe(20);
    expect(await held(w.sku.own, BIN_A, 'O-CUST', w.customer.id)).toBe(9);
    expect(await held(w.sku.cust, BIN_A, 'C-1', w.customer.id)).toBe(15);

    expect((await complete(kit.id, { picks })).statusCode).toBe(200);
    const operation = await openFormTask<Task>(t.app, clerk, workflowId, 'production-operation');
    expect((await complete(operation.id, { good: 4, scrap: 0, labourHours: 1 })).statusCode).toBe(200);
    const completion = await openFormTask<Task>(t.app, clerk, workflowId, 'production-completion');
    expect((await complete(completion.id, { good: 4, toLocation: BIN_A })).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 120_000);

    // Hand computed: our component 6 x 2.35 + 2 x 2.60 = 14.10 + 5.20 = 19.30; labour 1 h x 40 = 40, overhead
    // 1 h x 25 = 25; the customer's 12 CUST cost us nothing. Goods: 19.30 + 40 + 25 = 84.30 (21.075 a unit).
    const state = await eventually(async () => {
      const found = (await processState(workflowId)).state;
      return found?.step === 'closed' ? found : undefined;
    });
    expect(state.cost).toMatchObject({ material: 19.3, labour: 40, overhead: 25 });
    // Inventory: credited 19.30 by our issue only, debited 84.30 by the goods; WIP: in 19.30 + 65, out 84.30.
    expect(await ledger(number)).toEqual([
      ['1300', 84.3, 19.3],
      ['1400', 84.3, 84.3],
    ]);
    const costs = await rows<{ line: number; amount: string; quantity: string; entry: number | null }>(
      `select c.component_line_no as line, c.amount, c.quantity, c.journal_entry_id as entry
         from production_cost c join production_order o on o.id = c.production_order_id
        where o.number = ? and c.kind = 'material' order by c.component_line_no, c.amount`,
      [number],
    );
    expect(costs.map((c) => [num(c.line), num(c.quantity), num(c.amount), c.entry === null])).toEqual([
      [1, 2, 5.2, false],
      [1, 6, 14.1, false],
      [2, 12, 0, true],
    ]);
    // The customer's moves: theirs, no layer consumed, no entry; the goods' layer is 84.30.
    const theirMoves = await rows<{ owner: number; consumed: string }>(
      `select m.owner_customer_id as owner,
              (select count(*) from layer_consumption k where k.move_id = m.id) as consumed
         from stock_move m join item i on i.id = m.item_id
        where m.document_type = 'production-order' and m.document_ref = ? and i.sku = ?`,
      [number, w.sku.cust],
    );
    expect(theirMoves.map((m) => [num(m.owner), num(m.consumed)])).toEqual([[w.customer.id, 0]]);
    const [goods] = await rows<{ value: string; qty: string }>(
      `select sum(cl.value_in) as value, sum(cl.quantity_in) as qty from cost_layer cl
         join stock_move m on m.id = cl.source_move_id join item i on i.id = m.item_id
        where m.document_ref = ? and i.sku = ?`,
      [number, w.sku.fg],
    );
    expect([num(goods?.qty), num(goods?.value)]).toEqual([4, 84.3]);

    // Stock: the customer's C-1 went down by the 12 consumed; our CX-OURS and their O-CUST are untouched.
    expect(await held(w.sku.cust, BIN_A, 'C-1', w.customer.id)).toBe(3);
    expect(await held(w.sku.cust, BIN_B, 'CX-OURS', null)).toBe(20);
    expect(await held(w.sku.own, BIN_A, 'O-CUST', w.customer.id)).toBe(9);

    // The statement: received 15, used 12 by this order, 3 held; the CSV names the order and quantity.
    const statement = await t.app.inject({
      method: 'GET',
      url: `/api/customer-material/statement?customer=${w.customer.code}&itemSku=${w.sku.cust}`,
      headers: planner,
    });
    expect(statement.statusCode).toBe(200);
    expect(statement.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        locationCode: BIN_A,
        lotCode: 'C-1',
        received: 15,
        used: 12,
        usedIn: [number],
        consumedInProduction: [{ orderNumber: number, quantity: 12 }],
        held: 3,
      }),
    ]);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/customer-material/statement/export.csv?customer=${w.customer.code}&itemSku=${w.sku.cust}`,
      headers: planner,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`${number}:12`);
    t.record('customer-supplied-component', workflowId);
  });

  test('a cancel after the kit gives the customer’s material back still theirs, at no value: no layer of ours, used nets to nothing', async () => {
    const w = await world();
    await receiveLots(t.orm, w.sku.own, [{ lot: 'O-1', location: BIN_A, quantity: 10, unitCost: 2.35 }]);
    const received = await t.app.inject({
      method: 'POST',
      url: '/api/customer-material/receipts',
      headers: clerk,
      payload: {
        customerCode: w.customer.code,
        customerReference: `DN-${w.suffix}`,
        location: BIN_A,
        lines: [{ itemSku: w.sku.cust, lotCode: 'C-1', quantity: 10 }],
      },
    });
    expect(received.statusCode).toBe(201);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/production-orders',
      headers: planner,
      payload: {
        itemSku: w.sku.fg,
        quantity: 2,
        warehouseCode: 'MAIN',
        startDate: isoDay(0),
        dueDate: isoDay(14),
        customerCode: w.customer.code,
      },
    });
    expect(created.statusCode).toBe(201);
    const { number } = created.json<{ number: string }>();
    const workflowId = `production-order:${number}`;
    const kit = await openFormTask<Task>(t.app, clerk, workflowId, 'production-kit-pick');
    expect((await complete(kit.id, { picks: kitPicks(kit) })).statusCode).toBe(200);
    await openFormTask<Task>(t.app, clerk, workflowId, 'production-operation');
    expect(await held(w.sku.cust, BIN_A, 'C-1', w.customer.id)).toBe(4);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/production-orders/${number}/cancel`,
      headers: planner,
      payload: { reason: 'customer withdrew' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
    await instanceCompleted(t.orm, workflowId, 120_000, 'cancel', 'cancelled');

    // Their 6 came back theirs (none became ours); our 4 OWN came back at 2.35 (9.40 in and out of WIP).
    expect(await held(w.sku.cust, BIN_A, 'C-1', w.customer.id)).toBe(10);
    expect(await held(w.sku.cust, BIN_A, 'C-1', null)).toBe(0);
    expect(await held(w.sku.own, BIN_A, 'O-1', null)).toBe(10);
    const layers = await rows(
      `select cl.id from cost_layer cl join stock_move m on m.id = cl.source_move_id join item i on i.id = m.item_id
        where m.document_ref = ? and i.sku = ?`,
      [number, w.sku.cust],
    );
    expect(layers).toEqual([]);
    expect(await ledger(number)).toEqual([
      ['1300', 9.4, 9.4],
      ['1400', 9.4, 9.4],
    ]);
    const statement = await t.app.inject({
      method: 'GET',
      url: `/api/customer-material/statement?customer=${w.customer.code}&itemSku=${w.sku.cust}`,
      headers: planner,
    });
    expect(statement.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ lotCode: 'C-1', received: 10, used: 0, consumedInProduction: [], held: 10 }),
    ]);
  });
});
