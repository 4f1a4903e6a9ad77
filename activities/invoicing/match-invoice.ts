import type { EntityManager } from '@mikro-orm/postgresql';
import { decide, type CompiledRuleSet } from '../../rules/engine';
import { matchLine } from '../../rules/invoice-match';
import { invoiceMatchPolicySchema, type InvoiceMatchPolicy } from '../../rules/rule-sets';
import type { InvoiceMatchResult, MatchedLine } from '../../workflows/supplier-invoice/supplier-invoice.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { insertDecision } from '../../db/rules/rule-repository';
import { query } from '../../db/sql';
import { reject } from '../errors';
import { lockInvoice, type InvoiceHeader, type InvoiceLineRow } from './invoice-queries';
import { feeSubjects, purchaseSubjects, round6, type MatchSubject } from './match-subjects';

/** With no invoice-match rules published nothing is tolerated: every difference goes to a controller. */
const NO_RULES_POLICY: InvoiceMatchPolicy = invoiceMatchPolicySchema.parse({
  priceTolerancePercent: 0,
  priceToleranceAmount: 0,
  quantityTolerancePercent: 0,
});

export interface MatchRules {
  compiled: CompiledRuleSet<'invoice-match'>;
  ruleSetCode: string;
}

function lineFacts(header: InvoiceHeader, line: InvoiceLineRow): Record<string, unknown> {
  return {
    'supplier.code': header.supplierCode,
    'item.sku': line.itemSku,
    'item.category': line.category,
    'item.sourcing': line.sourcing,
    'item.lotTracked': line.lotTracked,
    'item.shelfLifeDays': line.shelfLifeDays,
    'item.attributes': {},
    'item.abcClass': line.abcClass ?? '',
    'line.netAmount': line.netAmount,
    'invoice.netTotal': header.netTotal,
  };
}

/**
 * The three-way match: each invoice line against its order line and the receipts it would clear (oldest not yet
 * invoiced first). The pinned `invoice-match` rules decide each line's tolerances (the decision is stored with its
 * facts, the rules that fired and those that did not); the invoice is within when every line is. Outside, the invoice
 * waits for a controller (`awaiting-approval`). Returns the order, receipts and invoice side by side.
 */
export async function matchSupplierInvoice(
  em: EntityManager,
  input: { workflowId: string; invoiceId: number },
  rules: MatchRules | null,
): Promise<InvoiceMatchResult> {
  const header = await lockInvoice(em, input.invoiceId);
  if (header.status !== 'matching') {
    return reject('POSTING_REJECTED', `Supplier invoice ${header.invoiceNumber} is ${header.status}, not matching`);
  }
  const { subjects, receipts } =
    header.kind === 'subcontract' ? await feeSubjects(em, header) : await purchaseSubjects(em, header);
  const matched: MatchedLine[] = [];
  for (const subject of subjects) matched.push(await matchOne(em, input.workflowId, header, subject, rules));
  const within = matched.every((line) => line.priceWithin && line.quantityWithin);
  const firstDecision = (matched.find((line) => !line.priceWithin || !line.quantityWithin) ?? matched[0])?.decisionId;
  await query(em, `update supplier_invoice set status = ?, match_decision_id = ? where id = ?`, [
    within ? 'matching' : 'awaiting-approval',
    firstDecision ?? null,
    header.id,
  ]);
  await appendAudit(em, {
    actor: 'system',
    action: within ? 'supplier-invoice.matched' : 'supplier-invoice.mismatched',
    entityType: 'supplier_invoice',
    entityId: `${header.supplierCode}-${header.invoiceNumber}`,
    workflowId: input.workflowId,
    details: {
      lines: matched.map(({ lineNo, priceVariance, quantityVariance, rule }) => ({
        lineNo,
        priceVariance,
        quantityVariance,
        rule,
      })),
    },
  });
  return {
    within,
    ruleSetCode: rules?.ruleSetCode ?? null,
    version: rules?.compiled.version ?? null,
    order: {
      orderNumber: header.orderNumber,
      status: header.orderStatus,
      supplierCode: header.supplierCode,
      supplierName: header.supplierName,
      warehouseCode: header.warehouseCode,
    },
    invoice: {
      invoiceNumber: header.invoiceNumber,
      supplierCode: header.supplierCode,
      invoiceDate: header.invoiceDate,
      dueDate: header.dueDate,
      netTotal: header.netTotal,
      taxTotal: header.taxTotal,
      grossTotal: header.grossTotal,
    },
    receipts,
    lines: matched,
  };
}

async function matchOne(
  em: EntityManager,
  workflowId: string,
  header: InvoiceHeader,
  subject: MatchSubject,
  rules: MatchRules | null,
): Promise<MatchedLine> {
  const { line, receiptUnitPrice, openReceived } = subject;
  let policy = NO_RULES_POLICY;
  let rule: string | null = null;
  let decisionId: number | null = null;
  if (rules) {
    const decision = await decide(rules.compiled, lineFacts(header, line), { explainRejected: true });
    policy = decision.policy;
    rule = decision.rule;
    decisionId = await insertDecision(em, {
      ruleSetId: decision.ruleSetId,
      ruleSetType: 'invoice-match',
      version: decision.version,
      contentHash: decision.contentHash,
      workflowId,
      businessKey: `${header.supplierCode}-${header.invoiceNumber}`.slice(0, 60),
      facts: decision.facts,
      firedRules: decision.firedRules,
      result: {
        lineNo: line.lineNo,
        policy: decision.policy,
        rule: decision.rule,
        usedDefault: decision.usedDefault,
        rejectedRules: decision.rejectedRules ?? [],
      },
    });
  }
  const verdict = matchLine(
    {
      lineNo: line.lineNo,
      invoicedQuantity: line.quantity,
      invoiceUnitPrice: line.unitPriceNet,
      receiptUnitPrice,
      openReceivedQuantity: openReceived,
    },
    policy,
  );
  // More than is open (another invoice posted first, or goods went back since the intake): never within.
  const overInvoiced = line.quantity > openReceived + 1e-9;
  const quantityWithin = verdict.quantityWithin && !overInvoiced;
  return {
    lineNo: line.lineNo,
    orderLineNo: line.orderLineNo,
    itemSku: line.itemSku,
    itemName: line.itemName,
    uom: line.uom,
    orderedQuantity: line.orderedQuantity,
    orderUnitPrice: line.orderUnitPrice,
    receivedQuantity: line.receivedQuantity,
    openReceivedQuantity: openReceived,
    receiptUnitPrice: round6(receiptUnitPrice),
    invoicedQuantity: line.quantity,
    invoiceUnitPrice: line.unitPriceNet,
    netAmount: line.netAmount,
    taxRate: line.taxRate,
    taxAmount: line.taxAmount,
    priceVariance: verdict.priceVarianceCents / 100,
    quantityVariance: verdict.quantityVarianceCents / 100,
    priceWithin: verdict.priceWithin,
    quantityWithin,
    rule,
    decisionId,
    tolerance: {
      priceTolerancePercent: policy.priceTolerancePercent,
      priceToleranceAmount: policy.priceToleranceAmount,
      quantityTolerancePercent: policy.quantityTolerancePercent,
    },
  };
}
