import type { EntityManager } from '@mikro-orm/postgresql';
import { bookableLines, ENTRY_ID, journalSteps, withAccountErrors } from '../../db/accounting/journal';
import { assertStatusOpen } from '../../db/accounting/periods';
import type { StockStatus } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { firstScope, planValuation } from '../../db/inventory/move-valuation';
import { loadReferences, requireLocation } from '../../db/inventory/references';
import { writeStock } from '../../db/inventory/stock-write';
import { consumptionSteps, shiftScopeStep } from '../../db/inventory/valuation-store';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query, runSteps } from '../../db/sql';
import { reopenOrderLines, returnedToGrni, returnLines, type ReturnLineRow } from './return-lines';
import { InsufficientLayersError } from '../../rules/valuation';
import type {
  PostedReturn,
  PostedReturnLine,
  ReturnPick,
} from '../../workflows/supplier-return/supplier-return.contract';
import { returnHeader } from './load-supplier-return';
import { invoicedPart, PRICE_VARIANCE_ACCOUNT, returnJournalLines, splitReturn } from './return-accounts';
import { takeForReturn } from './return-layer';

export interface PostSupplierReturnInput {
  workflowId: string;
  returnNumber: string;
  picks: ReturnPick[];
  userName: string;
}

const milli = (quantity: number) => Math.round(quantity * 1000);

/**
 * Posts one pick: the stock leaves its place (never below zero, never reserved stock) as a `supplier-return` move,
 * valued from the receipt's own layer; Inventory is credited at that cost and GRNI or payables debited (see
 * splitReturn), in one statement with the move's valuation. The move stores price variance as its account, where a
 * later re-valuation of goods that went back books its difference too.
 */
async function postPick(
  em: EntityManager,
  input: PostSupplierReturnInput,
  line: ReturnLineRow,
  pick: ReturnPick,
  index: number,
  effectiveAt: Date,
) {
  const idempotencyKey = `${input.workflowId}:return:${index}`;
  const refs = await loadReferences(em, {
    idempotencyKey,
    effectiveAt,
    itemSku: line.itemSku,
    lotCode: line.lotCode,
    fromLocation: pick.fromLocation,
    toLocation: null,
  });
  const item = refs.item;
  if (!item) throw new BooksError('UNKNOWN_ITEM', `No item ${line.itemSku}`, 'itemSku');
  const from = requireLocation(pick.fromLocation, refs.from, 'fromLocation');
  const period = await assertStatusOpen(em, effectiveAt, refs.period);
  const plan = planValuation(item, from, null, 'out');
  const status = (pick.status ?? 'available') as StockStatus;
  const { moveId, locked } = await writeStock(em, {
    take: {
      key: { itemId: item.id, locationId: from.id, lotId: refs.lotId, status },
      options: { allowNegative: false, fromReserved: false },
    },
    add: null,
    move: {
      moveType: 'supplier-return',
      itemId: item.id,
      lotId: refs.lotId,
      fromLocationId: from.id,
      toLocationId: null,
      fromStatus: status,
      toStatus: null,
      quantity: pick.quantity,
      effectiveAt,
      documentType: 'supplier-return',
      documentRef: input.returnNumber,
      lineNo: line.lineNo,
      userName: input.userName,
      idempotencyKey,
      offsetAccount: PRICE_VARIANCE_ACCOUNT,
    },
    lock: firstScope(plan),
  });
  const scope = plan.kind === 'out' ? plan.source : null;
  if (!scope || !locked) {
    throw new BooksError('INVALID_MOVE', `Location ${from.code} holds unvalued stock; it is not ours to return`);
  }
  let outcome;
  try {
    outcome = takeForReturn(scope.method, locked.layers, line.layerId, milli(pick.quantity));
  } catch (error) {
    if (error instanceof InsufficientLayersError) throw new BooksError('INSUFFICIENT_STOCK', error.message, 'quantity');
    throw error;
  }
  const invoiced = await invoicedPart(em, line.receiptMoveId);
  const split = splitReturn(
    milli(pick.quantity),
    {
      qty: milli(line.receiptQty),
      unitPrice: line.unitPrice,
      returnedToGrni: await returnedToGrni(em, line.receiptMoveId),
    },
    { qty: milli(invoiced.quantity), unitPrice: invoiced.unitPrice },
    outcome.value,
  );
  const journal = {
    entryDate: effectiveAt,
    sourceType: 'supplier-return',
    sourceRef: `${input.returnNumber}/${line.lineNo}`,
    description: `supplier return ${pick.quantity} ${line.itemSku} of ${line.lotCode ?? 'no lot'}`,
    lines: returnJournalLines(split, outcome.value),
    idempotencyKey: `move:${moveId}`,
    createdBy: input.userName,
  };
  const lines = bookableLines(journal);
  const steps = [
    ...consumptionSteps(moveId, outcome),
    shiftScopeStep(scope, -milli(pick.quantity), -outcome.value, effectiveAt),
    ...(lines.length > 0 ? journalSteps(journal, lines, period) : []),
  ];
  const [entry] = await withAccountErrors(
    runSteps<{ id: number }>(em, steps, lines.length > 0 ? ENTRY_ID : 'select null as id'),
  );
  const journalEntryId = entry?.id == null ? null : num(entry.id);
  await query(
    em,
    `update supplier_return_line set grni_quantity = grni_quantity + ?, value = value + ?, grni_amount = grni_amount + ?,
            payable_amount = payable_amount + ?, variance_amount = variance_amount + ?,
            journal_entry_id = coalesce(?, journal_entry_id) where id = ?`,
    [
      split.grniQty / 1000,
      outcome.value / 100,
      split.grniCents / 100,
      split.payableCents / 100,
      split.varianceCents / 100,
      journalEntryId,
      line.id,
    ],
  );
  return { value: outcome.value, split, journalEntryId };
}

/**
 * Posts a supplier return in one transaction (the caller's, run once per workflow): every pick leaves stock and
 * books its entry; with `replace`, the returned quantity reopens on the order lines (contract-A: received_quantity
 * is net of such returns; a fully received order is partly received again). The order row is locked first, as the
 * purchase receipt does.
 */
export async function postSupplierReturn(em: EntityManager, input: PostSupplierReturnInput): Promise<PostedReturn> {
  const header = await returnHeader(em, input.returnNumber, true);
  const lines = await returnLines(em, header.id);
  const effectiveAt = new Date();
  const posted = new Map<number, PostedReturnLine>();
  for (const [index, pick] of input.picks.entries()) {
    const line = lines.find((candidate) => candidate.lineNo === pick.lineNo);
    if (!line)
      throw new BooksError('INVALID_MOVE', `Return ${input.returnNumber} has no line ${pick.lineNo}`, 'lineNo');
    const done = await postPick(em, input, line, pick, index, effectiveAt);
    const sum = posted.get(line.lineNo) ?? {
      lineNo: line.lineNo,
      quantity: 0,
      value: 0,
      grniAmount: 0,
      payableAmount: 0,
      varianceAmount: 0,
      journalEntryIds: [],
    };
    sum.quantity = (milli(sum.quantity) + milli(pick.quantity)) / 1000;
    sum.value = Math.round(sum.value * 100 + done.value) / 100;
    sum.grniAmount = Math.round(sum.grniAmount * 100 + done.split.grniCents) / 100;
    sum.payableAmount = Math.round(sum.payableAmount * 100 + done.split.payableCents) / 100;
    sum.varianceAmount = Math.round(sum.varianceAmount * 100 + done.split.varianceCents) / 100;
    if (done.journalEntryId !== null) sum.journalEntryIds.push(done.journalEntryId);
    posted.set(line.lineNo, sum);
  }
  const reopened = header.replace ? await reopenOrderLines(em, header, lines) : [];
  await query(em, `update supplier_return set status = 'posted', posted_by = ?, posted_at = ? where id = ?`, [
    input.userName,
    effectiveAt,
    header.id,
  ]);
  const result = { orderNumber: header.orderNumber, lines: [...posted.values()], reopened };
  await appendAudit(em, {
    actor: input.userName,
    action: 'supplier-return.posted',
    entityType: 'supplier_return',
    entityId: input.returnNumber,
    workflowId: input.workflowId,
    details: { ...result, picks: input.picks },
  });
  return result;
}
