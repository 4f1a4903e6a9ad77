import type { EntityManager } from '@mikro-orm/postgresql';
import { openWindowStart } from '../accounting/periods';
import { query } from '../sql';
import { START, applyEvents, eventsAfter, nextEvents, openingLayers, writeClosingLayers } from './revalue-window';
import type { Scope } from './valuation-store';

/** Re-valuations up to this many later postings run inside the posting's transaction; larger ones become a job. */
export const INLINE_REVALUATION_LIMIT = 500;

export type RevaluationOutcome = { inline: true; changed: number } | { inline: false; jobId: number };

/**
 * Re-values a scope after a backdated posting. Everything before the first open period is frozen; from there on,
 * the scope's receipts and issues are replayed in effective-time order and issues whose cost changed are
 * rewritten and their differences booked. Small re-valuations finish here; large ones are queued as a
 * revaluation job that a durable workflow works through in chunks (see processRevaluationChunk).
 */
export async function revalueScope(
  em: EntityManager,
  scope: Scope,
  trigger: { moveId: number; effectiveAt: Date; userName: string },
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
  const result = await applyEvents(em, scope, opening, batch, {
    date: trigger.effectiveAt,
    sourceRef: `move ${trigger.moveId}`,
    idempotencyKey: `revaluation:${trigger.moveId}`,
    userName: trigger.userName,
  });
  await writeClosingLayers(em, scope, result.layers);
  return { inline: true, changed: result.changed };
}
