import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../../db/accounting/journal';
import { assertPeriodOpen } from '../../db/accounting/periods';
import { CarrierReceipt, carrierReceiptPostingDate } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { recordProductionShares } from '../../db/inventory/revalue-production';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import type { EngineCache } from '../../rules/engine';
import { CostDistributionError } from '../../rules/cost-distribution';
import { reject } from '../errors';
import { followGoods, type FollowedChange } from '../invoicing/cost-follows-goods';
import { freightGoods } from './carrier-receipt-targets';
import { decideFreight } from './decide-freight';

/*
 * POSTINGS.md, "freight or other cost on a receipt": Dr 1300 the goods it lands on (by the cost-distribution rules),
 * Cr 2100 the carrier's receipt (cleared when the carrier's invoice is matched, like a purchase receipt). Freight
 * found on goods already gone follows them by the after-the-fact rule (cost-follows-goods.ts): consumed by production,
 * to its WIP or variance; shipped or consumed otherwise, to the account the consuming move booked.
 */

/** Where a share goes when the consuming move stored no account: purchase price variance, as for invoices. */
const PRICE_VARIANCE = '5400';

/** What posting a carrier receipt answered (stored under the activity's idempotency key). */
export interface CarrierReceiptPosting {
  receiptNumber: string;
  journalEntryId: number | null;
  amount: number;
  onHand: number;
  issued: Record<string, number>;
  reason: string;
}

const money = (cents: number) => (cents / 100).toFixed(2);

/** "12.40 of 40.00 on delivery SC-000012/1 (by quantity 5 of 20): 8.00 on hand, 4.40 to 1400" */
function explainShare(cents: number, basisValue: number, basis: string, reference: string, part: FollowedChange) {
  const pieces = [
    ...(part.onHandCents !== 0 ? [`${money(part.onHandCents)} on hand`] : []),
    ...Object.entries(part.issued)
      .filter(([, c]) => c !== 0)
      .map(([account, c]) => `${money(c)} to ${account} (goods gone)`),
  ];
  return `${money(cents)} on delivery ${reference} (${basis} ${basisValue})${pieces.length ? `: ${pieces.join(', ')}` : ''}`;
}

/**
 * Posts a stored carrier receipt in the caller's transaction: decides the basis by the published cost-distribution
 * rules, splits the amount over the covered receipt moves with `distribute`, lets each share follow its goods
 * (re-valuing the layer still on hand, or booking where the goods went), and books Dr 1300 / those accounts, Cr 2100.
 * Idempotent: the receipt row is locked and a posted receipt answers what it booked; the journal entry is keyed by
 * the carrier and its reference, so even a second document could never post the same carrier receipt twice.
 * A closed period is refused (BooksError PERIOD_CLOSED on `date`): nothing is written.
 */
export async function postCarrierReceipt(
  em: EntityManager,
  engines: EngineCache,
  input: { receiptNumber: string; workflowId: string },
): Promise<CarrierReceiptPosting> {
  await query(em, 'select id from carrier_receipt where receipt_number = ? for update', [input.receiptNumber]);
  const receipt = await em.findOne(
    CarrierReceipt,
    { receiptNumber: input.receiptNumber },
    { populate: ['lines', 'carrier'], refresh: true },
  );
  if (!receipt) return reject('POSTING_REJECTED', `No carrier receipt ${input.receiptNumber}`);
  const amountCents = Math.round(receipt.amount * 100);
  if (receipt.status === 'posted') {
    return {
      receiptNumber: receipt.receiptNumber,
      journalEntryId: receipt.journalEntryId,
      amount: receipt.amount,
      onHand: receipt.lines.getItems().reduce((sum, line) => sum + (line.onHand ?? 0), 0),
      issued: {},
      reason: receipt.reason ?? '',
    };
  }
  const at = carrierReceiptPostingDate(receipt.receiptDate);
  const periodCode = await assertPeriodOpen(em, at).catch((error: unknown) => {
    if (error instanceof BooksError) throw new BooksError(error.code, error.message, 'date');
    throw error;
  });
  const lines = receipt.lines.getItems();
  const goods = await freightGoods(
    em,
    lines.map((line) => line.receiptMoveId),
  );
  const targets = lines.map((line) => {
    const found = goods.get(line.receiptMoveId);
    if (!found) return reject('POSTING_REJECTED', `The receipt of delivery ${line.deliveryReference} is gone`);
    return { line, found };
  });
  const warehouses = new Set(targets.map((t) => t.found.warehouseCode));
  const { distribution, decisionId, facts } = await decideFreight(em, engines, {
    amountCents,
    periodCode,
    warehouseCode: warehouses.size === 1 ? ([...warehouses][0] ?? null) : null,
    targets: targets.map(({ line, found }) => ({
      id: String(line.lineNo).padStart(4, '0'),
      quantity: found.goods.receiptQuantity,
      valueCents: found.valueCents,
      unitWeightKg: found.unitWeightKg,
    })),
    workflowId: input.workflowId,
    businessKey: receipt.receiptNumber,
    at,
  }).catch(refuseUnsplittable);
  const followed = await followGoods(
    em,
    targets.map(({ found }, index) => ({ goods: found.goods, cents: distribution.shares[index]?.cents ?? 0 })),
    PRICE_VARIANCE,
    at,
  );
  const journalLines: JournalLineInput[] = [
    { account: ACCOUNTS.inventory, debitCents: followed.onHandCents },
    ...Object.entries(followed.issued).map(([account, cents]) => ({ account, debitCents: cents })),
    { account: ACCOUNTS.grni, creditCents: amountCents },
  ];
  const key = `carrier-receipt:${receipt.carrier.code}:${receipt.reference}`;
  const journalEntryId = await postJournal(em, {
    entryDate: at,
    sourceType: 'carrier-receipt',
    sourceRef: receipt.receiptNumber,
    description: `Freight ${receipt.reference} of ${receipt.carrier.code} (${receipt.receiptNumber})`,
    lines: journalLines,
    idempotencyKey: key,
    createdBy: receipt.createdBy,
  });
  await recordProductionShares(em, followed.orders, {
    journalEntryId,
    key,
    userName: receipt.createdBy,
    at,
  });
  for (const [index, { line }] of targets.entries()) {
    const share = distribution.shares[index] ?? { basisValue: 0, cents: 0 };
    const part = followed.parts[index] ?? { onHandCents: 0, issued: {} };
    line.basisValue = share.basisValue;
    line.share = share.cents / 100;
    line.onHand = part.onHandCents / 100;
    line.issued = Object.fromEntries(Object.entries(part.issued).map(([account, cents]) => [account, cents / 100]));
    line.explanation = explainShare(share.cents, share.basisValue, distribution.basis, line.deliveryReference, part);
  }
  Object.assign(receipt, {
    status: 'posted',
    ruleSetId: distribution.ruleSetId,
    ruleSetVersion: distribution.version,
    rule: distribution.rule,
    policyBasis: distribution.policyBasis,
    basis: distribution.basis,
    rounding: distribution.rounding,
    facts: { ...facts },
    outranked: distribution.outranked,
    reason: distribution.reason,
    decisionId,
    journalEntryId,
    postedAt: new Date(),
  });
  await em.flush();
  const posting: CarrierReceiptPosting = {
    receiptNumber: receipt.receiptNumber,
    journalEntryId,
    amount: receipt.amount,
    onHand: followed.onHandCents / 100,
    issued: Object.fromEntries(Object.entries(followed.issued).map(([account, cents]) => [account, cents / 100])),
    reason: distribution.reason,
  };
  await appendAudit(em, {
    actor: receipt.createdBy,
    action: 'carrier-receipt.posted',
    entityType: 'carrier_receipt',
    entityId: receipt.receiptNumber,
    workflowId: input.workflowId,
    details: { ...posting },
  });
  return posting;
}

/**
 * A pool the basis cannot split (every covered receipt booked at 0 by value, say) is an answer for the clerk, not
 * something a retry changes: refused, and the receipt says why.
 */
function refuseUnsplittable(error: unknown): never {
  if (error instanceof CostDistributionError)
    return reject('POSTING_REJECTED', `The freight cannot be spread: ${error.message}`);
  throw error;
}
