import { countRows, createTestApp, login, type TestApp } from '../../test/support/int-env';

let t: TestApp;
let clerk: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  clerk = await login(t.app, 'clerk');
});

afterAll(async () => {
  await t?.close();
});

/** A non-lot item with stock in some location, read from the seed. */
async function stocked(): Promise<{ sku: string; location: string; quantity: number }> {
  const [row] = await t.orm.em.fork().execute<Array<{ sku: string; code: string; free: string }>>(
    `select i.sku, l.code, b.quantity - b.reserved_quantity as free from stock_balance b join item i on i.id = b.item_id
       join location l on l.id = b.location_id where not i.lot_tracked and b.status = 'available'
        and b.quantity - b.reserved_quantity > 5 order by i.sku, l.code limit 1`,
  );
  if (!row) throw new Error('seed has no stocked non-lot item');
  return { sku: row.sku, location: row.code, quantity: Number(row.free) };
}

const post = (payload: object, headers = clerk) =>
  t.app.inject({ method: 'POST', url: '/api/stock/moves', headers, payload });

describe('manual stock moves through the API', () => {
  test('transfer, quarantine and release, scrap: posted once per idempotency key', async () => {
    const { sku, location } = await stocked();
    const key = `transfer-${Date.now()}`;
    const first = await post({
      moveType: 'transfer',
      itemSku: sku,
      fromLocation: location,
      toLocation: 'EAST-A01',
      quantity: 2,
      reason: 'rebalance',
      idempotencyKey: key,
    });
    expect(first.statusCode).toBe(201);
    const again = await post({
      moveType: 'transfer',
      itemSku: sku,
      fromLocation: location,
      toLocation: 'EAST-A01',
      quantity: 2,
      reason: 'rebalance',
      idempotencyKey: key,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, moveId: first.json().moveId });

    const hold = await post({
      moveType: 'status-change',
      itemSku: sku,
      fromLocation: 'EAST-A01',
      toStatus: 'quarantine',
      quantity: 2,
      reason: 'inspection',
    });
    expect(hold.statusCode).toBe(201);
    const scrap = await post({
      moveType: 'scrap',
      itemSku: sku,
      fromLocation: 'EAST-A01',
      fromStatus: 'quarantine',
      quantity: 1,
      reason: 'damaged',
    });
    expect(scrap.statusCode).toBe(201);
    expect(scrap.json().value).toBeGreaterThan(0);
    expect(scrap.json().journalEntryId).not.toBeNull();
  });

  test('bad moves: 400 naming the field, 409 for stock that is not there, 403 for auditors; nothing written', async () => {
    const { sku, location, quantity } = await stocked();
    const before = await countRows(t.orm, 'select count(*) as n from stock_move');
    const unknown = await post({
      moveType: 'scrap',
      itemSku: 'NO-SUCH',
      fromLocation: location,
      quantity: 1,
      reason: 'x',
    });
    expect([unknown.statusCode, unknown.json().error]).toEqual([
      400,
      expect.objectContaining({ code: 'UNKNOWN_ITEM', field: 'itemSku' }),
    ]);
    const negative = await post({ moveType: 'scrap', itemSku: sku, fromLocation: location, quantity: -1, reason: 'x' });
    expect([negative.statusCode, negative.json().error.field]).toEqual([400, 'quantity']);
    const nowhere = await post({
      moveType: 'transfer',
      itemSku: sku,
      fromLocation: location,
      toLocation: 'MARS-01',
      quantity: 1,
      reason: 'x',
    });
    expect([nowhere.statusCode, nowhere.json().error.field]).toEqual([400, 'toLocation']);
    const tooMuch = await post({
      moveType: 'issue',
      itemSku: sku,
      fromLocation: location,
      quantity: quantity + 1000,
      reason: 'x',
    });
    expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([409, 'INSUFFICIENT_STOCK']);
    const closed = await post({
      moveType: 'adjustment',
      itemSku: sku,
      toLocation: location,
      quantity: 1,
      reason: 'x',
      effectiveAt: '2023-03-01T00:00:00Z',
    });
    expect(closed.statusCode).toBe(201); // 2023-03 is open ...
    await t.orm.em.fork().execute(`update accounting_period set status = 'closed' where code = '2023-03'`);
    const refused = await post({
      moveType: 'adjustment',
      itemSku: sku,
      toLocation: location,
      quantity: 1,
      reason: 'x',
      effectiveAt: '2023-03-02T00:00:00Z',
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'PERIOD_CLOSED']); // ... until it is closed
    const auditor = await login(t.app, 'auditor');
    const forbidden = await post(
      { moveType: 'scrap', itemSku: sku, fromLocation: location, quantity: 1, reason: 'x' },
      auditor,
    );
    expect(forbidden.statusCode).toBe(403);
    expect(await countRows(t.orm, 'select count(*) as n from stock_move')).toBe(before + 1);
  });
});
