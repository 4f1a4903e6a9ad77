import type { EntityManager } from '@mikro-orm/postgresql';
import type { OperationRow, ProductionOrderRow } from '../../db/repositories/production-order-repository';
import type { PinnedOperation } from '../../db/repositories/production-master-repository';
import { findVersion, insertDecision } from '../../db/rules/rule-repository';
import { compileRuleSet, decide, type CompiledRuleSet, type EngineCache } from '../../rules/engine';
import { decideIssueMode, materialIssueFacts } from '../../rules/material-issue';
import type { IssueMode, WhenShort } from '../../rules/rule-sets';
import type { RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import type { ReleasedComponent } from './release-order';

/** The worker's compiled-rules cache: a pinned version is compiled once, however many orders use it. */
export interface IssueRules {
  engines: EngineCache;
}

/** The chosen issue mode of one component, with the stored decision it came from. */
export interface ComponentMode {
  mode: IssueMode;
  whenShort: WhenShort;
  decisionId: number | null;
  note: string | null;
}

async function compilePinned(em: EntityManager, rules: IssueRules, pin: RulePin) {
  const stored = await findVersion(em, pin.ruleSetCode, pin.version);
  const source = { ruleSetId: pin.ruleSetId, type: 'material-issue' as const, version: pin.version };
  return compileRuleSet({ ...source, contentHash: pin.contentHash, content: stored.content }, rules.engines);
}

/**
 * Decides each (non-phantom) component's issue mode with the pinned material-issue version, from the product, the
 * component and the work centre of the operation that consumes it, and stores each decision with its facts, the rules
 * that fired and the choice (outranked rules included) for the auditor. Without published rules: kit, wait.
 */
export async function decideComponentModes(
  em: EntityManager,
  rules: IssueRules,
  pin: RulePin | null,
  ctx: {
    workflowId: string;
    order: ProductionOrderRow;
    components: ReleasedComponent[];
    last: PinnedOperation | OperationRow | null;
  },
): Promise<ComponentMode[]> {
  if (!pin) {
    return ctx.components.map(() => ({
      mode: 'kit',
      whenShort: 'wait',
      decisionId: null,
      note: 'no material-issue rules are in force: issued as a kit',
    }));
  }
  const compiled: CompiledRuleSet<'material-issue'> = await compilePinned(em, rules, pin);
  const modes: ComponentMode[] = [];
  for (const [index, component] of ctx.components.entries()) {
    const facts = materialIssueFacts({
      productSku: ctx.order.itemSku,
      productCategory: ctx.order.itemCategory,
      componentSku: component.line.sku,
      componentCategory: component.line.category,
      componentAbcClass: component.line.abcClass,
      workCentreCode: ctx.last?.workCentreCode ?? null,
    });
    const decision = await decide(compiled, facts);
    const choice = decideIssueMode(decision, (rule) => compiled.policyOf(rule));
    const decisionId = await insertDecision(em, {
      ruleSetId: decision.ruleSetId,
      ruleSetType: decision.ruleSetType,
      version: decision.version,
      contentHash: decision.contentHash,
      workflowId: ctx.workflowId,
      businessKey: ctx.order.number,
      facts: decision.facts,
      firedRules: decision.firedRules,
      result: { lineNo: index + 1, componentSku: component.line.sku, ...choice },
    });
    modes.push({
      mode: choice.mode,
      whenShort: choice.whenShort,
      decisionId,
      note: null,
    });
  }
  return modes;
}
