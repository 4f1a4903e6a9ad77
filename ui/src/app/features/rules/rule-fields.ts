/**
 * The fields the structured editor shows for a content, each by the JSON path the server names in its validation
 * errors (`$.rules[0].conditions.all[1].operator`). The error mechanism places a problem on one of these only, so
 * nothing lands on a key the form does not show (such problems go to the summary).
 */
import type { RuleSetContent } from '../../shared/api.types';
import { factInfo } from './rule-catalogue';
import { childrenOf, groupKind, isRecord } from './rule-content';
import { policyNumberFields } from './consumption-fields';
import { POLICY_CHOICES } from './simple-policy-editor';

/** A shown field: its path and its value as JSON text (a changed text means the user changed the field). */
export type FieldValues = Map<string, string>;

const text = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** The path of a condition node's child, as the condition editor names it. */
export function childPath(path: string, node: unknown, index: number): string {
  const kind = groupKind(node);
  return kind === 'not' ? `${path}.not` : `${path}.${kind}[${index}]`;
}

/** True when a leaf shows its path field: an attributes fact, or a path typed in the JSON. */
export function showsPath(type: string, leaf: Record<string, unknown>): boolean {
  const fact = typeof leaf['fact'] === 'string' ? leaf['fact'] : '';
  return factInfo(type, fact)?.type === 'attributes' || leaf['path'] !== undefined;
}

function conditionFields(type: string, node: unknown, path: string, out: FieldValues): void {
  if (groupKind(node) !== null) {
    childrenOf(node).forEach((child, index) => conditionFields(type, child, childPath(path, node, index), out));
    return;
  }
  if (!isRecord(node)) return;
  const keys = showsPath(type, node) ? ['fact', 'path', 'operator', 'value'] : ['fact', 'operator', 'value'];
  for (const key of keys) out.set(`${path}.${key}`, text(node[key]));
}

/** Which of the shelf-life controls shows the minimum: the days input for a number, else the mode select. */
export function shelfLifeMode(min: unknown): 'none' | 'customer' | 'days' {
  if (min === undefined || min === null) return 'none';
  return min === 'customer' ? 'customer' : 'days';
}

function allocationFields(policy: Record<string, unknown>, path: string, out: FieldValues): void {
  const filters = isRecord(policy['filters']) ? policy['filters'] : {};
  out.set(`${path}.sortKeys`, text(policy['sortKeys']));
  out.set(`${path}.partial`, text(policy['partial']));
  // One key, two controls: the mode select and (for a number of days) the days input both say it.
  out.set(`${path}.filters.minRemainingShelfLifeDays`, text(filters['minRemainingShelfLifeDays']));
  out.set(`${path}.filters.statuses`, text(filters['statuses']));
  out.set(`${path}.filters.allowedWarehouses`, text(filters['allowedWarehouses']));
}

function simpleFields(type: string, policy: Record<string, unknown>, path: string, out: FieldValues): void {
  for (const choice of POLICY_CHOICES[type] ?? []) out.set(`${path}.${choice.key}`, text(policy[choice.key]));
  for (const { key } of policyNumberFields(type, policy)) out.set(`${path}.${key}`, text(policy[key]));
  if (type !== 'expiry' || !Array.isArray(policy['actions'])) return;
  policy['actions'].filter(isRecord).forEach((action, index) => {
    const at = `${path}.actions[${index}]`;
    out.set(`${at}.withinDays`, text(action['withinDays']));
    out.set(`${at}.action`, text(action['action']));
    if (action['action'] === 'discount') out.set(`${at}.discountPercent`, text(action['discountPercent']));
  });
}

function policyFields(type: string, policy: unknown, path: string, out: FieldValues): void {
  const record = isRecord(policy) ? policy : {};
  if (type === 'allocation') allocationFields(record, path, out);
  else simpleFields(type, record, path, out);
}

/** Every field the editor shows for this content, by path, with its value. */
export function visibleFields(content: RuleSetContent, type: string): FieldValues {
  const out: FieldValues = new Map();
  content.rules.forEach((rule, index) => {
    const at = `$.rules[${index}]`;
    out.set(`${at}.name`, text(rule.name));
    out.set(`${at}.priority`, text(rule.priority));
    if (isRecord(rule.conditions)) conditionFields(type, rule.conditions, `${at}.conditions`, out);
    const params = isRecord(rule.event) ? rule.event.params : undefined;
    policyFields(type, params, `${at}.event.params`, out);
  });
  policyFields(type, content.defaultPolicy, '$.defaultPolicy', out);
  return out;
}
