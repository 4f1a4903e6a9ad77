import { Engine, type EngineResult } from 'json-rules-engine';
import type { ContentOf, PolicyOf, SupportedRuleSetType } from '../rule-sets';
import { deepFreeze } from './canonical-json';
import { resolvePath } from './path-resolver';

/**
 * A published version turned into a ready json-rules-engine Engine. Built by compileRuleSet only; its content is
 * deeply frozen, so cached instances cannot drift from the hash they were verified against.
 */
export class CompiledRuleSet<T extends SupportedRuleSetType = SupportedRuleSetType> {
  readonly #engine: Engine;
  readonly #policies: ReadonlyMap<string, PolicyOf<T>>;
  // json-rules-engine keeps a run status on the Engine: when two runs overlap, the first to finish marks the
  // engine finished and the other silently skips its remaining priority levels. Runs are therefore chained.
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ruleSetId: number,
    readonly type: T,
    readonly version: number,
    readonly contentHash: string,
    readonly content: ContentOf<T>,
    /** Facts the conditions read; a decision needs each of them (null is allowed). */
    readonly referencedFacts: ReadonlySet<string>,
  ) {
    deepFreeze(content);
    this.#policies = new Map(content.rules.map((rule) => [rule.name, rule.event.params]));
    const rules = content.rules.map((rule) => ({
      name: rule.name,
      priority: rule.priority,
      // The engine decorates condition objects; hand it a copy so the frozen content stays untouched.
      conditions: structuredClone(rule.conditions),
      event: { type: 'policy' },
    }));
    this.#engine = new Engine(rules, {
      allowUndefinedFacts: false,
      allowUndefinedConditions: false,
      replaceFactsInEventParams: false,
      pathResolver: resolvePath,
    });
  }

  /** `${ruleSetId}@${version}`, the cache key. */
  get key(): string {
    return `${this.ruleSetId}@${this.version}`;
  }

  /** The policy of a rule, by name (the engine's events carry only the name). */
  policyOf(ruleName: string): PolicyOf<T> | undefined {
    return this.#policies.get(ruleName);
  }

  /** Runs the engine once on the facts, after any run already in progress on this instance has finished. */
  run(facts: Record<string, unknown>): Promise<EngineResult> {
    const result = this.#tail.then(() => this.#engine.run(facts));
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
