import type { EntityManager } from '@mikro-orm/postgresql';
import type { DecideAbsorption } from '../../db/accounting/period-close-absorption';
import { absorptionFacts, distributeAbsorption, type AbsorptionTarget } from '../../rules/cost-distribution';
import type { EngineCache } from '../../rules/engine';
import { costDistributionRuling, storeCostDistributionRuling } from '../cost-distribution/cost-distribution-decision';

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
  const ruling = await costDistributionRuling(em, engines, periodEnd(question.periodCode), facts);
  if (!ruling) {
    const distribution = distributeAbsorption(question.pool, question.amountCents, question.targets, null, () => {
      throw new Error('no cost-distribution rules are in force');
    });
    return {
      distribution,
      decisionId: null,
      record: { facts, firedRules: [], rejectedRules: [], outranked: [], reason: distribution.reason },
    };
  }
  const { decision } = ruling;
  const distribution = distributeAbsorption(
    question.pool,
    question.amountCents,
    question.targets,
    decision,
    ruling.policyOf,
  );
  const rejectedRules = decision.rejectedRules ?? [];
  const filedUnder = { workflowId: question.workflowId, businessKey: `${question.periodCode}:${question.pool}` };
  const decisionId = await storeCostDistributionRuling(em, ruling, filedUnder, distribution);
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
