import type { EntityManager } from '@mikro-orm/postgresql';
import { compileRuleSet, decide, type CompiledRuleSet, type EngineCache } from '../../rules/engine';
import { epochDay, expiryStatus, type ExpiryStatus } from '../../rules/expiry';
import type { RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import type {
  ExpiryActionRule,
  ExpiryFlag,
  LineExpiryRule,
} from '../../workflows/purchase-receipt/purchase-receipt.contract';
import { RulesError } from '../../db/errors';
import { findVersion, insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';

/** The expiry rules a receipt decides under: compiled once per worker (the cache), or none published. */
export type ExpiryRules = CompiledRuleSet<'expiry'> | null;

/** The expiry version in force now, as a pin (null when none is published). */
export async function pinExpiryRules(em: EntityManager, at: Date): Promise<RulePin | null> {
  const version = await versionInForce(em, 'expiry', at).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return null;
  const { ruleSetId, ruleSetCode, contentHash } = version;
  return { ruleSetId, ruleSetCode, version: version.version, contentHash };
}

/** Compiles the pinned version; `undefined` (an instance started before pins) decides under the version in force. */
export async function compileExpiryRules(
  em: EntityManager,
  pin: RulePin | null | undefined,
  engines: EngineCache,
): Promise<ExpiryRules> {
  const pinned = pin === undefined ? await pinExpiryRules(em, new Date()) : pin;
  if (!pinned) return null;
  const stored = await findVersion(em, pinned.ruleSetCode, pinned.version);
  const source = { ruleSetId: pinned.ruleSetId, type: 'expiry' as const, version: pinned.version };
  return compileRuleSet({ ...source, contentHash: pinned.contentHash, content: stored.content }, engines);
}

/** The expiry facts of a purchased lot of `itemSku` arriving in `warehouseCode` from `supplierCode`. */
export async function expiryFacts(
  em: EntityManager,
  subject: { itemSku: string; warehouseCode: string; supplierCode: string },
): Promise<Record<string, unknown>> {
  const [row] = await query<Record<string, unknown>>(
    em,
    'select sku, category, supply_type, lot_tracked, shelf_life_days from item where sku = ?',
    [subject.itemSku],
  );
  return {
    'item.sku': subject.itemSku,
    'item.category': row?.category ?? null,
    'item.sourcing': row?.supply_type ?? null,
    'item.lotTracked': Boolean(row?.lot_tracked),
    'item.shelfLifeDays': row?.shelf_life_days === null || row === undefined ? null : num(row.shelf_life_days),
    'item.attributes': {},
    'warehouse.code': subject.warehouseCode,
    'warehouse.region': null,
    'lot.origin': 'purchase',
    'lot.supplierCode': subject.supplierCode,
  };
}

/** The line's near-expiry actions under the rules (no rules: expired lots are still blocked, nothing else applies). */
export async function lineExpiryRule(rules: ExpiryRules, facts: Record<string, unknown>): Promise<LineExpiryRule> {
  if (!rules) return { rule: null, actions: [] };
  const decision = await decide(rules, facts);
  return { rule: decision.rule, actions: decision.policy.actions.map((action) => ({ ...action })) };
}

/** How one received lot stands, what it lands as, and the stored decision. */
export interface LotAssessment {
  flag: ExpiryFlag | null;
  action: ExpiryActionRule | null;
  stockStatus: 'available' | 'blocked' | 'quarantine';
  decisionId: number | null;
}

/**
 * Assesses a lot on arrival against the receipt date (not the day it is recorded): past its expiry it lands blocked;
 * inside a near-expiry window it gets the policy's most urgent action (an alert or discount is the flag and the stored
 * decision; a scrap task is flagged the same way for the clerk to act on). The decision is stored like every rule
 * decision (facts, fired rules, result, pinned version) whenever there are rules; without rules an expired lot is
 * still blocked (DOMAIN.md: not switchable).
 */
export async function assessLotOnArrival(
  em: EntityManager,
  rules: ExpiryRules,
  context: { workflowId: string; orderNumber: string; lineNo: number; facts: Record<string, unknown> },
  lot: { code: string; expiresOn: string | null },
  receivedOn: string,
): Promise<LotAssessment> {
  const expiresOn = lot.expiresOn === null ? null : epochDay(lot.expiresOn);
  const decision = rules ? await decide(rules, context.facts) : null;
  const policy = decision?.policy ?? { blockExpired: true as const, actions: [] };
  const status = expiryStatus({ expiresOn }, epochDay(receivedOn), policy);
  const flag = flagOf(status);
  const action = typeof status === 'object' ? dueAction(policy.actions, status.daysLeft) : null;
  const stockStatus = flag === 'expired' ? 'blocked' : 'available';
  if (!decision) return { flag, action, stockStatus, decisionId: null };
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: decision.ruleSetType,
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: context.workflowId,
    businessKey: context.orderNumber,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: {
      lineNo: context.lineNo,
      lotCode: lot.code,
      expiresOn: lot.expiresOn,
      receivedOn,
      rule: decision.rule,
      usedDefault: decision.usedDefault,
      policy: decision.policy,
      flag,
      action,
      stockStatus,
      daysLeft: typeof status === 'object' ? status.daysLeft : null,
    },
  });
  return { flag, action, stockStatus, decisionId };
}

function flagOf(status: ExpiryStatus): ExpiryFlag | null {
  if (status === 'expired') return 'expired';
  return status === 'ok' ? null : 'near-expiry';
}

/** The policy entry expiryStatus chose (the smallest window the lot is in), as the policy states it. */
function dueAction(actions: ExpiryActionRule[], daysLeft: number): ExpiryActionRule | null {
  const windows = actions.filter((entry) => daysLeft <= entry.withinDays);
  return windows.sort((a, b) => a.withinDays - b.withinDays)[0] ?? null;
}
