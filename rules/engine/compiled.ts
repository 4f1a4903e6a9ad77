import { Engine, type EngineResult, Fact } from 'json-rules-engine';
import type { ContentOf, PolicyOf, SupportedRuleSetType } from '../rule-sets';
import { canonicalCopy, deepFreeze } from './canonical-json';
import { resolvePath } from './path-resolver';

/** The facts a rule set's conditions use. */
export interface RuleFacts {
  /** Every fact a condition reads: a decision must supply each (null meaning not known). */
  read: ReadonlySet<string>;
  /** Facts used as a comparison value (`value: { fact }`): they must be known, as json-rules-engine's in/notIn
   * would throw on a null list and lessThan would compare against null as 0. */
  compared: ReadonlySet<string>;
}

/**
 * A published version turned into a ready json-rules-engine Engine. Built by compileRuleSet only; its content is
 * deeply frozen, so cached instances cannot drift from the hash they were verified against.
 */
export class CompiledRuleSet<T extends SupportedRuleSetType = SupportedRuleSetType> {
  readonly #engine: Engine;
  readonly #policies: ReadonlyMap<string, PolicyOf<T>>;
  readonly #priorities: ReadonlyMap<string, number>;
  readonly #read: readonly string[];
  // json-rules-engine keeps a run status on the Engine: when two runs overlap, the first to finish marks the
  // engine finished and the other silently skips its remaining priority levels. Runs are therefore chained.
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ruleSetId: number,
    readonly type: T,
    readonly version: number,
    readonly contentHash: string,
    readonly content: ContentOf<T>,
    /** Facts the conditions read (a decision needs each, null allowed), and those compared against (never null). */
    readonly facts: RuleFacts,
  ) {
    deepFreeze(content);
    this.#policies = new Map(content.rules.map((rule) => [rule.name, rule.event.params]));
    this.#priorities = new Map(content.rules.map((rule) => [rule.name, rule.priority]));
    this.#read = [...facts.read];
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

  /** The policy of a rule, by name (the engine's results carry only the name). */
  policyOf(ruleName: string): PolicyOf<T> {
    const policy = this.#policies.get(ruleName);
    if (policy === undefined) throw new Error(`rule set ${this.key} has no rule named ${ruleName}`);
    return policy;
  }

  /** The priority of a rule, by name (1, the default, for a name the version does not have). */
  priorityOf(ruleName: string): number {
    return this.#priorities.get(ruleName) ?? 1;
  }

  /**
   * Runs the engine once on the facts, after any run already in progress on this instance has finished. The engine
   * gets copies of only the facts the conditions read, each without json-rules-engine's result cache: it would hash
   * every fact on every run (half the time of an allocation decision), for constant facts it never looks up there.
   */
  run(facts: Readonly<Record<string, unknown>>): Promise<EngineResult> {
    const runtime: Record<string, Fact> = {};
    for (const name of this.#read) {
      // A missing fact stays missing, so the engine refuses it as before (decide checks first, so it never is).
      const value = Object.hasOwn(facts, name) ? facts[name] : undefined;
      if (value !== undefined) runtime[name] = new Fact(name, canonicalCopy(value), { cache: false });
    }
    const result = this.#tail.then(() => this.#engine.run(runtime));
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
