import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionLot, Item, Supplier, type StoredSamplingDecision } from '../../db/entities';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import { compileRuleSet, decide, type EngineCache } from '../../rules/engine';
import { decideSampling, lotSample, samplingFacts, type LotSample, type SamplingChoice } from '../../rules/quality';
import type {
  OpenedInspectionLot,
  OpenInspectionLotInput,
} from '../../workflows/quality-inspection/quality-inspection.contract';
import { inspectionPlanInEffect } from './plan-in-effect';
import { qualityHistory } from './quality-history';
import { refuse } from './quality-errors';

/** The stored decision: facts, winning rule and version, the rules it outranked and why they lost, and the result. */
function storedDecision(
  facts: Record<string, unknown>,
  choice: SamplingChoice,
  sample: LotSample,
): StoredSamplingDecision {
  let result: StoredSamplingDecision['result'] = sample.inspect ? 'inspect' : 'skip';
  if (sample.hold) result = 'hold';
  return {
    facts,
    ruleSetId: choice.ruleSetId,
    ruleSetVersion: choice.version,
    contentHash: choice.contentHash,
    rule: choice.rule,
    usedDefault: choice.usedDefault,
    policy: { ...choice.policy },
    outranked: choice.outranked.map((o) => ({
      rule: o.rule,
      priority: o.priority,
      policy: { ...o.policy },
      lostBecause: `outranked by ${choice.rule ?? 'the default'} (higher priority, or same priority and earlier name)`,
    })),
    reason: choice.reason,
    sampleReason: sample.hold
      ? `${sample.reason}; the lot is held for 100 % inspection until the quality engineer resumes sampling`
      : sample.reason,
    result,
  };
}

/** The number after the last: `IL-000001` from its own sequence (stock lot codes repeat, these never do). */
async function nextLotNo(em: EntityManager): Promise<string> {
  const [row] = await query<{ n: string }>(em, `select nextval('inspection_lot_no_seq') as n`);
  return `IL-${String(num(row?.n ?? 0)).padStart(6, '0')}`;
}

/**
 * Opens the inspection lot of one received line (the receipt already posted its stock into quarantine): pins the plan
 * in effect on the day the goods arrived, decides the sampling from the supplier/item history under the
 * quality-sampling rules in force (the decision stored on the lot and as a rule decision), numbers the lot. A skipped
 * lot is released at once (quarantine -> available in the same transaction); a supplier whose inspection is
 * discontinued has the lot held for 100 % inspection. Opening the same line again returns the same lot.
 */
export async function openInspectionLot(
  em: EntityManager,
  input: OpenInspectionLotInput,
  engines: EngineCache,
): Promise<OpenedInspectionLot> {
  const existing = await em.findOne(InspectionLot, { sourceKey: input.sourceKey });
  if (existing) {
    return {
      lotNo: existing.lotNo,
      workflowId: existing.workflowId,
      status: existing.status,
      released: existing.status === 'released',
    };
  }
  const item = await em.findOne(Item, { sku: input.itemSku });
  if (!item) return refuse('INSPECTION_INPUT_INVALID', `No item ${input.itemSku}`, 'itemSku');
  const supplier = input.supplierCode ? await em.findOne(Supplier, { code: input.supplierCode }) : null;
  const plan = await inspectionPlanInEffect(em, item.sku, input.receivedOn);
  const history = await qualityHistory(em, { supplierId: supplier?.id ?? null, itemId: item.id });
  const stored = await versionInForce(em, 'quality-sampling', new Date());
  const compiled = compileRuleSet({ ...stored, type: 'quality-sampling' as const }, engines);
  const facts = samplingFacts({
    source: input.source,
    supplierCode: supplier?.code ?? null,
    supplierTrusted: supplier?.trusted ?? false,
    itemSku: item.sku,
    itemCategory: item.category,
    history: history.summary,
  });
  const decision = await decide(compiled, facts);
  const choice = decideSampling(decision, (rule) => compiled.policyOf(rule));
  const sample = lotSample(choice.policy, {
    lotSize: Math.max(1, Math.ceil(input.quantity)),
    switchingHistory: history.switching,
    skipLotHistory: history.skipLot,
    conditions: { productionSteady: true, reducedApproved: false },
  });
  const lotNo = await nextLotNo(em);
  const lot = new InspectionLot();
  Object.assign(lot, {
    lotNo,
    sourceKey: input.sourceKey,
    source: input.source,
    sourceDocument: input.sourceDocument,
    sourceLineNo: input.sourceLineNo,
    deliveryNo: input.deliveryNo,
    supplier,
    item,
    stockLotCode: input.stockLotCode,
    locationCode: input.locationCode,
    quantity: input.quantity,
    plan,
    sampling: storedDecision(decision.facts as Record<string, unknown>, choice, sample),
    workflowId: `quality-inspection:${lotNo}`, // qualityInspectionWorkflowId (activities import only types)
    createdBy: input.userName,
  });
  // A held lot (inspection discontinued) is inspected whole: nothing of it passes unseen.
  lot.severity = sample.severity;
  lot.sampleSize = sample.hold ? Math.max(1, Math.ceil(input.quantity)) : sample.sampleSize;
  lot.ac = sample.hold ? 0 : sample.ac;
  lot.re = sample.hold ? 1 : sample.re;
  const skipped = !sample.inspect && !sample.hold;
  lot.status = skipped ? 'released' : 'inspecting';
  em.persist(lot);
  await em.flush();
  await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: lot.workflowId,
    businessKey: lotNo,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { lotNo, ...lot.sampling, sampleSize: lot.sampleSize, ac: lot.ac, re: lot.re },
  });
  if (skipped) {
    await postMove(em, {
      moveType: 'status-change',
      itemSku: item.sku,
      lot: input.stockLotCode ? { code: input.stockLotCode } : null,
      fromLocation: input.locationCode,
      fromStatus: 'quarantine',
      toStatus: 'available',
      quantity: input.quantity,
      documentType: 'inspection-lot',
      documentRef: lotNo,
      userName: input.userName,
      idempotencyKey: `${lot.workflowId}:release`,
    });
  }
  await appendAudit(em, {
    actor: input.userName,
    action: skipped ? 'inspection-lot.released-unseen' : 'inspection-lot.opened',
    entityType: 'inspection_lot',
    entityId: lotNo,
    workflowId: lot.workflowId,
    details: { sourceKey: input.sourceKey, sampling: lot.sampling, sampleSize: lot.sampleSize },
  });
  return { lotNo, workflowId: lot.workflowId, status: lot.status, released: skipped };
}
