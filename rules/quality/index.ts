/**
 * Quality: the ISO 2859-1 tables as data (Table I code letters; single sampling Tables II-A/B/C), the sampling plan for
 * a lot with its arrows resolved, the switching rules between normal, tightened and reduced inspection, skip-lot per
 * ISO 2859-3, the quality-sampling rule decision with its reasons, and judging a reading against its characteristic.
 */
export { CODE_LETTERS, codeLetterFor, INSPECTION_LEVELS, TABLE_I } from './code-letters';
export type { CodeLetter, InspectionLevel, LotSizeRange } from './code-letters';
export {
  AQLS,
  REDUCED_SAMPLE_SIZES,
  SAMPLE_SIZES,
  sampleSizeOf,
  SEVERITIES,
  TABLE_ROWS,
  tableCell,
} from './single-sampling-tables';
export type { Severity, TableCell } from './single-sampling-tables';
export { isStandardAql, oneStepTighterAql, samplingPlan } from './sampling-plan';
export type { SamplingPlan, SamplingPlanInput } from './sampling-plan';
export { REDUCED_SCORE_THRESHOLD, switchingState } from './switching';
export type {
  LotRecord,
  ResumedRecord,
  Switch,
  SwitchingPolicy,
  SwitchingRecord,
  SwitchingState,
  SwitchingStateName,
} from './switching';
export { skipLotDecision } from './skip-lot';
export type { SkipLotDecision, SkipLotPolicy, SkipLotRecord } from './skip-lot';
export { decideSampling, describeSampling, INSPECTION_SOURCES, samplingFacts } from './decide-sampling';
export type {
  InspectionSource,
  OutrankedSampling,
  SamplingChoice,
  SamplingSubject,
  SupplierQualitySummary,
} from './decide-sampling';
export { lotSample } from './lot-sample';
export type { LotSample, LotSampleInput } from './lot-sample';
export { judgeReading } from './judge-reading';
export type {
  AttributeCharacteristic,
  Characteristic,
  NumericCharacteristic,
  PassFailCharacteristic,
  ReadingVerdict,
} from './judge-reading';
