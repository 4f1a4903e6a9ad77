import type { EntityManager } from '@mikro-orm/postgresql';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { compileRuleSet, decide, type Decision, type EngineCache, type Facts } from '../../rules/engine';
import type { CostDistributionPolicy } from '../../rules/rule-sets';

/** A cost-distribution decision: what the rules fired on the facts, and each rule's policy to apply. */
export interface CostDistributionRuling {
  decision: Decision<CostDistributionPolicy>;
  policyOf: (rule: string) => CostDistributionPolicy;
}

/**
 * The published cost-distribution rules in force at `at`, decided on `facts` (rejected rules explained, for the
 * auditor); null when no version is in force (the caller falls back to its default basis). Shared by freight (carrier
 * receipts) and the period close's labour and overhead distribution.
 */
export async function costDistributionRuling(
  em: EntityManager,
  engines: EngineCache,
  at: Date,
  facts: Facts,
): Promise<CostDistributionRuling | null> {
  const version = await versionInForce(em, 'cost-distribution', at).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return null;
  const compiled = compileRuleSet(
    {
      ruleSetId: version.ruleSetId,
      type: 'cost-distribution',
      version: version.version,
      contentHash: version.contentHash,
      content: version.content,
    },
    engines,
  );
  const decision = await decide(compiled, facts, { explainRejected: true });
  return { decision, policyOf: (rule) => compiled.policyOf(rule) as CostDistributionPolicy };
}

/** Stores a ruling with the distribution it led to (and the rules it rejected); returns the decision id. */
export async function storeCostDistributionRuling(
  em: EntityManager,
  ruling: CostDistributionRuling,
  filedUnder: { workflowId: string; businessKey: string },
  distribution: object,
): Promise<number> {
  const { decision } = ruling;
  return insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: filedUnder.workflowId,
    businessKey: filedUnder.businessKey,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { ...distribution, rejectedRules: decision.rejectedRules ?? [] },
  });
}
