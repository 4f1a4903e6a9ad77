/**
 * ISO 2859-1 (1999) clause 9: switching between normal, tightened and reduced inspection, and discontinuation, computed
 * from the recorded results of consecutive lots (original inspection only, oldest first). Every switch carries its
 * reason in words, and so does the state the next lot is inspected under.
 */
import type { Severity } from './single-sampling-tables';

/** One lot's result on original inspection. */
export interface LotRecord {
  accepted: boolean;
  /** The acceptance number of the plan the lot was judged by (the switching score counts Ac 0-1 and Ac >= 2 apart). */
  acceptanceNumber: number;
  /** Whether the lot would also have been accepted with the AQL one step tighter (needed when Ac >= 2). */
  acceptedAtTighterAql?: boolean;
  /** Supply became irregular or delayed with this lot (sends reduced inspection back to normal). */
  irregularSupply?: boolean;
}

/** The quality engineer resumed inspection after the supplier's corrective action (9.4: resumes tightened). */
export interface ResumedRecord {
  resumed: true;
}

export type SwitchingRecord = LotRecord | ResumedRecord;

/** What switching may do beyond the standard's automatic rules: the conditions only people can confirm. */
export interface SwitchingPolicy {
  /** Severity before any history (normal unless the contract says otherwise). */
  startSeverity?: Severity;
  /** The quality engineer (responsible authority) approves reduced inspection when the score allows it. */
  reducedApproved: boolean;
  /** Production is at a steady rate (a condition of switching to reduced). */
  productionSteady: boolean;
}

export type SwitchingStateName = Severity | 'discontinued';

/** A switch between states, after the `afterRecord`-th record (0-based index into the history). */
export interface Switch {
  afterRecord: number;
  from: SwitchingStateName;
  to: SwitchingStateName;
  reason: string;
}

/** The state the next lot is inspected under, with the switching score (normal only) and the reason. */
export interface SwitchingState {
  state: SwitchingStateName;
  switchingScore: number;
  reason: string;
  switches: Switch[];
}

/** The score needed for reduced inspection (9.3.3.2). */
export const REDUCED_SCORE_THRESHOLD = 30;

const isResumed = (record: SwitchingRecord): record is ResumedRecord => 'resumed' in record;

/** 9.3.3.2: Ac 0-1 adds 2 for an accepted lot; Ac >= 2 adds 3 when accepted at the AQL one step tighter; else 0. */
function nextScore(score: number, lot: LotRecord): number {
  if (lot.acceptanceNumber <= 1) return lot.accepted ? score + 2 : 0;
  return lot.accepted && lot.acceptedAtTighterAql === true ? score + 3 : 0;
}

/** The running counters of the walk over the history. */
interface Walk {
  state: SwitchingStateName;
  score: number;
  /** Results of the last lots under normal inspection (true = rejected), at most five. */
  recentNormal: boolean[];
  consecutiveAccepted: number;
  rejectedWhileTightened: number;
  reason: string;
}

const fresh = (state: SwitchingStateName, reason: string): Walk => ({
  state,
  score: 0,
  recentNormal: [],
  consecutiveAccepted: 0,
  rejectedWhileTightened: 0,
  reason,
});

/** Applies one lot to the walk; returns the next walk and the switch it caused, if any. */
function step(walk: Walk, lot: LotRecord, policy: SwitchingPolicy): { walk: Walk; switched?: string } {
  if (walk.state === 'normal') {
    const recentNormal = [...walk.recentNormal, !lot.accepted].slice(-5);
    const rejected = recentNormal.filter(Boolean).length;
    if (rejected >= 2) {
      const why = `${rejected} of the last ${recentNormal.length} lots under normal inspection were rejected`;
      return { walk: fresh('tightened', why), switched: why };
    }
    const score = nextScore(walk.score, lot);
    if (score >= REDUCED_SCORE_THRESHOLD && policy.productionSteady && policy.reducedApproved) {
      const why = `switching score ${score} >= ${REDUCED_SCORE_THRESHOLD}, production steady, approved by quality`;
      return { walk: fresh('reduced', why), switched: why };
    }
    return { walk: { ...walk, recentNormal, score, reason: normalReason(score, policy) } };
  }
  if (walk.state === 'tightened') {
    const rejectedWhileTightened = walk.rejectedWhileTightened + (lot.accepted ? 0 : 1);
    if (rejectedWhileTightened >= 5) {
      const why = `${rejectedWhileTightened} lots rejected while tightened: inspection discontinued until the supplier acts`;
      return { walk: fresh('discontinued', why), switched: why };
    }
    const consecutiveAccepted = lot.accepted ? walk.consecutiveAccepted + 1 : 0;
    if (consecutiveAccepted >= 5) {
      const why = '5 consecutive lots accepted under tightened inspection';
      return { walk: fresh('normal', why), switched: why };
    }
    const reason = `tightened: ${consecutiveAccepted} consecutive accepted of 5 needed, ${rejectedWhileTightened} of 5 rejections`;
    return { walk: { ...walk, rejectedWhileTightened, consecutiveAccepted, reason } };
  }
  if (walk.state === 'reduced') {
    if (!lot.accepted) return switchTo('normal', 'a lot was rejected under reduced inspection');
    if (lot.irregularSupply === true) return switchTo('normal', 'supply became irregular or delayed');
    if (!policy.productionSteady) return switchTo('normal', 'production is no longer steady');
    return { walk: { ...walk, reason: 'reduced: lots keep being accepted and supply is regular' } };
  }
  return { walk };
}

const switchTo = (state: SwitchingStateName, why: string) => ({ walk: fresh(state, why), switched: why });

function normalReason(score: number, policy: SwitchingPolicy): string {
  if (score < REDUCED_SCORE_THRESHOLD) return `normal: switching score ${score} of ${REDUCED_SCORE_THRESHOLD}`;
  if (!policy.productionSteady) return `normal: switching score ${score}, but production is not steady`;
  return `normal: switching score ${score}, reduced inspection not approved by quality`;
}

/** The switching state after `history` (oldest first) under `policy`. Pure. */
export function switchingState(history: readonly SwitchingRecord[], policy: SwitchingPolicy): SwitchingState {
  const start = policy.startSeverity ?? 'normal';
  let walk = fresh(start, `${start} inspection from the start (no lots recorded yet)`);
  const switches: Switch[] = [];
  history.forEach((record, index) => {
    const from = walk.state;
    if (isResumed(record)) {
      if (from !== 'discontinued') return;
      walk = fresh('tightened', 'inspection resumed after corrective action, tightened as the standard requires');
      switches.push({ afterRecord: index, from, to: walk.state, reason: walk.reason });
      return;
    }
    // A discontinued supplier's lots are held, not inspected: they do not move the state.
    if (from === 'discontinued') return;
    const next = step(walk, record, policy);
    walk = next.walk;
    if (next.switched !== undefined) switches.push({ afterRecord: index, from, to: walk.state, reason: next.switched });
  });
  return { state: walk.state, switchingScore: walk.state === 'normal' ? walk.score : 0, reason: walk.reason, switches };
}
