import type { EntityManager } from '@mikro-orm/postgresql';
import { openWindowStart } from '../accounting/periods';
import { num, query } from '../sql';
import {
  START,
  applyEvents,
  eventsAfter,
  nextEvents,
  openingLayers,
  writeClosingLayers,
  type CarriedTransfer,
} from './revalue-window';
import { bookDifferences } from './revalue-booking';
import { lockScope, type Scope } from './valuation-store';

/**
 * Re-valuations up to this many later postings run inside the posting's transaction; larger ones become a job.
 * Callers (and tests) may pass a smaller limit per posting; this stays the default.
 */
export const INLINE_REVALUATION_LIMIT = 500;

export type RevaluationOutcome = { inline: true; changed: number } | { inline: false; jobId: number };

export interface RevaluationTrigger {
  moveId: number;
  effectiveAt: Date;
  userName: string;
  /** Idempotency key of the re-valuation's journal entry; `revaluation:<moveId>` unless the move re-values more. */
  key?: string;
}

/**
 * Re-values a scope after a backdated posting. Everything before the first open period is frozen; from there on,
 * the scope's receipts and issues are replayed in effective-time order and issues whose cost changed are
 * rewritten and their differences booked (one entry per issue period, dated at the issues, to their own accounts). Small re-valuations finish here; large ones are queued as a
 * revaluation job that a durable workflow works through in chunks (see processRevaluationChunk).
 */
export async function revalueScope(
  em: EntityManager,
  scope: Scope,
  trigger: RevaluationTrigger,
  inlineLimit = INLINE_REVALUATION_LIMIT,
): Promise<RevaluationOutcome> {
  const windowStart = await openWindowStart(em);
  const size = await eventsAfter(em, scope, windowStart);
  if (size > inlineLimit) {
    const [job] = await query<{ id: number }>(
      em,
      `insert into revaluation_job (item_id, warehouse_id, method, trigger_move_id, window_start, status, total_events,
                                    created_by, created_at) values (?, ?, ?, ?, ?, 'pending', ?, ?, now()) returning id`,
      [scope.itemId, scope.warehouseId, scope.method, trigger.moveId, windowStart, size, trigger.userName],
    );
    return { inline: false, jobId: Number(job?.id) };
  }
  const opening = await openingLayers(em, scope, windowStart);
  const batch = await nextEvents(em, scope, windowStart, START, Number.MAX_SAFE_INTEGER);
  const key = trigger.key ?? `revaluation:${trigger.moveId}`;
  const result = await applyEvents(em, scope, opening, batch);
  await bookDifferences(em, result.differences, {
    sourceRef: `move ${trigger.moveId}`,
    idempotencyKey: key,
    userName: trigger.userName,
  });
  await writeClosingLayers(em, scope, result.layers);
  const carried = await carryTransfers(em, result.carried, { ...trigger, key });
  return { inline: true, changed: result.changed + carried };
}

/**
 * Takes re-costed transfers between valued warehouses into their destinations: the layer each transfer created
 * there gets the new cost, and the destination scope is replayed, so whatever left it from that layer is re-costed
 * and booked against its own accounts. Inline whatever the size (a queued job here would leave the destination's
 * layers disagreeing with their cost until someone started it). Returns how many issues changed there.
 */
export async function carryTransfers(
  em: EntityManager,
  carried: CarriedTransfer[],
  trigger: RevaluationTrigger & { key: string },
): Promise<number> {
  let changed = 0;
  for (const transfer of carried) {
    const [layer] = await query<Record<string, unknown>>(
      em,
      `select l.id, l.item_id, l.warehouse_id, i.valuation_method from cost_layer l join item i on i.id = l.item_id
        where l.source_move_id = ?`,
      [transfer.moveId],
    );
    if (!layer) throw new Error(`transfer ${transfer.moveId} left no cost layer at its destination`);
    const scope: Scope = {
      itemId: num(layer.item_id),
      warehouseId: layer.warehouse_id === null ? null : num(layer.warehouse_id),
      method: layer.valuation_method === 'moving-average' ? 'moving-average' : 'fifo',
    };
    await lockScope(em, scope);
    await query(em, 'update cost_layer set value_in = ? where id = ?', [transfer.cents / 100, layer.id]);
    const key = `${trigger.key}:carry:${transfer.moveId}`;
    const outcome = await revalueScope(em, scope, { ...trigger, key }, Number.POSITIVE_INFINITY);
    if (outcome.inline) changed += outcome.changed;
  }
  return changed;
}
