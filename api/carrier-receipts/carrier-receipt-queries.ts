import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import { CarrierReceipt } from '../../db/entities';
import { offsetOf } from '../pagination';
import type { CarrierReceiptDetail, CarrierReceiptListQuery } from './carrier-receipt-schemas';

/** The list's sort keys and the entity paths they sort by (ties by id). */
const SORT_PATHS = {
  receiptNumber: 'receiptNumber',
  date: 'receiptDate',
  amount: 'amount',
  carrierCode: 'carrier.code',
} as const;

function summaryOf(receipt: CarrierReceipt) {
  return {
    receiptNumber: receipt.receiptNumber,
    carrierCode: receipt.carrier.code,
    carrierName: receipt.carrier.name,
    reference: receipt.reference,
    date: receipt.receiptDate,
    amount: receipt.amount,
    status: receipt.status,
    deliveries: [...new Set(receipt.lines.getItems().map((line) => line.deliveryReference))],
    basis: receipt.basis,
  };
}

/** Carrier receipts, one page, filtered by status and a search over numbers, carrier and deliveries. */
export async function listCarrierReceipts(em: EntityManager, q: CarrierReceiptListQuery) {
  const where: FilterQuery<CarrierReceipt> = {};
  if (q.status) where.status = q.status;
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.$or = [
      { receiptNumber: { $ilike: like } },
      { reference: { $ilike: like } },
      { carrier: { code: { $ilike: like } } },
      { lines: { deliveryReference: { $ilike: like } } },
    ];
  }
  const descending = q.sort.startsWith('-');
  const key = (descending ? q.sort.slice(1) : q.sort) as keyof typeof SORT_PATHS;
  const direction = descending ? ('desc' as const) : ('asc' as const);
  const orderBy: QueryOrderMap<CarrierReceipt> =
    key === 'carrierCode' ? { carrier: { code: direction } } : { [SORT_PATHS[key]]: direction };
  const [receipts, total] = await em.findAndCount(CarrierReceipt, where, {
    populate: ['carrier', 'lines'],
    orderBy: [orderBy, { id: direction }],
    limit: q.pageSize,
    offset: offsetOf(q.page, q.pageSize),
  });
  return { items: receipts.map(summaryOf), total, page: q.page, pageSize: q.pageSize };
}

/** One carrier receipt with each line's share and the distribution as decided; null when there is none. */
export async function readCarrierReceipt(
  em: EntityManager,
  receiptNumber: string,
): Promise<CarrierReceiptDetail | null> {
  const receipt = await em.findOne(CarrierReceipt, { receiptNumber }, { populate: ['carrier', 'lines'] });
  if (!receipt) return null;
  return {
    ...summaryOf(receipt),
    workflowId: receipt.workflowId,
    lines: receipt.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      deliveryReference: line.deliveryReference,
      kind: line.kind,
      orderNumber: line.orderNumber,
      deliveryNo: line.deliveryNo,
      itemSku: line.itemSku,
      quantity: line.quantity,
      basisValue: line.basisValue,
      share: line.share,
      onHand: line.onHand,
      issued: line.issued,
      explanation: line.explanation,
    })),
    distribution: {
      ruleSetId: receipt.ruleSetId,
      version: receipt.ruleSetVersion,
      rule: receipt.rule,
      policyBasis: receipt.policyBasis,
      basis: receipt.basis,
      rounding: receipt.rounding,
      facts: receipt.facts,
      outranked: receipt.outranked,
      reason: receipt.reason,
      decisionId: receipt.decisionId,
    },
    journalEntryId: receipt.journalEntryId,
    refusal: receipt.refusal,
    createdBy: receipt.createdBy,
    createdAt: receipt.createdAt.toISOString(),
    postedAt: receipt.postedAt ? receipt.postedAt.toISOString() : null,
  };
}
