import type { EntityManager } from '@mikro-orm/postgresql';
import type { MoveType, StockStatus } from '../entities';
import { num, runSteps, type Step } from '../sql';
import { addStep, takeRefusal, takeStep, type BalanceKey, type TakeOptions } from './balances';
import {
  LOCK_SCOPE_CALL,
  lockScopeParams,
  lockedScopeOf,
  type LockedScope,
  type LockedScopeRow,
  type Scope,
} from './valuation-store';

/** The ledger row of a posting, as appended to stock_move. */
export interface MoveRow {
  moveType: MoveType;
  itemId: number;
  lotId: number | null;
  fromLocationId: number | null;
  toLocationId: number | null;
  fromStatus: StockStatus | null;
  toStatus: StockStatus | null;
  quantity: number;
  effectiveAt: Date;
  documentType: string;
  documentRef: string;
  lineNo: number | null;
  userName: string;
  idempotencyKey: string;
  /** The account the move's journal entry books against Inventory (null when it books none). */
  offsetAccount: string | null;
  /** Whose stock moved (null or absent = ours); the same on both sides of the move. */
  ownerCustomerId?: number | null;
  /** The receipt move whose layer an issue takes first (see db/inventory/own-layer.ts), kept for re-valuations. */
  fromLayerOfMoveId?: number | null;
}

export interface StockWrite {
  take: { key: BalanceKey; options: TakeOptions } | null;
  add: BalanceKey | null;
  move: MoveRow;
  /** The valuation scope the posting values first, locked once the move is written (its layers read for an issue). */
  lock: { scope: Scope; forIssue: boolean } | null;
}

/**
 * Writes the quantity side of a posting in one statement: takes from the source balance, adds to the target
 * balance, appends the ledger row, then locks the valuation scope. Each step runs only once the one before it has
 * its row, which keeps the lock order every posting uses (balances, then scope) and writes nothing when the take
 * is refused. A refusal throws INSUFFICIENT_STOCK, exactly as checking first under a row lock would.
 */
export async function writeStock(
  em: EntityManager,
  write: StockWrite,
): Promise<{ moveId: number; locked: LockedScope | null }> {
  const written = await attempt(em, write);
  if (written) return written;
  const take = write.take;
  if (!take) throw new Error('stock move insert returned no row');
  const refusal = await takeRefusal(em, take.key, write.move.quantity, take.options);
  if (refusal) throw refusal;
  // The stock arrived between the refused take and the check, which now holds the row lock: this one succeeds.
  const retried = await attempt(em, write);
  if (!retried) throw new Error('stock take refused while holding the balance row lock');
  return retried;
}

async function attempt(em: EntityManager, write: StockWrite) {
  const { take, add, move, lock } = write;
  const steps: Step[] = [];
  if (take) steps.push(takeStep(take.key, move.quantity, take.options));
  if (add) steps.push(addStep(add, move.quantity, take ? 'took' : null));
  steps.push(
    moveStep(
      move,
      steps.map((step) => step.name),
    ),
  );
  const final = lock
    ? `select m.id, s.* from stock_move_row m, lateral ${LOCK_SCOPE_CALL} s`
    : 'select m.id from stock_move_row m';
  const [row] = await runSteps<LockedScopeRow & { id: number }>(
    em,
    steps,
    final,
    lock ? lockScopeParams(lock.scope, lock.forIssue) : [],
  );
  if (!row) return null;
  return { moveId: num(row.id), locked: lock ? lockedScopeOf(lock.scope, row) : null };
}

function moveStep(move: MoveRow, after: string[]): Step {
  const gate = after.map((name) => `exists (select 1 from ${name})`).join(' and ');
  return {
    name: 'stock_move_row',
    sql: `insert into stock_move (move_type, item_id, lot_id, from_location_id, to_location_id, from_status, to_status,
                                  quantity, effective_at, document_type, document_ref, line_no, user_name,
                                  idempotency_key, offset_account, owner_customer_id, from_layer_of_move_id, created_at)
          select ?, ?::int, ?::int, ?::int, ?::int, ?, ?, ?::numeric, ?::timestamptz, ?, ?, ?::int, ?, ?, ?, ?::int, ?::int,
                 now()
           where ${gate} returning id`,
    params: [
      move.moveType,
      move.itemId,
      move.lotId,
      move.fromLocationId,
      move.toLocationId,
      move.fromStatus,
      move.toStatus,
      move.quantity,
      move.effectiveAt,
      move.documentType,
      move.documentRef,
      move.lineNo,
      move.userName,
      move.idempotencyKey,
      move.offsetAccount,
      move.ownerCustomerId ?? null,
      move.fromLayerOfMoveId ?? null,
    ],
  };
}
