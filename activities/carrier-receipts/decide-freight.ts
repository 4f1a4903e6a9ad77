import type { EntityManager } from '@mikro-orm/postgresql';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import {
  distributeFreight,
  freightFacts,
  type FreightDistribution,
  type FreightTarget,
} from '../../rules/cost-distribution';
import { compileRuleSet, decide, type EngineCache, type Facts } from '../../rules/engine';
import type { CostDistributionPolicy } from '../../rules/rule-sets';

/** What the freight is spread over, and what the decision is filed under. */
export interface FreightQuestion {
  amountCents: number;
  periodCode: string;
  warehouseCode: string | null;
  targets: FreightTarget[];
  workflowId: string;
  businessKey: string;
  at: Date;
}

/**
 * Spreads freight by the cost-distribution rules in force at `at` and stores the decision (facts, fired and rejected
 * rules, the distribution with the rules it outranked) for the auditor; returns the distribution and the decision id.
 * Without published rules: by quantity, largest remainder, and no decision stored.
 */
export async function decideFreight(
  em: EntityManager,
  engines: EngineCache,
  question: FreightQuestion,
): Promise<{ distribution: FreightDistribution; decisionId: number | null; facts: Facts }> {
  const facts = freightFacts({
    amountCents: question.amountCents,
    periodCode: question.periodCode,
    warehouseCode: question.warehouseCode,
    warehouseRegion: null, // warehouses carry no region yet
  });
  const version = await versionInForce(em, 'cost-distribution', question.at).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) {
    const distribution = distributeFreight(question.amountCents, question.targets, null, () => {
      throw new Error('no cost-distribution rules are in force');
    });
    return { distribution, decisionId: null, facts };
  }
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
  const distribution = distributeFreight(
    question.amountCents,
    question.targets,
    decision,
    (rule) => compiled.policyOf(rule) as CostDistributionPolicy,
  );
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: question.workflowId,
    businessKey: question.businessKey,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { ...distribution, rejectedRules: decision.rejectedRules ?? [] },
  });
  return { distribution, decisionId, facts };
}
