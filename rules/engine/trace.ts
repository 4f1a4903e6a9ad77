/**
 * Turns json-rules-engine's evaluated condition objects into plain, JSON-safe traces for the decision record.
 * The engine's objects are read as unknown data: their classes are not part of its typed API.
 */
import type { RuleResult } from 'json-rules-engine';
import { canonicalCopy } from './canonical-json';
import type { ConditionTrace, LeafTrace, RuleTrace } from './types';

type Node = Record<string, unknown>;

const asNode = (value: unknown): Node => (typeof value === 'object' && value !== null ? (value as Node) : {});
const asResult = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);
// Fact values go into stored JSON: undefined (a path that found nothing) is recorded as null.
const asData = (value: unknown): unknown => (value === undefined ? null : canonicalCopy(value));

function named<T extends object>(trace: T, node: Node): T & { name?: string } {
  return typeof node.name === 'string' ? { ...trace, name: node.name } : trace;
}

function traceNode(value: unknown): ConditionTrace {
  const node = asNode(value);
  const result = asResult(node.result);
  if (Array.isArray(node.all)) return named({ all: node.all.map(traceNode), result }, node);
  if (Array.isArray(node.any)) return named({ any: node.any.map(traceNode), result }, node);
  if (node.not !== undefined) return named({ not: traceNode(node.not), result }, node);
  return traceLeaf(node, result);
}

function traceLeaf(node: Node, result: boolean | null): LeafTrace {
  const reference = asNode(node.value).fact;
  const leaf: LeafTrace = {
    fact: String(node.fact),
    operator: String(node.operator),
    value: asData(typeof reference === 'string' ? node.valueResult : node.value),
    factResult: asData(node.factResult),
    result,
  };
  if (typeof node.path === 'string') leaf.path = node.path;
  if (typeof reference === 'string') leaf.valueFact = reference;
  return named(leaf, node);
}

/** The trace of one evaluated rule. */
export function traceRule(result: RuleResult, priority: number): RuleTrace {
  // The engine records the outcome of the top-level all/any/not on the rule result, not on the condition.
  const conditions = { ...traceNode(result.conditions), result: asResult(result.result) };
  return { name: String(result.name), priority, conditions };
}

/** Highest priority first, then by name (code-unit order, not locale), so traces never depend on timing. */
export function byPriorityThenName(a: RuleTrace, b: RuleTrace): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}
