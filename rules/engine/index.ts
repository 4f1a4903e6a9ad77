/**
 * The one wrapper around json-rules-engine: compile a rule-set version once (hash verified, content validated,
 * cached by `${ruleSetId}@${version}`), then `decide` which policy applies to a context, with the reasons. Pure apart
 * from the caller-owned cache: no I/O, no clock, no randomness, no Node built-ins.
 */
export { canonicalCopy, canonicalJson } from './canonical-json';
export { compileRuleSet, createEngineCache } from './compile';
export type { EngineCache } from './compile';
export { CompiledRuleSet } from './compiled';
export type { RuleFacts } from './compiled';
export { decide } from './decide';
export { explainWinner } from './outranked';
export type { Outranked, RankedDecision } from './outranked';
export type { DecideOptions } from './decide';
export { RuleEngineError } from './errors';
export type { RuleEngineErrorCode } from './errors';
export { contentHash, sha256Hex } from './hash';
export { resolvePath } from './path-resolver';
export type { ConditionTrace, Decision, DecisionOf, Facts, LeafTrace, RuleSetVersionInput, RuleTrace } from './types';
