import type { EntityManager } from '@mikro-orm/postgresql';
import { replay, totals, type Layer, type ValuationEvent } from '../../rules/valuation';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../accounting/journal';
import { openWindowStart } from '../accounting/periods';
import { BooksError } from '../errors';
import { num, query } from '../sql';
import { offsetAccountOf } from './move-types';
import type { Scope } from './valuation-store';

const milli = (value: unknown) => Math.round(num(value) * 1000);
const cents = (value: unknown) => Math.round(num(value) * 100);
const scopeFilter = 'item_id = ? and coalesce(warehouse_id, 0) = coalesce(?, 0)';

/**
 * Re-values a scope after a backdated posting: everything before the first open period is frozen; from there
 * on, the scope's receipts and issues are replayed in effective-time order, issues whose cost changed get their
 * consumption rewritten, and the difference is booked (offset account vs Inventory) in one entry dated at the
 * backdated posting. Returns how many issues changed value.
 */
export async function revalueScope(
  em: EntityManager,
  scope: Scope,
  triggerMoveId: number,
  effectiveAt: Date,
  userName: string,
): Promise<number> {
  const windowStart = await openWindowStart(em);
  const opening = await openingLayers(em, scope, windowStart);
  const ins = await query<Record<string, unknown>>(
    em,
    `select id, source_move_id, effective_at, quantity_in, value_in from cost_layer where ${scopeFilter} and effective_at >= ?`,
    [scope.itemId, scope.warehouseId, windowStart],
  );
  const outs = await query<Record<string, unknown>>(
    em,
    `select m.id, m.effective_at, m.quantity, m.move_type, m.to_location_id, sum(c.value) as value
       from stock_move m join layer_consumption c on c.move_id = m.id
      where m.id in (select c2.move_id from layer_consumption c2 left join cost_layer l on l.id = c2.layer_id
                      where l.id is null or (l.item_id = ? and coalesce(l.warehouse_id, 0) = coalesce(?, 0)))
        and m.item_id = ? and m.effective_at >= ?
      group by m.id`,
    [scope.itemId, scope.warehouseId, scope.itemId, windowStart],
  );
  const events: ValuationEvent[] = [
    ...ins.map((r) => ({
      id: `in:${String(r.id)}`,
      kind: 'in' as const,
      effectiveAt: time(r.effective_at),
      seq: num(r.source_move_id),
      qty: milli(r.quantity_in),
      value: cents(r.value_in),
    })),
    ...outs.map((r) => ({
      id: `out:${String(r.id)}`,
      kind: 'out' as const,
      effectiveAt: time(r.effective_at),
      seq: num(r.id),
      qty: milli(r.quantity),
    })),
  ];
  let result: ReturnType<typeof replay>;
  try {
    result = replay(scope.method, opening, events);
  } catch (error) {
    throw new BooksError(
      'INSUFFICIENT_STOCK',
      `The backdated posting leaves too little stock at an earlier time: ${String(error)}`,
      'effectiveAt',
    );
  }
  const differences = new Map<string, number>();
  let changed = 0;
  for (const row of outs) {
    const outcome = result.issues.get(`out:${String(row.id)}`);
    if (!outcome || outcome.value === cents(row.value)) continue;
    changed += 1;
    await query(em, 'delete from layer_consumption where move_id = ?', [row.id]);
    for (const taken of outcome.taken) {
      await query(em, 'insert into layer_consumption (move_id, layer_id, quantity, value) values (?, ?, ?, ?)', [
        row.id,
        taken.layerId.startsWith('in:') ? Number(taken.layerId.slice(3)) : null,
        taken.qty / 1000,
        taken.value / 100,
      ]);
    }
    const account = offsetAccountOf(String(row.move_type), row.to_location_id !== null);
    differences.set(account, (differences.get(account) ?? 0) + outcome.value - cents(row.value));
  }
  await writeClosingLayers(em, scope, opening, result.layers);
  await bookDifferences(em, differences, triggerMoveId, effectiveAt, userName);
  return changed;
}

function time(value: unknown): number {
  return new Date(value as string).getTime();
}

/** Layers as they stood at the start of the open window: received before it, minus what was taken before it. */
async function openingLayers(em: EntityManager, scope: Scope, windowStart: Date): Promise<Layer[]> {
  if (scope.method === 'moving-average') {
    const [row] = await query<{ qty: string; value: string }>(
      em,
      `select (select coalesce(sum(quantity_in), 0) from cost_layer where ${scopeFilter} and effective_at < ?)
            - (select coalesce(sum(c.quantity), 0) from layer_consumption c join stock_move m on m.id = c.move_id
                where c.layer_id is null and m.item_id = ? and m.effective_at < ?) as qty,
              (select coalesce(sum(value_in), 0) from cost_layer where ${scopeFilter} and effective_at < ?)
            - (select coalesce(sum(c.value), 0) from layer_consumption c join stock_move m on m.id = c.move_id
                where c.layer_id is null and m.item_id = ? and m.effective_at < ?) as value`,
      [
        scope.itemId,
        scope.warehouseId,
        windowStart,
        scope.itemId,
        windowStart,
        scope.itemId,
        scope.warehouseId,
        windowStart,
        scope.itemId,
        windowStart,
      ],
    );
    const qty = milli(row?.qty);
    return qty > 0 ? [{ id: 'pool', effectiveAt: 0, seq: 0, qty, value: cents(row?.value) }] : [];
  }
  const rows = await query<Record<string, unknown>>(
    em,
    `select l.id, l.source_move_id, l.effective_at,
            l.quantity_in - coalesce(sum(c.quantity) filter (where m.effective_at < ?), 0) as qty,
            l.value_in - coalesce(sum(c.value) filter (where m.effective_at < ?), 0) as value
       from cost_layer l left join layer_consumption c on c.layer_id = l.id left join stock_move m on m.id = c.move_id
      where l.item_id = ? and coalesce(l.warehouse_id, 0) = coalesce(?, 0) and l.effective_at < ?
      group by l.id`,
    [windowStart, windowStart, scope.itemId, scope.warehouseId, windowStart],
  );
  return rows
    .map((r) => ({
      id: `in:${String(r.id)}`,
      effectiveAt: time(r.effective_at),
      seq: num(r.source_move_id),
      qty: milli(r.qty),
      value: cents(r.value),
    }))
    .filter((layer) => layer.qty > 0);
}

/** Sets every layer of the window to what the replay left of it, and the scope's totals to match. */
async function writeClosingLayers(em: EntityManager, scope: Scope, opening: Layer[], closing: Layer[]): Promise<void> {
  if (scope.method === 'fifo') {
    const left = new Map(closing.map((layer) => [layer.id, layer]));
    const touched = new Set([...opening.map((layer) => layer.id), ...closing.map((layer) => layer.id)]);
    await query(
      em,
      `update cost_layer set quantity_remaining = 0, value_remaining = 0 where ${scopeFilter} and quantity_remaining > 0`,
      [scope.itemId, scope.warehouseId],
    );
    for (const id of touched) {
      const layer = left.get(id);
      if (!layer) continue;
      await query(em, 'update cost_layer set quantity_remaining = ?, value_remaining = ? where id = ?', [
        layer.qty / 1000,
        layer.value / 100,
        Number(id.slice(3)),
      ]);
    }
  }
  const sum = totals(closing);
  await query(em, `update item_valuation set quantity = ?, value = ?, updated_at = now() where ${scopeFilter}`, [
    sum.qty / 1000,
    sum.value / 100,
    scope.itemId,
    scope.warehouseId,
  ]);
}

async function bookDifferences(
  em: EntityManager,
  differences: Map<string, number>,
  moveId: number,
  date: Date,
  userName: string,
): Promise<void> {
  const lines: JournalLineInput[] = [];
  for (const [account, diff] of differences) {
    if (diff === 0) continue;
    lines.push(diff > 0 ? { account, debitCents: diff } : { account, creditCents: -diff });
    lines.push(
      diff > 0
        ? { account: ACCOUNTS.inventory, creditCents: diff }
        : { account: ACCOUNTS.inventory, debitCents: -diff },
    );
  }
  await postJournal(em, {
    entryDate: date,
    sourceType: 'revaluation',
    sourceRef: `move ${moveId}`,
    description: `Re-valuation of later issues after backdated move ${moveId}`,
    lines,
    idempotencyKey: `revaluation:${moveId}`,
    createdBy: userName,
  });
}
