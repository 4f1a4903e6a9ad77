/**
 * Applying a chosen sampling policy to one lot: how many units to inspect and the acceptance and rejection numbers,
 * with the switching state (ISO 2859-1) or skip-lot phase (ISO 2859-3) that decided it, in words.
 */
import type { QualitySamplingPolicy } from '../rule-sets';
import type { InspectionLevel } from './code-letters';
import { samplingPlan } from './sampling-plan';
import { skipLotDecision, type SkipLotRecord } from './skip-lot';
import { switchingState, type SwitchingPolicy, type SwitchingRecord } from './switching';

/** The lot and the supplier's recorded lots the policy needs (switching and skip-lot histories, oldest first). */
export interface LotSampleInput {
  lotSize: number;
  switchingHistory: readonly SwitchingRecord[];
  skipLotHistory: readonly SkipLotRecord[];
  /** Conditions only people confirm: steady production and the quality engineer's approval of reduced inspection. */
  conditions: Pick<SwitchingPolicy, 'productionSteady' | 'reducedApproved'>;
}

/** What to do with the lot: inspect `sampleSize` units (0 = release unseen, or hold when discontinued). */
export interface LotSample {
  inspect: boolean;
  /** Inspection is discontinued for the supplier: hold the lot for the quality engineer. */
  hold: boolean;
  sampleSize: number;
  /** Accept with at most `ac` nonconforming units; reject at `re` or more. Null when nothing is inspected. */
  ac: number | null;
  re: number | null;
  severity: string | null;
  codeLetter: string | null;
  reason: string;
}

const none = (reason: string, hold = false): LotSample => ({
  inspect: false,
  hold,
  sampleSize: 0,
  ac: null,
  re: null,
  severity: null,
  codeLetter: null,
  reason,
});

function aqlSample(
  policy: { level: InspectionLevel; aql: number },
  input: LotSampleInput,
  startSeverity: 'normal' | 'tightened' | 'reduced',
  prefix: string,
): LotSample {
  const switching = switchingState(input.switchingHistory, { ...input.conditions, startSeverity });
  if (switching.state === 'discontinued') return none(`${prefix}inspection discontinued: ${switching.reason}`, true);
  const plan = samplingPlan({
    lotSize: input.lotSize,
    level: policy.level,
    aql: policy.aql,
    severity: switching.state,
  });
  const arrows =
    plan.arrowsFollowed.length > 0 ? ` (arrows ${plan.arrowsFollowed.join(', ')} to ${plan.planLetter})` : '';
  const whole = plan.wholeLot ? ', the whole lot' : '';
  return {
    inspect: true,
    hold: false,
    sampleSize: plan.sampleSize,
    ac: plan.ac,
    re: plan.re,
    severity: switching.state,
    codeLetter: plan.codeLetter,
    reason: `${prefix}${switching.state} inspection, code letter ${plan.codeLetter}${arrows}: inspect ${plan.sampleSize}${whole}, accept ${plan.ac} reject ${plan.re}; ${switching.reason}`,
  };
}

/** The sample for one lot under `policy`. Pure. */
export function lotSample(policy: QualitySamplingPolicy, input: LotSampleInput): LotSample {
  switch (policy.kind) {
    case 'skip':
      return none('no inspection: released unseen');
    case 'full':
      return { ...none('100 % inspection'), inspect: true, sampleSize: input.lotSize, ac: 0, re: 1 };
    case 'percent': {
      const size = Math.min(input.lotSize, Math.max(policy.minimum, Math.ceil((input.lotSize * policy.percent) / 100)));
      return {
        ...none(`${policy.percent} % of ${input.lotSize}: inspect ${size}`),
        inspect: true,
        sampleSize: size,
        ac: 0,
        re: 1,
      };
    }
    case 'aql':
      return aqlSample(policy, input, policy.startSeverity, '');
    case 'skip-lot': {
      const skip = skipLotDecision(input.skipLotHistory, policy);
      if (!skip.inspect) return none(skip.reason);
      return aqlSample(policy, input, 'normal', `${skip.reason}; `);
    }
  }
}
