import { num, query } from '../sql';
import { useTestOrm } from '../../test/support/int-env';
import { moveCommands, plainItem } from '../../test/support/stock';
import { postMove } from './post-move';

const db = useTestOrm();
const tx = db.tx;
let items = 0;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

const perWarehouseItem = (method: 'fifo' | 'moving-average') =>
  plainItem(db.orm, `CARRY-${Date.now() % 1_000_000}-${++items}`, {
    name: 'Transfer revaluation item',
    method,
    perWarehouse: true,
  });
const move = moveCommands('carry-test', 'MAIN-A01');

async function scalar(sql: string, params: unknown[]): Promise<number> {
  const [row] = await query<{ v: string }>(db.orm.em.fork(), sql, params);
  return num(row?.v ?? 0);
}

/** What each warehouse's scope holds, by warehouse code. */
async function scopeValues(sku: string): Promise<Record<string, number>> {
  const rows = await query<{ code: string; value: string }>(
    db.orm.em.fork(),
    `select w.code, v.value from item_valuation v join item i on i.id = v.item_id join warehouse w on w.id = v.warehouse_id
      where i.sku = ?`,
    [sku],
  );
  return Object.fromEntries(rows.map((row) => [row.code, num(row.value)]));
}

/** Inventory (1300) as booked by the item's postings and re-valuations. */
const booked = (sku: string) =>
  scalar(
    `select coalesce(sum(l.debit - l.credit), 0) as v from journal_line l join journal_entry e on e.id = l.entry_id
      where l.account_code = '1300' and exists (
        select 1 from stock_move m join item i on i.id = m.item_id
         where i.sku = ? and (e.idempotency_key = 'move:' || m.id or e.idempotency_key like 'revaluation:' || m.id || ':%'
                              or e.idempotency_key = 'revaluation:' || m.id))`,
    [sku],
  );

describe('a backdated posting that changes what a transfer between valued warehouses cost', () => {
  for (const method of ['fifo', 'moving-average'] as const) {
    test(`${method}: the new cost goes with the stock into the destination warehouse, not to 5100`, async () => {
      const sku = await perWarehouseItem(method);
      await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 1, effectiveAt: daysAgo(5) })));
      const transfer = await tx((em) =>
        postMove(
          em,
          move(sku, {
            moveType: 'transfer',
            fromLocation: 'MAIN-A01',
            toLocation: 'EAST-A02',
            quantity: 5,
            effectiveAt: daysAgo(3),
          }),
        ),
      );
      const shipped = await tx((em) =>
        postMove(
          em,
          move(sku, {
            moveType: 'shipment',
            toLocation: null,
            fromLocation: 'EAST-A02',
            quantity: 2,
            effectiveAt: daysAgo(2),
          }),
        ),
      );
      const cogsOf = (moveId: number) =>
        scalar('select coalesce(sum(value), 0) as v from layer_consumption where move_id = ?', [moveId]);
      expect(await cogsOf(shipped.moveId)).toBe(2);

      // Older, cheaper stock in MAIN: the transfer now takes 5 at 0.50 (FIFO) or at the new average 0.75.
      const backdated = await tx((em) =>
        postMove(em, move(sku, { quantity: 10, unitCost: 0.5, effectiveAt: daysAgo(6) })),
      );
      const carried = method === 'fifo' ? 2.5 : 3.75;
      expect(await cogsOf(transfer.moveId)).toBe(carried);
      expect(await scalar('select value_in as v from cost_layer where source_move_id = ?', [transfer.moveId])).toBe(
        carried,
      );
      expect(await cogsOf(shipped.moveId)).toBe((carried * 2) / 5);
      expect(backdated.revaluedMoves).toBe(2);
      expect(await scopeValues(sku)).toEqual({ MAIN: 15 - carried, EAST: (carried * 3) / 5 });
      expect(
        await scalar(
          `select count(*) as v from journal_line l join journal_entry e on e.id = l.entry_id
            where e.source_type = 'revaluation' and e.source_ref = ? and l.account_code = '5100'`,
          [`move ${backdated.moveId}`],
        ),
      ).toBe(0);
      const values = await scopeValues(sku);
      expect(await booked(sku)).toBeCloseTo((values.MAIN ?? 0) + (values.EAST ?? 0), 2);
    });
  }

  test('a backdated transfer re-values both warehouses and books both', async () => {
    const sku = await perWarehouseItem('fifo');
    const ship = (from: string, days: number) =>
      move(sku, {
        moveType: 'shipment',
        toLocation: null,
        fromLocation: from,
        quantity: 5,
        effectiveAt: daysAgo(days),
      });
    await tx((em) => postMove(em, move(sku, { quantity: 5, unitCost: 1, effectiveAt: daysAgo(6) })));
    await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 2, effectiveAt: daysAgo(5) })));
    await tx((em) =>
      postMove(em, move(sku, { toLocation: 'EAST-A01', quantity: 10, unitCost: 3, effectiveAt: daysAgo(3) })),
    );
    const fromMain = await tx((em) => postMove(em, ship('MAIN-A01', 2)));
    const fromEast = await tx((em) => postMove(em, ship('EAST-A01', 2)));

    const transfer = await tx((em) =>
      postMove(
        em,
        move(sku, {
          moveType: 'transfer',
          fromLocation: 'MAIN-A01',
          toLocation: 'EAST-A02',
          quantity: 5,
          effectiveAt: daysAgo(4),
        }),
      ),
    );
    const cogsOf = (moveId: number) =>
      scalar('select coalesce(sum(value), 0) as v from layer_consumption where move_id = ?', [moveId]);
    // By effective time the transfer takes MAIN's first 5 at 1.00, so MAIN's shipment now takes 5 at 2.00 and
    // EAST's shipment takes the transferred 5 at 1.00 instead of 5 at 3.00.
    expect(await cogsOf(transfer.moveId)).toBe(5);
    expect(await scalar('select value_in as v from cost_layer where source_move_id = ?', [transfer.moveId])).toBe(5);
    expect([await cogsOf(fromMain.moveId), await cogsOf(fromEast.moveId)]).toEqual([10, 5]);
    expect(transfer.revaluedMoves).toBe(3);
    expect(await scopeValues(sku)).toEqual({ MAIN: 10, EAST: 30 });
    expect(await booked(sku)).toBeCloseTo(40, 2);
  });
});
