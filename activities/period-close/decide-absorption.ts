import type { EntityManager } from '@mikro-orm/postgresql';
import type { DecideAbsorption } from '../../db/accounting/period-close-absorption';
import { RulesError } from '../../db/errors';
import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { absorptionFacts, distributeAbsorption, type AbsorptionTarget } from '../../rules/cost-distribution';
import { compileRuleSet, decide, type EngineCache } from '../../rules/engine';
import type { CostDistributionPolicy } from '../../rules/rule-sets';

/** The last instant of a period (YYYY-MM, UTC): the rules in force then decide its distribution. */
function periodEnd(periodCode: string): Date {
  const [year, month] = periodCode.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1) - 1);
}

/**
 * Decides one absorption pool by the cost-distribution rules in force at the period's end and stores the decision
 * (facts, fired and rejected rules, the distribution with the rules it outranked) for the auditor. Without published
 * rules: by labour hours, largest remainder, and no decision stored.
 */
export async function decideAbsorption(
  em: EntityManager,
  engines: EngineCache,
  question: {
    pool: Parameters<DecideAbsorption>[0];
    amountCents: number;
    targets: AbsorptionTarget[];
    periodCode: string;
    workflowId: string;
  },
): ReturnType<DecideAbsorption> {
  const facts = absorptionFacts({
    pool: question.pool,
    amountCents: question.amountCents,
    periodCode: question.periodCode,
  });
  const version = await versionInForce(em, 'cost-distribution', periodEnd(question.periodCode)).catch(
    (error: unknown) => {
      if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
      throw error;
    },
  );
  if (!version) {
    const distribution = distributeAbsorption(question.pool, question.amountCents, question.targets, null, () => {
      throw new Error('no cost-distribution rules are in force');
    });
    return {
      distribution,
      decisionId: null,
      record: { facts, firedRules: [], rejectedRules: [], outranked: [], reason: distribution.reason },
    };
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
  const distribution = distributeAbsorption(
    question.pool,
    question.amountCents,
    question.targets,
    decision,
    (rule) => compiled.policyOf(rule) as CostDistributionPolicy,
  );
  const rejectedRules = decision.rejectedRules ?? [];
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: question.workflowId,
    businessKey: `${question.periodCode}:${question.pool}`,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { ...distribution, rejectedRules },
  });
  return {
    distribution,
    decisionId,
    record: {
      decisionId,
      facts: decision.facts,
      firedRules: decision.firedRules,
      rejectedRules,
      outranked: distribution.outranked,
      usedDefault: distribution.usedDefault,
      policyBasis: distribution.policyBasis,
      reason: distribution.reason,
    },
  };
}
