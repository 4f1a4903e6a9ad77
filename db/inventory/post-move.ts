import type { EntityManager } from '@mikro-orm/postgresql';
import type { MoveType, StockStatus } from '../entities';
import { ACCOUNTS, bookableLines, pair, type JournalInput } from '../accounting/journal';
import { assertStatusOpen } from '../accounting/periods';
import { BooksError } from '../errors';
import { ruleFor } from './move-types';
import { firstScope, planValuation, valueMove, type ValueContext } from './move-valuation';
import {
  loadReferences,
  requireLocation,
  resolveLot,
  type LocationRef,
  type LotInput,
  type References,
} from './references';
import { writeStock } from './stock-write';

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
  /**
   * `false`: value the move (layers, scope totals, its stored offset account) but book no journal entry of its own;
   * the caller books the returned value in one entry with the document's other moves, in the same transaction
   * (a subcontract delivery: Dr 1300 finished goods / Cr 1300 components / Cr 2300 fee). Default true.
   */
  journal?: boolean;
  /**
   * The customer whose stock moves (customer-supplied material, issue 15); absent or null = ours. The move takes
   * from and adds to that owner's balances only, and a customer's stock is never valued: no layer, no journal entry.
   */
  ownerCustomerCode?: string | null;
  /**
   * An issue of goods whose own receipt is known (a subcontract delivery the quality gate sent back): takes first from
   * the FIFO layer this receipt move brought in, so they leave at their own cost; the rest, if that layer holds too
   * little, from the oldest layers (db/inventory/own-layer.ts). Stored on the move, so a later re-valuation takes the
   * same layer first. Ignored for moves that take no layers.
   */
  fromLayerOfMove?: number;
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
 *
 * Three round trips in the common case: look everything up, write the quantities (locking the valuation scope
 * last), write the value and the journal entry. Locks are taken in the same order as ever: period (share),
 * source balance, target balance, valuation scope.
 */
export async function postMove(em: EntityManager, cmd: MoveCommand): Promise<PostedMove> {
  const effectiveAt = cmd.effectiveAt ?? new Date();
  const refs = await loadReferences(em, {
    idempotencyKey: cmd.idempotencyKey,
    effectiveAt,
    itemSku: cmd.itemSku,
    lotCode: cmd.lot?.code ?? null,
    fromLocation: cmd.fromLocation ?? null,
    toLocation: cmd.toLocation ?? null,
    ownerCustomerCode: cmd.ownerCustomerCode ?? null,
  });
  if (refs.duplicateId !== null) {
    return {
      moveId: refs.duplicateId,
      value: 0,
      journalEntryId: null,
      duplicate: true,
      revaluedMoves: 0,
      revaluationJobId: null,
    };
  }
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
  const periodCode = await assertStatusOpen(em, effectiveAt, refs.period);
  const move = await resolveMove(em, cmd, refs, effectiveAt);
  const { item, rule, from, to, ownerCustomerId } = move;
  const plan = planValuation(item, from, to, rule.direction, ownerCustomerId);
  // Stored on the move: a later re-valuation books its difference where this move booked its cost. A customer's
  // stock books nothing, so its moves name no account.
  const offset = ownerCustomerId === null ? (cmd.offsetAccount ?? rule.offsetAccount) : null;
  const { moveId, locked } = await writeStock(em, {
    take: from
      ? {
          key: { itemId: item.id, locationId: from.id, lotId: move.lotId, status: move.fromStatus, ownerCustomerId },
          options: { allowNegative: item.allowNegativeStock, fromReserved: Boolean(cmd.fromReserved) },
        }
      : null,
    add: to ? { itemId: item.id, locationId: to.id, lotId: move.lotId, status: move.toStatus, ownerCustomerId } : null,
    move: {
      moveType: cmd.moveType,
      itemId: item.id,
      lotId: move.lotId,
      fromLocationId: from?.id ?? null,
      toLocationId: to?.id ?? null,
      fromStatus: from ? move.fromStatus : null,
      toStatus: to ? move.toStatus : null,
      quantity: cmd.quantity,
      effectiveAt,
      documentType: cmd.documentType,
      documentRef: cmd.documentRef,
      lineNo: cmd.lineNo ?? null,
      userName: cmd.userName,
      idempotencyKey: cmd.idempotencyKey,
      offsetAccount: offset,
      ownerCustomerId,
      fromLayerOfMoveId: cmd.fromLayerOfMove ?? null,
    },
    lock: firstScope(plan),
  });
  const journal: ValueContext['journal'] = (cents) => {
    if (cents <= 0 || !offset || cmd.journal === false) return null;
    const input: JournalInput = {
      entryDate: effectiveAt,
      sourceType: cmd.documentType,
      sourceRef: `${cmd.documentRef}${cmd.lineNo ? `/${cmd.lineNo}` : ''}`,
      description: `${cmd.moveType} ${cmd.quantity} ${item.sku}`,
      lines:
        rule.direction === 'in' ? pair(ACCOUNTS.inventory, offset, cents) : pair(offset, ACCOUNTS.inventory, cents),
      idempotencyKey: `move:${moveId}`,
      createdBy: cmd.userName,
    };
    return { input, lines: bookableLines(input), period: periodCode };
  };
  const valued = await valueMove(
    em,
    {
      moveId,
      moveType: cmd.moveType,
      qty: toMilli(cmd.quantity),
      unitCost: cmd.unitCost,
      effectiveAt,
      userName: cmd.userName,
      allowNegativeStock: item.allowNegativeStock,
      inlineRevaluationLimit: cmd.inlineRevaluationLimit,
      fromLayerOfMove: cmd.fromLayerOfMove,
      journal,
    },
    plan,
    locked,
  );
  return {
    moveId,
    value: valued.cents / 100,
    journalEntryId: valued.journalEntryId,
    duplicate: false,
    revaluedMoves: valued.revalued,
    revaluationJobId: valued.jobId,
  };
}

/** Checks what the move names against what exists, in the order the errors have always been reported. */
async function resolveMove(em: EntityManager, cmd: MoveCommand, refs: References, effectiveAt: Date) {
  const item = refs.item;
  if (!item) throw new BooksError('UNKNOWN_ITEM', `No item ${cmd.itemSku}`, 'itemSku');
  if (cmd.ownerCustomerCode && refs.ownerCustomerId === null) {
    throw new BooksError('INVALID_MOVE', `No customer ${cmd.ownerCustomerCode} owns stock here`, 'ownerCustomerCode');
  }
  const rule = ruleFor(cmd.moveType, Boolean(cmd.toLocation));
  const from = rule.needsFrom ? requireLocation(cmd.fromLocation, refs.from, 'fromLocation') : null;
  const to = destination(cmd, refs, rule.needsTo, from);
  if (cmd.moveType === 'transfer' && from?.id === to?.id && (cmd.toStatus ?? cmd.fromStatus) === cmd.fromStatus) {
    throw new BooksError('INVALID_MOVE', 'A transfer needs a toLocation different from its fromLocation', 'toLocation');
  }
  const creates = cmd.moveType === 'receipt' || rule.direction === 'in';
  const lotId = await resolveLot(em, item, { input: cmd.lot, existing: refs.lotId }, creates, effectiveAt);
  const fromStatus: StockStatus = cmd.fromStatus ?? 'available';
  const toStatus = cmd.toStatus ?? (cmd.moveType === 'status-change' ? undefined : fromStatus);
  if (cmd.moveType === 'status-change' && (!toStatus || toStatus === fromStatus)) {
    throw new BooksError('INVALID_MOVE', 'A status change needs a toStatus different from fromStatus', 'toStatus');
  }
  const ownerCustomerId = refs.ownerCustomerId;
  return { item, rule, from, to, lotId, fromStatus, toStatus: toStatus ?? 'available', ownerCustomerId };
}

/** Where the stock goes: the named location, or for a status change the same location it came from. */
function destination(cmd: MoveCommand, refs: References, needsTo: boolean, from: LocationRef | null) {
  if (cmd.moveType === 'status-change') return from;
  return needsTo ? requireLocation(cmd.toLocation, refs.to, 'toLocation') : null;
}
