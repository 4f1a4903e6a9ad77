/** The shapes of rule-set content: rules with json-rules-engine conditions whose event carries a policy. */
import type { Operator } from './operators';
import type {
  AllocationPolicy,
  CostDistributionPolicy,
  CreditPolicy,
  CycleCountPolicy,
  ExpiryPolicy,
  InvoiceMatchPolicy,
  LotSizingPolicy,
  MaterialIssuePolicy,
  QualitySamplingPolicy,
  SubcontractConsumptionPolicy,
  ValuationPolicy,
  WavePolicy,
} from './policies';
import type { ValidationError } from './paths';

/** The policy decided by each rule-set type that is supported today. */
export interface PolicyByType {
  allocation: AllocationPolicy;
  valuation: ValuationPolicy;
  expiry: ExpiryPolicy;
  'cost-distribution': CostDistributionPolicy;
  credit: CreditPolicy;
  'invoice-match': InvoiceMatchPolicy;
  'cycle-count': CycleCountPolicy;
  'material-issue': MaterialIssuePolicy;
  'lot-sizing': LotSizingPolicy;
  'subcontract-consumption': SubcontractConsumptionPolicy;
  'quality-sampling': QualitySamplingPolicy;
  wave: WavePolicy;
}

/** Rule-set types with a policy schema and fact catalogue. */
export type SupportedRuleSetType = keyof PolicyByType;

/** Every rule-set type the platform knows (all of them now have a schema). */
export type RuleSetType = SupportedRuleSetType;

/** A value a condition compares against: a literal, or another fact's value. */
export type ConditionValue = string | number | boolean | ReadonlyArray<string | number | boolean> | { fact: string };

/** A leaf condition: `fact` (optionally narrowed by `path`) `operator` `value`. */
export interface LeafCondition {
  fact: string;
  operator: Operator;
  value: ConditionValue;
  path?: string;
  name?: string;
}

export type AllCondition = { all: Condition[]; name?: string };
export type AnyCondition = { any: Condition[]; name?: string };
export type NotCondition = { not: Condition; name?: string };

/** A condition tree node. */
export type Condition = LeafCondition | AllCondition | AnyCondition | NotCondition;

/** The root of a rule's conditions: json-rules-engine requires all, any or not at the top. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

/** One rule: when its conditions hold, its policy applies; among several, the highest priority wins. */
export interface RuleDefinition<P> {
  name: string;
  /** Integer >= 1, default 1; higher wins. */
  priority: number;
  conditions: TopLevelCondition;
  event: { type: 'policy'; params: P };
}

/** The content of one rule-set version. */
export interface RuleSetContent<P> {
  rules: RuleDefinition<P>[];
  /** Applies when no rule fires. */
  defaultPolicy: P;
}

/** The policy type of rule-set type T. */
export type PolicyOf<T extends SupportedRuleSetType> = PolicyByType[T];

/** The content type of rule-set type T. */
export type ContentOf<T extends SupportedRuleSetType> = RuleSetContent<PolicyOf<T>>;

/** The outcome of validation: the normalised content, or every error with its JSON path. */
export type ValidationResult<C> = { ok: true; content: C } | { ok: false; errors: ValidationError[] };
