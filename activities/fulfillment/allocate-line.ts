import type { EntityManager } from '@mikro-orm/postgresql';
import { allocate } from '../../rules/allocation';
import { decide, type CompiledRuleSet } from '../../rules/engine';
import type { AllocationReason, ProposedPick } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { allocationFacts, lockAllocationCandidates } from '../../db/repositories/allocation-repository';
import { insertReservation } from '../../db/repositories/stock-repository';
import { insertDecision } from '../../db/rules/rule-repository';
import { RESERVATION_TTL_MINUTES } from './reservation-ttl';
import { passedOverLots, toCandidate } from './passed-over-lots';

const DAY_MS = 86_400_000;

export interface LineToAllocate {
  lineNo: number;
  itemId: number;
  itemSku: string;
  /** Quantity still to allocate. */
  quantity: number;
}

/**
 * Allocates one order line under the pinned allocation rules: the rules decide the policy for this customer and
 * item (stored as a decision with its facts and fired rules), deterministic code applies it to the locked stock,
 * and each allocation becomes a reservation owned by the workflow.
 */
export async function allocateLine(
  em: EntityManager,
  rules: CompiledRuleSet<'allocation'>,
  order: { workflowId: string; orderNumber: string; ruleSetCode: string },
  line: LineToAllocate,
  now: Date,
): Promise<{ picks: ProposedPick[]; backorder: number; reason: AllocationReason }> {
  const facts = await allocationFacts(em, order.orderNumber, line.itemId);
  const decision = await decide(rules, facts);
  const locked = await lockAllocationCandidates(em, line.itemId);
  const minShelfLife = facts['customer.minShelfLifeDays'];
  const context = {
    today: Math.floor(now.getTime() / DAY_MS),
    customerMinShelfLifeDays: typeof minShelfLife === 'number' ? minShelfLife : null,
  };
  const [result] = allocate(
    [{ lineNo: line.lineNo, sku: line.itemSku, quantity: Math.round(line.quantity * 1000) }],
    locked.map(toCandidate),
    decision.policy,
    context,
  );
  const passedOver = await passedOverLots(em, line.itemId, locked, result, decision.policy, context);
  const picks: ProposedPick[] = [];
  for (const allocation of result?.allocations ?? []) {
    const row = locked[allocation.candidate];
    if (!row) continue;
    const quantity = allocation.qty / 1000;
    const reservationId = await insertReservation(em, {
      itemId: line.itemId,
      balanceId: row.balanceId,
      locationId: row.locationId,
      lotId: row.lotId,
      quantity,
      ownerWorkflowId: order.workflowId,
      documentRef: order.orderNumber,
      lineNo: line.lineNo,
      ttlMinutes: RESERVATION_TTL_MINUTES,
    });
    picks.push({
      reservationId,
      locationCode: row.locationCode,
      lotCode: row.lotCode,
      expiryDate: row.expiresOn,
      quantity,
    });
  }
  const backorder = (result?.backorder ?? 0) / 1000;
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: order.workflowId,
    businessKey: order.orderNumber,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: {
      lineNo: line.lineNo,
      rule: decision.rule,
      usedDefault: decision.usedDefault,
      policy: decision.policy,
      picks,
      backorder,
      passedOver: passedOver.lots,
      passedOverMore: passedOver.more,
    },
  });
  const reason: AllocationReason = {
    ruleSetCode: order.ruleSetCode,
    version: decision.version,
    contentHash: decision.contentHash,
    rule: decision.rule,
    usedDefault: decision.usedDefault,
    sortKeys: [...decision.policy.sortKeys],
    partial: decision.policy.partial,
    decisionId,
  };
  return { picks, backorder, reason };
}
