import type { EntityManager } from '@mikro-orm/postgresql';
import {
  distributeFreight,
  freightFacts,
  type FreightDistribution,
  type FreightTarget,
} from '../../rules/cost-distribution';
import type { EngineCache, Facts } from '../../rules/engine';
import { costDistributionRuling, storeCostDistributionRuling } from '../cost-distribution/cost-distribution-decision';

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
  const ruling = await costDistributionRuling(em, engines, question.at, facts);
  if (!ruling) {
    const distribution = distributeFreight(question.amountCents, question.targets, null, () => {
      throw new Error('no cost-distribution rules are in force');
    });
    return { distribution, decisionId: null, facts };
  }
  const distribution = distributeFreight(question.amountCents, question.targets, ruling.decision, ruling.policyOf);
  const filedUnder = { workflowId: question.workflowId, businessKey: question.businessKey };
  const decisionId = await storeCostDistributionRuling(em, ruling, filedUnder, distribution);
  return { distribution, decisionId, facts };
}
