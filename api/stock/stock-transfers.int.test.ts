import { readDemandsAndSupplies } from '../../db/planning/mrp-snapshot';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { countRows, useTestApp } from '../../test/support/int-env';
import { plainItem } from '../../test/support/stock';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const clerk = t.headers('clerk');
const controller = t.headers('controller');
const auditor = t.headers('auditor');
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
let items = 0;

/** A fresh item valued per warehouse with `quantity` received into MAIN-A01 at 3.5 a piece (booked Dr 1300 / Cr 2100). */
async function stockedInMain(quantity: number): Promise<string> {
  const sku = await plainItem(t.orm, `TRANSIT-${Date.now() % 1_000_000}-${++items}`, {
    name: 'Transfer test item',
    perWarehouse: true,
  });
  await t.orm.em.fork().transactional((em) =>
    postMove(em, {
      moveType: 'receipt',
      itemSku: sku,
      toLocation: 'MAIN-A01',
      quantity,
      unitCost: 3.5,
      documentType: 'test',
      documentRef: `transit-${sku}`,
      userName: 'tester',
      idempotencyKey: `transit:${sku}:receipt`,
    }),
  );
  return sku;
}

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return query<T>(t.orm.em.fork(), sql, params);
}

/** The item's balances as `location/status` -> quantity (zero rows left out). */
async function balances(sku: string): Promise<Record<string, number>> {
  const found = await rows<{ code: string; status: string; quantity: string }>(
    `select l.code, b.status, b.quantity from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id where i.sku = ? and b.quantity <> 0`,
    [sku],
  );
  return Object.fromEntries(found.map((r) => [`${r.code}/${r.status}`, num(r.quantity)]));
}

/** What each warehouse's valuation scope holds, and Inventory (1300) as the item's moves booked it. */
async function values(sku: string): Promise<{ scopes: Record<string, number>; booked: number; entries: number }> {
  const scopes = await rows<{ code: string; value: string }>(
    `select w.code, v.value from item_valuation v join item i on i.id = v.item_id
       join warehouse w on w.id = v.warehouse_id where i.sku = ? and v.value <> 0`,
    [sku],
  );
  const [journal] = await rows<{ booked: string; entries: string }>(
    `select coalesce(sum(l.debit - l.credit) filter (where l.account_code = '1300'), 0) as booked,
            count(distinct e.id) as entries
       from journal_entry e join journal_line l on l.entry_id = e.id
      where e.idempotency_key in (select 'move:' || m.id from stock_move m join item i on i.id = m.item_id where i.sku = ?)`,
    [sku],
  );
  return {
    scopes: Object.fromEntries(scopes.map((r) => [r.code, num(r.value)])),
    booked: num(journal?.booked ?? 0),
    entries: num(journal?.entries ?? 0),
  };
}

/** MRP's supplies of the item, as a run reading now would see them. */
async function supplies(sku: string) {
  const read = await t.orm.em
    .fork()
    .transactional((em) => readDemandsAndSupplies(em, day(0), [sku]), { readOnly: true });
  return read.supplies.map(({ kind, ref, date, quantity }) => ({ kind, ref, date, quantity }));
}

const dispatch = (payload: object, headers = clerk) =>
  t.app.inject({ method: 'POST', url: '/api/stock/transfers', headers, payload });
const receive = (number: string, payload: object = {}, headers = clerk) =>
  t.app.inject({ method: 'POST', url: `/api/stock/transfers/${number}/receive`, headers, payload });

describe('transfers between warehouses in two steps', () => {
  test('dispatch puts stock in transit (not free, MRP supply at arrival), receipt lands it once', async () => {
    const sku = await stockedInMain(10);
    const before = await values(sku);
    const key = `transfer-${sku}`;
    const body = {
      itemSku: sku,
      quantity: 4,
      fromLocation: 'MAIN-A01',
      toWarehouse: 'EAST',
      toLocation: 'EAST-A02',
      expectedArrival: day(5),
      idempotencyKey: key,
    };
    const sent = await dispatch(body);
    expect(sent.statusCode).toBe(201);
    const number = sent.json<{ number: string }>().number;
    expect(sent.json()).toMatchObject({ status: 'dispatched', transitLocation: 'EAST-DOCK', quantity: 4 });
    // The same key again: the first transfer, nothing moved twice.
    const again = await dispatch(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ number });
    expect(
      await countRows(
        t.orm,
        `select count(*) as n from stock_transfer where item_id = (select id from item where sku = ?)`,
        [sku],
      ),
    ).toBe(1);

    // Out of free stock at once: in transit at the destination's dock, nowhere available there.
    expect(await balances(sku)).toEqual({ 'MAIN-A01/available': 6, 'EAST-DOCK/in-transit': 4 });
    // Value moved with the stock into EAST's pool; nothing booked for the move (a move within 1300), total unchanged.
    const sentValues = await values(sku);
    expect(sentValues.scopes).toEqual({ MAIN: 21, EAST: 14 });
    expect(sentValues.booked).toBe(before.booked);
    expect(sentValues.entries).toBe(before.entries);
    expect(before.booked).toBe(35);
    // MRP: 6 on hand now, the 4 in transit as supply on the arrival date, never as on hand.
    expect(await supplies(sku)).toEqual([
      { kind: 'on-hand', ref: `${sku}@-`, date: day(0), quantity: 6 },
      { kind: 'transit', ref: number, date: day(5), quantity: 4 },
    ]);
    expect(
      await countRows(t.orm, `select count(*) as n from mrp_pending_change where document_ref = ?`, [number]),
    ).toBe(1);
    // The stock report lists it under its own status, which its filter offers.
    const inTransit = await t.app.inject({
      method: 'GET',
      url: `/api/reports/stock-on-hand?itemSku=${sku}&status=in-transit`,
      headers: controller,
    });
    expect(inTransit.json()).toMatchObject({
      total: 1,
      items: [{ locationCode: 'EAST-DOCK', status: 'in-transit', quantity: 4 }],
    });

    const landed = await receive(number);
    expect(landed.statusCode).toBe(200);
    expect(landed.json()).toMatchObject({ status: 'received', toLocation: 'EAST-A02', receivedBy: 'clerk' });
    expect(await balances(sku)).toEqual({ 'MAIN-A01/available': 6, 'EAST-A02/available': 4 });
    expect((await values(sku)).scopes).toEqual({ MAIN: 21, EAST: 14 });
    expect(await supplies(sku)).toEqual([{ kind: 'on-hand', ref: `${sku}@-`, date: day(0), quantity: 10 }]);
    expect(
      await countRows(t.orm, `select count(*) as n from mrp_pending_change where document_ref = ?`, [number]),
    ).toBe(2);

    // The list and its export show the transfer as received.
    const list = await t.app.inject({ method: 'GET', url: `/api/stock/transfers?q=${number}`, headers: clerk });
    expect(list.json()).toMatchObject({ total: 1, items: [{ number, status: 'received', toWarehouse: 'EAST' }] });
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/stock/transfers/export.csv?q=${number}`,
      headers: clerk,
    });
    expect(csv.body).toContain(`${number},received,${sku}`);

    // Once only: a second receipt is refused and moves nothing.
    const moves = await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ?`, [number]);
    const twice = await receive(number, { toLocation: 'EAST-A03' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'DUPLICATE', field: 'number' });
    expect(await countRows(t.orm, `select count(*) as n from stock_move where document_ref = ?`, [number])).toBe(moves);
    expect(await balances(sku)).toEqual({ 'MAIN-A01/available': 6, 'EAST-A02/available': 4 });
  });

  test('refused naming the field, nothing written: more than is free, bad destinations, a stranger bin', async () => {
    const sku = await stockedInMain(5);
    const base = { itemSku: sku, quantity: 2, fromLocation: 'MAIN-A01', toWarehouse: 'EAST', expectedArrival: day(3) };
    const written = async () =>
      (await countRows(t.orm, `select count(*) as n from stock_transfer`)) +
      (await countRows(
        t.orm,
        `select count(*) as n from stock_move where item_id = (select id from item where sku = ?)`,
        [sku],
      ));
    const before = await written();
    const cases: Array<[object, number, string, string]> = [
      [{ quantity: 6 }, 409, 'INSUFFICIENT_STOCK', 'quantity'],
      [{ toWarehouse: 'MAIN' }, 400, 'VALIDATION_FAILED', 'toWarehouse'],
      [{ toWarehouse: 'CONSIGN' }, 400, 'VALIDATION_FAILED', 'toWarehouse'],
      [{ toWarehouse: 'NOWHERE' }, 400, 'UNKNOWN_WAREHOUSE', 'toWarehouse'],
      [{ fromLocation: 'NOWHERE-1' }, 400, 'UNKNOWN_LOCATION', 'fromLocation'],
      [{ fromLocation: 'CONSIGN-V01' }, 400, 'VALIDATION_FAILED', 'fromLocation'],
      [{ toLocation: 'MAIN-A02' }, 400, 'VALIDATION_FAILED', 'toLocation'],
      [{ expectedArrival: 'soon' }, 400, 'VALIDATION_FAILED', 'expectedArrival'],
      [{ quantity: 0 }, 400, 'VALIDATION_FAILED', 'quantity'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await dispatch({ ...base, ...change });
      expect({ change, status: response.statusCode, error: response.json().error }).toMatchObject({
        change,
        status,
        error: { code, field },
      });
    }
    const refused = await dispatch(base, auditor);
    expect(refused.statusCode).toBe(403);
    expect(await written()).toBe(before);
    expect(await balances(sku)).toEqual({ 'MAIN-A01/available': 5 });

    // Receipt into a bin of another warehouse: refused naming toLocation, still in transit.
    const sent = await dispatch(base);
    expect(sent.statusCode).toBe(201);
    const number = sent.json<{ number: string }>().number;
    const stranger = await receive(number, { toLocation: 'MAIN-A02' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'toLocation' });
    const unnamed = await receive(number);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error).toMatchObject({ field: 'toLocation' });
    expect(await balances(sku)).toEqual({ 'MAIN-A01/available': 3, 'EAST-DOCK/in-transit': 2 });
    expect((await receive('TR-999999', { toLocation: 'EAST-A01' })).statusCode).toBe(404);
  });
});
