import type { EntityManager } from '@mikro-orm/postgresql';
import { CarrierReceipt } from '../../db/entities';
import type { CarrierReceiptDetail } from './carrier-receipt-schemas';

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
