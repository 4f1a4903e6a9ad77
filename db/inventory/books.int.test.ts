import { IsolationLevel } from '@mikro-orm/core';
import { num, query } from '../sql';
import { BooksError } from '../errors';
import { useTestOrm } from '../../test/support/int-env';
import { moveCommands, plainItem } from '../../test/support/stock';
import { postMove, type MoveCommand } from './post-move';

const db = useTestOrm();
const tx = db.tx;
let items = 0;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** A fresh item of its own, so each test sees only the moves it posts. */
const newItem = (method: 'fifo' | 'moving-average' = 'fifo') =>
  plainItem(db.orm, `BOOKS-${Date.now() % 1_000_000}-${++items}`, { name: 'Books test item', method });
const move = moveCommands('books-test', 'MAIN-A01');

async function cogsOf(moveId: number): Promise<number> {
  const [row] = await query<{ v: string }>(
    db.orm.em.fork(),
    'select coalesce(sum(value), 0) as v from layer_consumption where move_id = ?',
    [moveId],
  );
  return num(row?.v);
}

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ v: string }>(db.orm.em.fork(), sql, params);
  return num(row?.v ?? 0);
}

describe('the books on real PostgreSQL', () => {
  test('FIFO by effective time: a backdated receipt re-values the later issue and books the difference', async () => {
    const sku = await newItem();
    await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 1, effectiveAt: daysAgo(3) })));
    const issued = await tx((em) =>
      postMove(
        em,
        move(sku, {
          moveType: 'shipment',
          toLocation: null,
          fromLocation: 'MAIN-A01',
          quantity: 5,
          effectiveAt: daysAgo(1),
        }),
      ),
    );
    expect(await cogsOf(issued.moveId)).toBe(5);

    const backdated = await tx((em) =>
      postMove(em, move(sku, { quantity: 10, unitCost: 0.5, effectiveAt: daysAgo(5) })),
    );
    expect(backdated.revaluedMoves).toBe(1);
    expect(await cogsOf(issued.moveId)).toBe(2.5);
    const reval = await scalar(
      `select coalesce(sum(l.credit - l.debit), 0) as v from journal_line l join journal_entry e on e.id = l.entry_id
        where e.source_type = 'revaluation' and e.source_ref = ? and l.account_code = '5000'`,
      [`move ${backdated.moveId}`],
    );
    expect(reval).toBe(2.5);
    expect(
      await scalar(`select value as v from item_valuation v join item i on i.id = v.item_id where i.sku = ?`, [sku]),
    ).toBe(12.5);
  });

  test('moving average: issues at the running average cost', async () => {
    const sku = await newItem('moving-average');
    await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 1, effectiveAt: daysAgo(3) })));
    await tx((em) => postMove(em, move(sku, { quantity: 10, unitCost: 2, effectiveAt: daysAgo(2) })));
    const issued = await tx((em) =>
      postMove(
        em,
        move(sku, {
          moveType: 'scrap',
          toLocation: null,
          fromLocation: 'MAIN-A01',
          quantity: 4,
          effectiveAt: daysAgo(1),
        }),
      ),
    );
    expect(await cogsOf(issued.moveId)).toBe(6);
  });

  test('per-warehouse valuation: a transfer carries its FIFO cost into the other warehouse', async () => {
    const sku = await newItem();
    await query(db.orm.em.fork(), 'update item set valued_per_warehouse = true where sku = ?', [sku]);
    await tx((em) =>
      postMove(em, move(sku, { toLocation: 'MAIN-A01', quantity: 10, unitCost: 1, effectiveAt: daysAgo(4) })),
    );
    await tx((em) =>
      postMove(em, move(sku, { toLocation: 'EAST-A01', quantity: 10, unitCost: 5, effectiveAt: daysAgo(3) })),
    );
    await tx((em) =>
      postMove(
        em,
        move(sku, {
          moveType: 'transfer',
          fromLocation: 'MAIN-A01',
          toLocation: 'EAST-A02',
          quantity: 5,
          effectiveAt: daysAgo(2),
        }),
      ),
    );
    const shipped = await tx((em) =>
      postMove(
        em,
        move(sku, {
          moveType: 'shipment',
          toLocation: null,
          fromLocation: 'EAST-A01',
          quantity: 10,
          effectiveAt: daysAgo(1),
        }),
      ),
    );
    expect(await cogsOf(shipped.moveId)).toBe(50);
    const values = await query<{ code: string; value: string }>(
      db.orm.em.fork(),
      `select w.code, v.value from item_valuation v join item i on i.id = v.item_id join warehouse w on w.id = v.warehouse_id
        where i.sku = ? order by w.code`,
      [sku],
    );
    expect(values.map((row) => [row.code, num(row.value)])).toEqual([
      ['EAST', 5],
      ['MAIN', 5],
    ]);
  });

  test('bad postings are rejected with a stable code and write nothing', async () => {
    const sku = await newItem();
    await tx((em) => postMove(em, move(sku, { quantity: 2, unitCost: 3 })));
    const moves = () => scalar('select count(*) as v from stock_move');
    const entries = () => scalar('select count(*) as v from journal_entry');
    const before = [await moves(), await entries()];
    const cases: Array<[Partial<MoveCommand>, string]> = [
      [{ itemSku: 'NO-SUCH-ITEM', unitCost: 1 }, 'UNKNOWN_ITEM'],
      [{ toLocation: 'NOWHERE-1', unitCost: 1 }, 'UNKNOWN_LOCATION'],
      [{ quantity: -1, unitCost: 1 }, 'INVALID_QUANTITY'],
      [{ quantity: 0.0001, unitCost: 1 }, 'INVALID_QUANTITY'],
      [{ moveType: 'shipment', toLocation: null, fromLocation: 'MAIN-A01', quantity: 3 }, 'INSUFFICIENT_STOCK'],
      [{ moveType: 'transfer', fromLocation: 'MAIN-A02', toLocation: 'MAIN-A03', quantity: 1 }, 'INSUFFICIENT_STOCK'],
      [{ unitCost: undefined }, 'INVALID_MOVE'],
    ];
    for (const [overrides, code] of cases) {
      const attempt = tx((em) => postMove(em, move(sku, overrides)));
      await expect(attempt).rejects.toBeInstanceOf(BooksError);
      await expect(attempt).rejects.toMatchObject({ code });
    }
    expect([await moves(), await entries()]).toEqual(before);
  });

  test('a closed period accepts no postings, not even backdated ones', async () => {
    const sku = await newItem();
    const longAgo = new Date(Date.UTC(2024, 0, 15));
    await tx((em) => postMove(em, move(sku, { quantity: 1, unitCost: 1, effectiveAt: longAgo })));
    await query(
      db.orm.em.fork(),
      `update accounting_period set status = 'closed', closed_at = now(), closed_by = 'controller' where code = '2024-01'`,
    );
    const attempt = tx((em) =>
      postMove(em, move(sku, { quantity: 1, unitCost: 1, effectiveAt: new Date(Date.UTC(2024, 0, 20)) })),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'PERIOD_CLOSED' });
    await query(
      db.orm.em.fork(),
      `update accounting_period set status = 'open', closed_at = null, closed_by = null where code = '2024-01'`,
    );
  });

  test('the ledger holds: balances equal the sum of moves, entries balance, inventory account equals the layers', async () => {
    // Balances are per owner too (a customer's material beside ours on one key). Every figure from one snapshot: the database is shared with the suite's other files, and a posting that
    // commits between two separate reads (a process left running by an earlier file) would look like drift.
    const figures = await db.orm.em.fork().transactional(
      async (em) => {
        const one = async (sql: string) => num((await query<{ v: string }>(em, sql))[0]?.v ?? 0);
        return {
          drift: await one(`
            with flows as (
              select item_id, to_location_id as location_id, lot_id, to_status as status, owner_customer_id, quantity
                from stock_move where to_location_id is not null
              union all
              select item_id, from_location_id, lot_id, from_status, owner_customer_id, -quantity
                from stock_move where from_location_id is not null)
            select count(*) as v from (
              select b.id from stock_balance b
                left join flows f on f.item_id = b.item_id and f.location_id = b.location_id
                                 and coalesce(f.lot_id, 0) = coalesce(b.lot_id, 0) and f.status = b.status
                                 and coalesce(f.owner_customer_id, 0) = coalesce(b.owner_customer_id, 0)
               group by b.id, b.quantity having b.quantity <> coalesce(sum(f.quantity), 0)) d`),
          unbalancedEntries: await one(
            `select count(*) as v from (select entry_id from journal_line group by entry_id having sum(debit) <> sum(credit)) x`,
          ),
          inventoryAccount: await one(
            `select coalesce(sum(debit - credit), 0) as v from journal_line where account_code = '1300'`,
          ),
          subLedger: await one('select coalesce(sum(value), 0) as v from item_valuation'),
          negative: await one(
            'select count(*) as v from stock_balance where quantity < 0 or reserved_quantity > quantity',
          ),
          // Per item, so a failure names the items whose layers and valuation disagree.
          layersOffValuation: await query<{ sku: string; valuation: string; layers: string }>(
            em,
            `select i.sku, coalesce(v.value, 0) as valuation, coalesce(l.value, 0) as layers
               from item i
               left join (select item_id, sum(value) as value from item_valuation group by item_id) v on v.item_id = i.id
               left join (select item_id, sum(value_remaining) as value from cost_layer group by item_id) l on l.item_id = i.id
              where i.valuation_method = 'fifo' and abs(coalesce(v.value, 0) - coalesce(l.value, 0)) >= 0.005
              order by i.sku`,
          ),
        };
      },
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    expect(figures.drift).toBe(0);
    expect(figures.unbalancedEntries).toBe(0);
    expect(figures.inventoryAccount).toBeCloseTo(figures.subLedger, 2);
    expect(figures.layersOffValuation).toEqual([]);
    expect(figures.negative).toBe(0);
  });

  test('journal entries are immutable and an unbalanced entry cannot commit', async () => {
    await expect(
      query(
        db.orm.em.fork(),
        `update journal_line set debit = debit + 1 where id = (select min(id) from journal_line)`,
      ),
    ).rejects.toThrow(/append-only/);
    const unbalanced = tx(async (em) => {
      const [entry] = await query<{ id: number }>(
        em,
        `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, idempotency_key, created_by, created_at)
         values (now(), to_char(now(), 'YYYY-MM'), 'test', 'x', 'unbalanced', ?, 'tester', now()) returning id`,
        [`unbalanced:${Date.now()}`],
      );
      await query(em, `insert into journal_line (entry_id, account_code, debit, credit) values (?, '1300', 10, 0)`, [
        entry?.id,
      ]);
    });
    await expect(unbalanced).rejects.toThrow(/does not balance/);
  });
});
