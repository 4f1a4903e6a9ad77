import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubcontractOrder } from '../../db/entities';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { compileRuleSet, decide, type EngineCache } from '../../rules/engine';
import { consumptionFacts, decideConsumption } from '../../rules/subcontracting';
import type { SubcontractConsumptionPolicy } from '../../rules/rule-sets';
import type { ConsumptionPin } from '../../workflows/subcontract-order/subcontract-order.contract';

/**
 * Decides how the order's deliveries consume components with the subcontract-consumption rules in force now, and
 * stores the decision (facts, fired rules, the choice with the rules it outranked) for the auditor. The version is
 * pinned in the process: every delivery of the order applies this policy, whatever is published later. Without
 * published rules: by BOM ratio, no over-delivery, no decision stored.
 */
export async function pinConsumption(
  em: EntityManager,
  engines: EngineCache,
  order: SubcontractOrder,
  workflowId: string,
): Promise<ConsumptionPin> {
  const version = await versionInForce(em, 'subcontract-consumption', new Date()).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) {
    return {
      method: 'bom-ratio',
      overDeliveryPercent: 0,
      ruleSetId: null,
      version: null,
      contentHash: null,
      decisionId: null,
      reason: 'no subcontract-consumption rules are in force: consume by BOM ratio, no over-delivery',
    };
  }
  const compiled = compileRuleSet(
    {
      ruleSetId: version.ruleSetId,
      type: 'subcontract-consumption',
      version: version.version,
      contentHash: version.contentHash,
      content: version.content,
    },
    engines,
  );
  const facts = consumptionFacts({
    supplierCode: order.supplier.code,
    supplierTrusted: order.supplier.trusted,
    itemSku: order.item.sku,
    itemCategory: order.item.category || null,
  });
  const decision = await decide(compiled, facts, { explainRejected: true });
  const choice = decideConsumption(decision, (rule) => compiled.policyOf(rule) as SubcontractConsumptionPolicy);
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId,
    businessKey: order.orderNumber,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: choice,
  });
  return {
    ...choice.policy,
    ruleSetId: choice.ruleSetId,
    version: choice.version,
    contentHash: choice.contentHash,
    decisionId,
    reason: choice.reason,
  };
}
