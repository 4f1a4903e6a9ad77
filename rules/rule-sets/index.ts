/**
 * Rule-set content: the schema of each rule-set type (its policy and the facts its rules may test) and
 * `validateRuleSet`, which explains every problem with a JSON path. Pure: no I/O, no clock.
 */
export { FACT_CATALOGUES, lookupFact } from './facts';
export type { FactCatalogue, FactDefinition, FactType } from './facts';
export { OPERATORS } from './operators';
export type { Operator } from './operators';
export { formatPath } from './paths';
export type { Path, PathSegment, ValidationError } from './paths';
export {
  ALLOCATABLE_STATUSES,
  allocationPolicySchema,
  CONSUMPTION_METHODS,
  costDistributionPolicySchema,
  creditPolicySchema,
  cycleCountPolicySchema,
  expiryPolicySchema,
  invoiceMatchPolicySchema,
  LOT_SIZE_KINDS,
  lotSizingPolicySchema,
  materialIssuePolicySchema,
  POLICY_SCHEMAS,
  qualitySamplingPolicySchema,
  wavePolicySchema,
  WAVE_GROUP_KEYS,
  RETIRED_ALLOCATION_STATUSES,
  SAMPLING_KINDS,
  SORT_KEYS,
  subcontractConsumptionPolicySchema,
  valuationPolicySchema,
} from './policies';
export type {
  AllocatableStatus,
  AllocationFilters,
  AllocationPolicy,
  ConsumptionMethod,
  CostDistributionPolicy,
  CreditPolicy,
  CycleCountFrequency,
  CycleCountPolicy,
  DistributionBasis,
  ExpiryAction,
  ExpiryPolicy,
  InvoiceMatchPolicy,
  IssueMode,
  LotSizeKind,
  LotSizingPolicy,
  MaterialIssuePolicy,
  PartialPolicy,
  QualitySamplingPolicy,
  WavePolicy,
  WaveGroupKey,
  Rounding,
  SamplingKind,
  SortKey,
  SubcontractConsumptionPolicy,
  ValuationPolicy,
  WhenShort,
} from './policies';
export type {
  AllCondition,
  AnyCondition,
  Condition,
  ConditionValue,
  ContentOf,
  LeafCondition,
  NotCondition,
  PolicyByType,
  PolicyOf,
  RuleDefinition,
  RuleSetContent,
  RuleSetType,
  SupportedRuleSetType,
  TopLevelCondition,
  ValidationResult,
} from './types';
export { isFactPath, isIsoDate, isJsonValue, matchesFactType } from './values';
export { retiredValuesIn, withoutRetiredValues } from './retired-values';
export { isSupportedRuleSetType, validateRuleSet } from './validate';
export type { ValidateOptions } from './validate';
