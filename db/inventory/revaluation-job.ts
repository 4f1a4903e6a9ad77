import type { EntityManager } from '@mikro-orm/postgresql';
import type { Layer } from '../../rules/valuation';
import { BooksError } from '../errors';
import { num, query } from '../sql';
import { companyTimeZone, periodCodeOf } from '../accounting/periods';
import { carryTransfers } from './revalue';
import { bookDifferences, mergeDifferences, type PeriodDifferences } from './revalue-booking';
import { START, applyEvents, nextEvents, openingLayers, writeClosingLayers, type Cursor } from './revalue-window';
import { lockScope, type Scope } from './valuation-store';

/** Progress of a revaluation job, as the workflow and the console show it. */
export interface RevaluationProgress {
  jobId: number;
  status: string;
  totalEvents: number;
  processedEvents: number;
  revaluedMoves: number;
  chunks: number;
  done: boolean;
}

interface Checkpoint {
  layers: Layer[];
  cursor: Cursor;
  /** Differences of periods the job has not left yet: booked once the replay has passed their last issue. */
  pending?: PeriodDifferences;
}

/**
 * Works through the next `chunkSize` postings of a revaluation job in the caller's transaction: resumes from the
 * stored checkpoint (layers + cursor), replays, rewrites changed issues, books the differences of every period the
 * replay has left behind (one entry per issue period, dated at its issues), stores the new checkpoint. The scope row is locked meanwhile, so postings into the scope wait for the chunk, not the job.
 * The last chunk (fewer events than asked for) writes the closing layers and marks the job done. Idempotent: a
 * chunk retried after a crash either finds its work committed (checkpoint moved on) or redoes it from scratch.
 */
export async function processRevaluationChunk(
  em: EntityManager,
  jobId: number,
  chunkSize: number,
): Promise<RevaluationProgress> {
  const [job] = await query<Record<string, unknown>>(em, 'select * from revaluation_job where id = ? for update', [
    jobId,
  ]);
  if (!job) throw new BooksError('INVALID_MOVE', `No revaluation job ${jobId}`);
  if (job.status === 'done') return progressOf(job, true);
  const scope: Scope = {
    itemId: num(job.item_id),
    warehouseId: job.warehouse_id === null ? null : num(job.warehouse_id),
    method: job.method === 'moving-average' ? 'moving-average' : 'fifo',
  };
  await lockScope(em, scope);
  const windowStart = new Date(job.window_start as string);
  const stored = job.checkpoint as Checkpoint | null;
  const checkpoint: Checkpoint = stored ?? { layers: await openingLayers(em, scope, windowStart), cursor: START };
  const batch = await nextEvents(em, scope, windowStart, checkpoint.cursor, chunkSize);
  const chunk = num(job.chunks) + 1;
  const result = await applyEvents(em, scope, checkpoint.layers, batch);
  const last = batch.events[batch.events.length - 1];
  const done = batch.events.length < chunkSize;
  // Events come in effective order: a period before the last event's is complete and gets its one entry now.
  const reached = last ? periodCodeOf(new Date(last.effectiveAt), await companyTimeZone(em)) : '';
  const pending = await bookDifferences(
    em,
    mergeDifferences(checkpoint.pending ?? {}, result.differences),
    {
      sourceRef: `revaluation job ${jobId}`,
      idempotencyKey: `revaluation-job:${jobId}`,
      userName: String(job.created_by),
    },
    (period) => done || period < reached,
  );
  const carried = await carryTransfers(em, result.carried, {
    moveId: num(job.trigger_move_id),
    effectiveAt: new Date(),
    userName: String(job.created_by),
    key: `revaluation-job:${jobId}:${chunk}`,
  });
  const next: Checkpoint = {
    layers: result.layers,
    cursor: last ? { effectiveAt: last.effectiveAt, seq: last.seq } : checkpoint.cursor,
    pending,
  };
  if (done) await writeClosingLayers(em, scope, result.layers);
  const [updated] = await query<Record<string, unknown>>(
    em,
    `update revaluation_job set checkpoint = ?, chunks = ?, processed_events = processed_events + ?,
            revalued_moves = revalued_moves + ?, status = ?, finished_at = case when ? then now() end,
            total_events = greatest(total_events, processed_events + ?)
      where id = ? returning *`,
    [
      JSON.stringify(next),
      chunk,
      batch.events.length,
      result.changed + carried,
      done ? 'done' : 'running',
      done,
      batch.events.length,
      jobId,
    ],
  );
  return progressOf(updated ?? job, done);
}

function progressOf(job: Record<string, unknown>, done: boolean): RevaluationProgress {
  return {
    jobId: num(job.id),
    status: String(job.status),
    totalEvents: num(job.total_events),
    processedEvents: num(job.processed_events),
    revaluedMoves: num(job.revalued_moves),
    chunks: num(job.chunks),
    done,
  };
}
