import type { EntityManager } from '@mikro-orm/postgresql';
import { InsufficientLayersError, issue, receiptValueCents, type IssueOutcome } from '../../rules/valuation';
import type { MoveType, StockStatus } from '../entities';
import { ACCOUNTS, pair, postJournal } from '../accounting/journal';
import { assertPeriodOpen } from '../accounting/periods';
import { BooksError } from '../errors';
import { num, query } from '../sql';
import { addToBalance, takeFromBalance, type BalanceKey } from './balances';
import { ruleFor } from './move-types';
import { findItem, findLocation, resolveLot, type ItemRef, type LocationRef, type LotInput } from './references';
import { revalueScope } from './revalue';
import { currentLayers, insertLayer, lockScope, recordConsumption, shiftScope, type Scope } from './valuation-store';

/** One change of stock, as any document (receipt, shipment, count, scrap ...) asks for it. */
export interface MoveCommand {
  moveType: MoveType;
  itemSku: string;
  lot?: LotInput | null;
  fromLocation?: string | null;
  toLocation?: string | null;
  fromStatus?: StockStatus;
  toStatus?: StockStatus;
  quantity: number;
  /** Cost per unit of stock coming in (receipts; positive adjustments default to the scope's average). */
  unitCost?: number;
  effectiveAt?: Date;
  documentType: string;
  documentRef: string;
  lineNo?: number | null;
  userName: string;
  idempotencyKey: string;
  /** The stock was reserved for this move (a shipment of reserved picks): take it from the reserved part. */
  fromReserved?: boolean;
  /** Books the other side of Inventory here instead of the move type's default account. */
  offsetAccount?: string;
  /** Re-valuations larger than this many later postings are queued as a job instead of run inline. */
  inlineRevaluationLimit?: number;
}

export interface PostedMove {
  moveId: number;
  /** Value moved in or out of inventory, in currency units (0 for moves that move no value). */
  value: number;
  journalEntryId: number | null;
  duplicate: boolean;
  /** Later postings re-valued inline because this one was backdated. */
  revaluedMoves: number;
  /** Set when the re-valuation was too large to run inline: the caller starts the revaluation workflow for it. */
  revaluationJobId: number | null;
}

const toMilli = (quantity: number) => Math.round(quantity * 1000);

/**
 * Posts one stock move: validates it, updates the balances under row locks (never below zero), appends it
 * to the ledger, values it (FIFO layers or moving average, by effective time) and books the journal entry,
 * all in the caller's transaction. A repeated idempotency key returns the first posting and writes nothing.
 * A backdated move re-values the later postings of its scope inside the open periods.
 */
export async function postMove(em: EntityManager, cmd: MoveCommand): Promise<PostedMove> {
  const [already] = await query<{ id: number }>(em, 'select id from stock_move where idempotency_key = ?', [
    cmd.idempotencyKey,
  ]);
  if (already)
    return {
      moveId: num(already.id),
      value: 0,
      journalEntryId: null,
      duplicate: true,
      revaluedMoves: 0,
      revaluationJobId: null,
    };
  // Binary floats: 1.005 * 1000 is 1004.999..., so compare with a tolerance far below a milli-unit.
  if (
    !Number.isFinite(cmd.quantity) ||
    cmd.quantity <= 0 ||
    Math.abs(toMilli(cmd.quantity) - cmd.quantity * 1000) > 1e-6
  ) {
    throw new BooksError(
      'INVALID_QUANTITY',
      `quantity must be positive with at most 3 decimals, got ${cmd.quantity}`,
      'quantity',
    );
  }
  const effectiveAt = cmd.effectiveAt ?? new Date();
  const periodCode = await assertPeriodOpen(em, effectiveAt);
  const item = await findItem(em, cmd.itemSku);
  const rule = ruleFor(cmd.moveType, Boolean(cmd.toLocation));
  const from = rule.needsFrom ? await requireLocation(em, cmd.fromLocation, 'fromLocation') : null;
  const to = await destination(em, cmd, rule.needsTo, from);
  if (cmd.moveType === 'transfer' && from?.id === to?.id && (cmd.toStatus ?? cmd.fromStatus) === cmd.fromStatus) {
    throw new BooksError('INVALID_MOVE', 'A transfer needs a toLocation different from its fromLocation', 'toLocation');
  }
  const lotId = await resolveLot(em, item, cmd.lot, cmd.moveType === 'receipt' || rule.direction === 'in', effectiveAt);
  const fromStatus = cmd.fromStatus ?? 'available';
  const toStatus = cmd.toStatus ?? (cmd.moveType === 'status-change' ? undefined : fromStatus);
  if (cmd.moveType === 'status-change' && (!toStatus || toStatus === fromStatus)) {
    throw new BooksError('INVALID_MOVE', 'A status change needs a toStatus different from fromStatus', 'toStatus');
  }

  if (from) {
    const key: BalanceKey = { itemId: item.id, locationId: from.id, lotId, status: fromStatus };
    await takeFromBalance(em, key, cmd.quantity, {
      allowNegative: item.allowNegativeStock,
      fromReserved: Boolean(cmd.fromReserved),
    });
  }
  if (to)
    await addToBalance(
      em,
      { itemId: item.id, locationId: to.id, lotId, status: toStatus ?? 'available' },
      cmd.quantity,
    );
  const [move] = await query<{ id: number }>(
    em,
    `insert into stock_move (move_type, item_id, lot_id, from_location_id, to_location_id, from_status, to_status, quantity,
                             effective_at, document_type, document_ref, line_no, user_name, idempotency_key, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [
      cmd.moveType,
      item.id,
      lotId,
      from?.id ?? null,
      to?.id ?? null,
      from ? fromStatus : null,
      to ? (toStatus ?? 'available') : null,
      cmd.quantity,
      effectiveAt,
      cmd.documentType,
      cmd.documentRef,
      cmd.lineNo ?? null,
      cmd.userName,
      cmd.idempotencyKey,
    ],
  );
  const moveId = num(move?.id);
  const valued = await valueMove(em, { cmd, item, from, to, moveId, effectiveAt, direction: rule.direction });
  const offset = cmd.offsetAccount ?? rule.offsetAccount;
  const journalEntryId =
    valued.cents > 0 && offset
      ? await postJournal(em, {
          entryDate: effectiveAt,
          sourceType: cmd.documentType,
          sourceRef: `${cmd.documentRef}${cmd.lineNo ? `/${cmd.lineNo}` : ''}`,
          description: `${cmd.moveType} ${cmd.quantity} ${item.sku}`,
          lines:
            rule.direction === 'in'
              ? pair(ACCOUNTS.inventory, offset, valued.cents)
              : pair(offset, ACCOUNTS.inventory, valued.cents),
          idempotencyKey: `move:${moveId}`,
          createdBy: cmd.userName,
          periodCode,
          freshKey: true,
        })
      : null;
  return {
    moveId,
    value: valued.cents / 100,
    journalEntryId,
    duplicate: false,
    revaluedMoves: valued.revalued,
    revaluationJobId: valued.jobId,
  };
}

async function requireLocation(
  em: EntityManager,
  code: string | null | undefined,
  field: string,
): Promise<LocationRef> {
  if (!code) throw new BooksError('INVALID_MOVE', `${field} is required for this move type`, field);
  return findLocation(em, code, field);
}

/** Where the stock goes: the named location, or for a status change the same location it came from. */
async function destination(em: EntityManager, cmd: MoveCommand, needsTo: boolean, from: LocationRef | null) {
  if (cmd.moveType === 'status-change') return from;
  return needsTo ? requireLocation(em, cmd.toLocation, 'toLocation') : null;
}

interface ValueContext {
  cmd: MoveCommand;
  item: ItemRef;
  from: LocationRef | null;
  to: LocationRef | null;
  moveId: number;
  effectiveAt: Date;
  direction: 'in' | 'out' | 'none';
}

function scopeOf(item: ItemRef, location: LocationRef): Scope | null {
  if (location.virtual) return null; // customer-supplied material: counted, never valued
  return {
    itemId: item.id,
    warehouseId: item.valuedPerWarehouse ? location.warehouseId : null,
    method: item.valuationMethod,
  };
}

interface Valued {
  cents: number;
  revalued: number;
  jobId: number | null;
}

const NOTHING: Valued = { cents: 0, revalued: 0, jobId: null };

/** Re-values the scope when the posting is dated before the latest posting already in it. */
async function revalueIfBackdated(em: EntityManager, ctx: ValueContext, scope: Scope, lastEffectiveAt: number) {
  if (ctx.effectiveAt.getTime() >= lastEffectiveAt) return { revalued: 0, jobId: null };
  const trigger = { moveId: ctx.moveId, effectiveAt: ctx.effectiveAt, userName: ctx.cmd.userName };
  const outcome = await revalueScope(em, scope, trigger, ctx.cmd.inlineRevaluationLimit);
  return outcome.inline ? { revalued: outcome.changed, jobId: null } : { revalued: 0, jobId: outcome.jobId };
}

/** Values the move in its scope(s); returns the value moved (cents) and how many later postings were re-valued. */
async function valueMove(em: EntityManager, ctx: ValueContext): Promise<Valued> {
  const source = ctx.from ? scopeOf(ctx.item, ctx.from) : null;
  const target = ctx.to ? scopeOf(ctx.item, ctx.to) : null;
  const qty = toMilli(ctx.cmd.quantity);
  if (ctx.direction === 'in' && target) return valueIn(em, ctx, target, qty, undefined);
  if (ctx.direction === 'out' && source) return valueOut(em, ctx, source, qty);
  if (ctx.direction !== 'none' || !ctx.from || !ctx.to) return NOTHING;
  const sameScope = source?.warehouseId === target?.warehouseId && Boolean(source) === Boolean(target);
  if (sameScope) return NOTHING;
  if (!source || !target) {
    throw new BooksError(
      'INVALID_MOVE',
      'Stock cannot be transferred between valued and unvalued warehouses; post a receipt or an issue',
    );
  }
  // Per-warehouse valuation: the transfer takes FIFO cost out of one warehouse and carries it into the other.
  const out = await valueOut(em, ctx, source, qty);
  const into = await valueIn(em, ctx, target, qty, out.cents);
  return { cents: 0, revalued: out.revalued + into.revalued, jobId: out.jobId ?? into.jobId };
}

async function valueIn(
  em: EntityManager,
  ctx: ValueContext,
  scope: Scope,
  qty: number,
  knownCents: number | undefined,
) {
  const state = await lockScope(em, scope);
  // A positive adjustment without a cost comes in at the scope's current average (currency per unit).
  const averageCost = state.qty > 0 ? (state.value * 10) / state.qty : 0;
  const unitCost = ctx.cmd.unitCost ?? (ctx.cmd.moveType === 'receipt' ? undefined : averageCost);
  if (knownCents === undefined && (unitCost === undefined || !Number.isFinite(unitCost) || unitCost < 0)) {
    throw new BooksError('INVALID_MOVE', 'A receipt needs a unitCost of zero or more', 'unitCost');
  }
  const cents = knownCents ?? receiptValueCents(qty, unitCost ?? 0);
  await insertLayer(em, scope, ctx.moveId, ctx.effectiveAt, qty, cents);
  await shiftScope(em, scope, qty, cents, ctx.effectiveAt);
  return { cents, ...(await revalueIfBackdated(em, ctx, scope, state.lastEffectiveAt)) };
}

async function valueOut(em: EntityManager, ctx: ValueContext, scope: Scope, qty: number): Promise<Valued> {
  const state = await lockScope(em, scope);
  let outcome: IssueOutcome;
  try {
    outcome = issue(scope.method, await currentLayers(em, scope, state), qty).outcome;
  } catch (error) {
    if (!(error instanceof InsufficientLayersError) || !ctx.item.allowNegativeStock) throw error;
    outcome = { qty: 0, value: 0, taken: [] }; // negative stock of an item that allows it: valued when stock returns
  }
  await recordConsumption(em, ctx.moveId, outcome);
  await shiftScope(em, scope, -qty, -outcome.value, ctx.effectiveAt);
  return { cents: outcome.value, ...(await revalueIfBackdated(em, ctx, scope, state.lastEffectiveAt)) };
}
