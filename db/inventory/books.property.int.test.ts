import fc from 'fast-check';
import type { MikroORM } from '@mikro-orm/postgresql';
import { replay, type ValuationEvent } from '../../rules/valuation';
import { openOrm } from '../orm';
import { num, query } from '../sql';
import { BooksError } from '../errors';
import { intEnv } from '../../test/support/int-env';
import { postMove, type MoveCommand } from './post-move';

jest.setTimeout(600_000);

let orm: MikroORM;
let run = 0;

beforeAll(async () => {
  orm = await openOrm(intEnv().databaseUrl);
});

afterAll(async () => {
  await orm?.close();
});

const day = 86_400_000;
const LOCATIONS = ['MAIN-C01', 'MAIN-C02', 'EAST-B03'];

/** One random posting: a receipt, an outgoing move or a transfer, at a random (often backdated) effective time. */
const operation = fc.oneof(
  fc.record({
    kind: fc.constant('receipt' as const),
    qty: fc.integer({ min: 1, max: 40 }),
    cost: fc.integer({ min: 1, max: 999 }),
    daysAgo: fc.integer({ min: 0, max: 25 }),
    at: fc.nat(2),
  }),
  fc.record({
    kind: fc.constantFrom('shipment' as const, 'scrap' as const, 'issue' as const),
    qty: fc.integer({ min: 1, max: 30 }),
    daysAgo: fc.integer({ min: 0, max: 25 }),
    at: fc.nat(2),
  }),
  fc.record({
    kind: fc.constant('transfer' as const),
    qty: fc.integer({ min: 1, max: 20 }),
    daysAgo: fc.integer({ min: 0, max: 25 }),
    at: fc.nat(2),
    to: fc.nat(2),
  }),
);

async function scalar(sql: string, params: unknown[]): Promise<number> {
  const [row] = await query<{ v: string }>(orm.em.fork(), sql, params);
  return num(row?.v ?? 0);
}

async function freshItem(method: 'fifo' | 'moving-average'): Promise<{ sku: string; id: number }> {
  run += 1;
  const sku = `PROP-${Date.now() % 1_000_000}-${run}`;
  const [row] = await query<{ id: number }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                       valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, 'Property item', 'pcs', 'test', false, 1, 'buy', false, ?, false, 1, now()) returning id`,
    [sku, method],
  );
  return { sku, id: num(row?.id) };
}

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function toCommand(sku: string, op: Operation, index: number): MoveCommand {
  const effectiveAt = new Date(Date.now() - op.daysAgo * day - index * 1000);
  const common = {
    itemSku: sku,
    quantity: op.qty,
    effectiveAt,
    documentType: 'property',
    documentRef: `${sku}-${index}`,
    userName: 'prop',
    idempotencyKey: `prop:${sku}:${index}`,
  };
  const location = LOCATIONS[op.at] ?? 'MAIN-C01';
  if (op.kind === 'receipt') return { ...common, moveType: 'receipt', toLocation: location, unitCost: op.cost / 100 };
  if (op.kind === 'transfer')
    return { ...common, moveType: 'transfer', fromLocation: location, toLocation: LOCATIONS[op.to] ?? 'MAIN-C02' };
  return { ...common, moveType: op.kind, fromLocation: location };
}

/** Every invariant the books promise, for one item. */
async function assertBooks(item: { sku: string; id: number }, method: 'fifo' | 'moving-average'): Promise<void> {
  const negative = await scalar('select count(*) as v from stock_balance where item_id = ? and quantity < 0', [
    item.id,
  ]);
  expect(negative).toBe(0);
  const drift = await scalar(
    `select count(*) as v from stock_balance b where b.item_id = ? and b.quantity <>
       coalesce((select sum(case when m.to_location_id = b.location_id then m.quantity else -m.quantity end) from stock_move m
                  where m.item_id = b.item_id and (m.to_location_id = b.location_id or m.from_location_id = b.location_id)), 0)`,
    [item.id],
  );
  expect(drift).toBe(0);
  const onHand = await scalar('select coalesce(sum(quantity), 0) as v from stock_balance where item_id = ?', [item.id]);
  const valuation = await query<{ quantity: string; value: string }>(
    orm.em.fork(),
    'select quantity, value from item_valuation where item_id = ?',
    [item.id],
  );
  expect(num(valuation[0]?.quantity ?? 0)).toBeCloseTo(onHand, 3);
  const books = await scalar(
    `select coalesce(sum(l.debit - l.credit), 0) as v from journal_line l join journal_entry e on e.id = l.entry_id
      where l.account_code = '1300' and (e.idempotency_key in (select 'move:' || id from stock_move where item_id = ?)
         or exists (select 1 from stock_move m where m.item_id = ? and e.idempotency_key like 'revaluation:' || m.id || ':%'))`,
    [item.id, item.id],
  );
  expect(books).toBeCloseTo(num(valuation[0]?.value ?? 0), 2);
  if (method === 'fifo') {
    const layers = await scalar('select coalesce(sum(value_remaining), 0) as v from cost_layer where item_id = ?', [
      item.id,
    ]);
    expect(layers).toBeCloseTo(num(valuation[0]?.value ?? 0), 2);
  }
  // Issue costs equal an independent replay of the item's history in effective-time order.
  const ins = await query<Record<string, unknown>>(
    orm.em.fork(),
    'select id, source_move_id, effective_at, quantity_in, value_in from cost_layer where item_id = ?',
    [item.id],
  );
  const outs = await query<Record<string, unknown>>(
    orm.em.fork(),
    `select m.id, m.effective_at, m.quantity, sum(c.value) as value from stock_move m join layer_consumption c on c.move_id = m.id
      where m.item_id = ? group by m.id`,
    [item.id],
  );
  const events: ValuationEvent[] = [
    ...ins.map((r) => ({
      id: `in:${String(r.id)}`,
      kind: 'in' as const,
      effectiveAt: new Date(r.effective_at as string).getTime(),
      seq: num(r.source_move_id),
      qty: Math.round(num(r.quantity_in) * 1000),
      value: Math.round(num(r.value_in) * 100),
    })),
    ...outs.map((r) => ({
      id: `out:${String(r.id)}`,
      kind: 'out' as const,
      effectiveAt: new Date(r.effective_at as string).getTime(),
      seq: num(r.id),
      qty: Math.round(num(r.quantity) * 1000),
    })),
  ];
  const reference = replay(method, [], events);
  for (const row of outs)
    expect(Math.round(num(row.value) * 100)).toBe(reference.issues.get(`out:${String(row.id)}`)?.value);
}

describe('the books under random postings (property-based, real PostgreSQL)', () => {
  for (const method of ['fifo', 'moving-average'] as const) {
    test(`${method}: random receipts, issues, transfers and backdated moves keep every invariant`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 3, maxLength: 18 }), async (ops) => {
          const item = await freshItem(method);
          for (const [index, op] of ops.entries()) {
            const before = await scalar('select count(*) as v from stock_move where item_id = ?', [item.id]);
            try {
              await orm.em.fork().transactional((em) => postMove(em, toCommand(item.sku, op, index)));
            } catch (error) {
              if (!(error instanceof BooksError)) throw error;
              expect(['INSUFFICIENT_STOCK', 'INVALID_MOVE']).toContain(error.code); // refused whole: nothing written
              expect(await scalar('select count(*) as v from stock_move where item_id = ?', [item.id])).toBe(before);
            }
          }
          await assertBooks(item, method);
        }),
        { numRuns: 25 },
      );
    });
  }
});
