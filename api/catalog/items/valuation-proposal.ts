import type { EntityManager } from '@mikro-orm/postgresql';
import { compileRuleSet, createEngineCache, decide } from '../../../rules/engine';
import { valuationProposalFacts, type ProposalItem } from '../../../rules/valuation';
import { RulesError } from '../../../db/errors';
import { insertDecision, versionInForce } from '../../../db/rules/rule-repository';
import type { ValuationMethodName } from '../../../db/entities';

/** One compiled version per process, however many items are created (an import of 1,000 compiles once). */
const engines = createEngineCache();

export interface ValuationProposal {
  method: ValuationMethodName;
  /** The recorded rule decision (null when no valuation rules are published and FIFO is used). */
  decisionId: number | null;
  rule: string | null;
  version: number | null;
}

/**
 * The `valuation` rule set proposes the method for a NEW item whose creator left it out; the decision is
 * recorded (facts, fired rules, version) so an auditor sees why. It never re-values existing items: from then on
 * the item's own `valuationMethod` is the one source of truth.
 */
export async function proposeValuationMethod(em: EntityManager, item: ProposalItem): Promise<ValuationProposal> {
  const version = await versionInForce(em, 'valuation', new Date()).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return { method: 'fifo', decisionId: null, rule: null, version: null };
  const compiled = compileRuleSet(
    {
      ruleSetId: version.ruleSetId,
      type: 'valuation',
      version: version.version,
      contentHash: version.contentHash,
      content: version.content,
    },
    engines,
  );
  const decision = await decide(compiled, valuationProposalFacts(item));
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: 'valuation',
    version: decision.version,
    contentHash: decision.contentHash,
    businessKey: `item:${item.sku}`,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { policy: decision.policy, rule: decision.rule, usedDefault: decision.usedDefault },
  });
  return { method: decision.policy.method, decisionId, rule: decision.rule, version: decision.version };
}
