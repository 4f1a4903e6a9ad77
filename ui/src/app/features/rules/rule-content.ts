/**
 * Pure helpers for editing rule-set content immutably: every edit returns new objects, so the structured editor
 * and the raw JSON view can share one `content` signal and stay in sync.
 */
import type { RuleCondition, RuleLeafCondition, RuleSetContent } from '../../shared/api.types';
import { FactType, LIST_OPERATORS } from './rule-catalogue';

export type GroupKind = 'all' | 'any' | 'not';
export const GROUP_KINDS: readonly GroupKind[] = ['all', 'any', 'not'];
export const GROUP_LABELS: Record<GroupKind, string> = { all: 'All of', any: 'Any of', not: 'Not' };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The group kind of a condition node, or null for a leaf. */
export function groupKind(node: unknown): GroupKind | null {
  if (!isRecord(node)) return null;
  return GROUP_KINDS.find((kind) => Object.hasOwn(node, kind)) ?? null;
}

/** The children of a group node (one for `not`); tolerant of half-typed JSON. */
export function childrenOf<T>(node: T): T[] {
  const kind = groupKind(node);
  if (kind === null) return [];
  const inner = (node as Record<string, unknown>)[kind];
  if (kind === 'not') return inner === undefined ? [] : [inner as T];
  return Array.isArray(inner) ? (inner as T[]) : [];
}

/** The same group with new children (`not` keeps its first one). */
export function withChildren(node: RuleCondition, children: RuleCondition[]): RuleCondition {
  const kind = groupKind(node) ?? 'all';
  return regroup(node, kind, children);
}

/** Changes a group's kind, keeping its children: into `not` they are wrapped in `all` unless there is just one. */
export function regroup(node: RuleCondition, kind: GroupKind, children = childrenOf(node)): RuleCondition {
  const name = isRecord(node) && typeof node['name'] === 'string' ? { name: node['name'] } : {};
  if (kind !== 'not') return { [kind]: children, ...name } as RuleCondition;
  const only = children.length === 1 ? children[0] : undefined;
  return { not: only ?? { all: children }, ...name };
}

export function newLeaf(fact = ''): RuleLeafCondition {
  return { fact, operator: 'equal', value: '' };
}

export function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((entry, i) => (i === index ? value : entry));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Moves an entry by `delta` places (no-op at the ends). */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const item = list[index];
  if (item === undefined || target < 0 || target >= list.length) return [...list];
  const rest = removeAt(list, index);
  return [...rest.slice(0, target), item, ...rest.slice(target)];
}

/** Content the editor can show: an object with a rules array and a default policy object. */
export function asContent(value: unknown): RuleSetContent | null {
  if (!isRecord(value) || !Array.isArray(value['rules'])) return null;
  if (!value['rules'].every(isRecord)) return null;
  // Other keys are kept, so a key the server will refuse survives edits in the form until it is explained.
  const defaultPolicy = isRecord(value['defaultPolicy']) ? value['defaultPolicy'] : {};
  return { ...value, rules: value['rules'], defaultPolicy } as unknown as RuleSetContent;
}

// PostgreSQL's jsonb stores keys in its own order; the JSON view shows them in reading order instead.
const KEY_ORDER = ['rules', 'defaultPolicy', 'name', 'priority', 'conditions', 'event', 'type', 'params', 'filters'];
const LEAF_ORDER = ['sortKeys', 'partial', 'fact', 'path', 'operator', 'value'];
const rank = (key: string) => {
  const index = [...KEY_ORDER, ...LEAF_ORDER].indexOf(key);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
};

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, ordered(value[key])]));
}

export function toJson(content: unknown): string {
  return JSON.stringify(ordered(content), null, 2);
}

// ---- condition values: shown as text, parsed by the fact's type ----------------

/** `food, pharma` for lists, `@customer.minShelfLifeDays` for a reference to another fact. */
export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((entry) => String(entry)).join(', ');
  if (isRecord(value)) return typeof value['fact'] === 'string' ? `@${value['fact']}` : JSON.stringify(value);
  if (value === null || value === undefined) return '';
  return String(value);
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function scalar(text: string, type: FactType | undefined): unknown {
  const numeric = NUMBER.test(text) ? Number(text) : undefined;
  const bool = text === 'true' || text === 'false' ? text === 'true' : undefined;
  if (type === 'number') return numeric ?? text;
  if (type === 'boolean') return bool ?? text;
  if (type === 'attributes' || type === undefined) return numeric ?? bool ?? text;
  return text;
}

/** Parses the value text; what the server will refuse (`ten` for a number) is kept so its message explains it. */
export function parseValue(text: string, type: FactType | undefined, operator: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('@')) return { fact: trimmed.slice(1).trim() };
  if (!LIST_OPERATORS.includes(operator)) return scalar(trimmed, type);
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => scalar(part, type));
}
