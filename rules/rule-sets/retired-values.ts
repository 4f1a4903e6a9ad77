/**
 * Values a stored (published, immutable) version may still hold but new content may not: today the `at-supplier`
 * allocation status, which left allocation when subcontracting arrived (issue 15). Reading a stored version accepts
 * them (the engine recompiles versions exactly as stored); saving or publishing content refuses them, naming the
 * field; a draft copied from an old version drops them, so an admin can start editing from the version in force.
 */
import { type Path, isRecord } from './paths';
import { ALLOCATABLE_STATUSES, RETIRED_ALLOCATION_STATUSES, RETIRED_STATUS_MESSAGE } from './policies';
import type { SupportedRuleSetType } from './types';

const RETIRED_STATUSES: ReadonlySet<unknown> = new Set(RETIRED_ALLOCATION_STATUSES);

/** The retired values in one parsed policy of `type`, each with its path inside the policy and why it is refused. */
export function retiredValuesIn(type: SupportedRuleSetType, policy: unknown): Array<{ path: Path; message: string }> {
  if (type !== 'allocation' || !isRecord(policy) || !isRecord(policy.filters)) return [];
  const statuses = policy.filters.statuses;
  if (!Array.isArray(statuses)) return [];
  return statuses.flatMap((status, index) =>
    RETIRED_STATUSES.has(status) ? [{ path: ['filters', 'statuses', index], message: RETIRED_STATUS_MESSAGE }] : [],
  );
}

/** One policy without its retired values; a status list left empty becomes the schema default, available only. */
function policyWithoutRetired(type: SupportedRuleSetType, policy: unknown): unknown {
  if (retiredValuesIn(type, policy).length === 0 || !isRecord(policy) || !isRecord(policy.filters)) return policy;
  const kept = (policy.filters.statuses as unknown[]).filter((status) => !RETIRED_STATUSES.has(status));
  // A policy that listed only at-supplier allocated nothing since issue 15; as a draft it reads as the default, and
  // the admin sees the change in the diff before anyone publishes it.
  const statuses = kept.length > 0 ? kept : [...ALLOCATABLE_STATUSES];
  return { ...policy, filters: { ...policy.filters, statuses } };
}

/**
 * Rule-set content (as stored) with every retired value removed, for a new draft copied from a stored version. The
 * input is not changed; content that is not shaped like rule-set content is returned as is (validation reports it).
 */
export function withoutRetiredValues(type: SupportedRuleSetType, content: unknown): unknown {
  if (!isRecord(content)) return content;
  const rules = Array.isArray(content.rules)
    ? content.rules.map((rule: unknown) => {
        if (!isRecord(rule) || !isRecord(rule.event)) return rule;
        return { ...rule, event: { ...rule.event, params: policyWithoutRetired(type, rule.event.params) } };
      })
    : content.rules;
  return { ...content, rules, defaultPolicy: policyWithoutRetired(type, content.defaultPolicy) };
}
