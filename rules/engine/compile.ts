import {
  type Condition,
  type ContentOf,
  type LeafCondition,
  isSupportedRuleSetType,
  type SupportedRuleSetType,
  validateRuleSet,
} from '../rule-sets';
import { canonicalJson } from './canonical-json';
import { CompiledRuleSet } from './compiled';
import { RuleEngineError } from './errors';
import { contentHash } from './hash';
import type { RuleSetVersionInput } from './types';

/** Compiled rule sets by `${ruleSetId}@${version}`. Create one per worker with createEngineCache and pass it in. */
export interface EngineCache {
  get(key: string): CompiledRuleSet | undefined;
  set(key: string, compiled: CompiledRuleSet): void;
  readonly size: number;
}

/**
 * A least-recently-used cache of compiled rule sets. Versions are few and immutable once published, so the bound
 * only matters for consoles that dry-run many drafts.
 */
export function createEngineCache(maxEntries = 256): EngineCache {
  const entries = new Map<string, CompiledRuleSet>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit === undefined) return undefined;
      entries.delete(key); // re-insert: Map order is the recency order
      entries.set(key, hit);
      return hit;
    },
    set(key, compiled) {
      entries.delete(key);
      entries.set(key, compiled);
      const oldest = entries.keys().next();
      if (entries.size > maxEntries && !oldest.done) entries.delete(oldest.value);
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Compiles a stored rule-set version: verifies the content hash, validates the content, and checks it is stored in
 * normalised form (what validateRuleSet returns), so the stored JSON is exactly what runs. With a cache, a version
 * is compiled once; a cached entry is reused only while the hash matches (a draft's content changes under the
 * same version number). Throws RuleEngineError.
 */
export function compileRuleSet<T extends SupportedRuleSetType>(
  input: RuleSetVersionInput<T>,
  cache?: EngineCache,
): CompiledRuleSet<T> {
  const key = `${input.ruleSetId}@${input.version}`;
  const hit = cache?.get(key);
  if (hit && hit.type === input.type && hit.contentHash === input.contentHash) return hit as CompiledRuleSet<T>;
  const compiled = build(input);
  cache?.set(key, compiled);
  return compiled;
}

function build<T extends SupportedRuleSetType>(input: RuleSetVersionInput<T>): CompiledRuleSet<T> {
  const { ruleSetId, type, version } = input;
  const label = `rule set ${ruleSetId} version ${version}`;
  if (!isSupportedRuleSetType(type)) throw new RuleEngineError('unsupported-type', `${label}: type ${String(type)}`);
  const actual = contentHash(input.content);
  if (actual !== input.contentHash) {
    throw new RuleEngineError('hash-mismatch', `${label}: content hashes to ${actual}, stored ${input.contentHash}`);
  }
  const result = validateRuleSet(type, input.content);
  if (!result.ok) throw new RuleEngineError('invalid-content', `${label} is invalid`, result.errors);
  if (canonicalJson(result.content) !== canonicalJson(input.content)) {
    throw new RuleEngineError('not-normalised', `${label} is not stored as validateRuleSet returned it`);
  }
  const content: ContentOf<T> = result.content;
  const leaves = content.rules.flatMap((rule) => leavesOf(rule.conditions));
  const read = new Set(leaves.flatMap((leaf) => [leaf.fact, ...referenceOf(leaf)]));
  const compared = new Set(leaves.flatMap(referenceOf));
  return new CompiledRuleSet(ruleSetId, type, version, actual, content, { read, compared });
}

function leavesOf(condition: Condition): LeafCondition[] {
  if ('all' in condition) return condition.all.flatMap(leavesOf);
  if ('any' in condition) return condition.any.flatMap(leavesOf);
  if ('not' in condition) return leavesOf(condition.not);
  return [condition];
}

/** The fact a leaf compares against, if its value is `{ fact }`. */
function referenceOf({ value }: LeafCondition): string[] {
  return typeof value === 'object' && 'fact' in value ? [value.fact] : [];
}
