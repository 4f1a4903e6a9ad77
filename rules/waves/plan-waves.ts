/**
 * Wave planning (issue 20): which released orders are picked together and when each proposed wave is released.
 * The `wave` rule set decides a policy per order (facts from {@link waveFacts}); this groups the orders by what their
 * policies group by and splits the groups by the policies' sizes. Pure: the clock comes in as `now`.
 */
import type { WaveGroupKey, WavePolicy } from '../rule-sets';

export const WAVE_PRIORITIES = ['high', 'normal', 'low'] as const;
export type WavePriority = (typeof WAVE_PRIORITIES)[number];

/** A released order waiting for a wave, as planning sees it. */
export interface WaveCandidate {
  orderNumber: string;
  customerCode: string;
  carrier: string;
  /** The carrier's cut-off the order must make (ISO timestamp). */
  cutoffAt: string;
  priority: WavePriority;
  /** Zones its reserved stock is picked from. */
  zones: string[];
  lines: number;
  units: number;
}

/** The policy the rules decided for one order, and the rule that decided it (null: the default policy). */
export interface CandidateDecision {
  policy: WavePolicy;
  rule: string | null;
}

export type WaveRelease =
  | { action: 'release-now'; reason: string; releaseAt: string }
  | { action: 'await-supervisor'; reason: string; releaseAt: null }
  | { action: 'hold'; reason: string; releaseAt: string };

export interface ProposedWave {
  /** Deterministic: the group's key and its number within the group. */
  key: string;
  orderNumbers: string[];
  carrier: string;
  cutoffAt: string;
  zones: string[];
  lines: number;
  units: number;
  rule: string | null;
  release: WaveRelease;
}

/** The facts the `wave` rules decide on for one order. */
export function waveFacts(order: WaveCandidate, now: Date) {
  return {
    'customer.code': order.customerCode,
    'order.carrier': order.carrier,
    'order.cutoffMinutes': minutesUntil(order.cutoffAt, now),
    'order.priority': order.priority,
    'order.zones': [...order.zones].sort(),
    'order.lines': order.lines,
    'order.units': order.units,
  };
}

const GROUP_PART: Record<WaveGroupKey, (order: WaveCandidate) => string> = {
  'carrier-cutoff': (order) => `${order.carrier}@${order.cutoffAt}`,
  zone: (order) => [...order.zones].sort().join('+'),
  priority: (order) => order.priority,
};

/**
 * Proposed waves, earliest cut-off first. Orders decided by different rules never share a wave (their policies may
 * differ); within a group, orders go by cut-off, priority (high first) and number, and a wave closes when it holds
 * the policy's maximum orders or would pass its maximum units (an order bigger than the maximum goes alone).
 */
export function planWaves(
  orders: ReadonlyArray<WaveCandidate & { decision: CandidateDecision }>,
  now: Date,
): ProposedWave[] {
  const groups = new Map<string, Array<WaveCandidate & { decision: CandidateDecision }>>();
  for (const order of orders) {
    const { policy, rule } = order.decision;
    const key = [rule ?? '(default)', ...policy.groupBy.map((part) => GROUP_PART[part](order))].join('|');
    groups.set(key, [...(groups.get(key) ?? []), order]);
  }
  const waves: ProposedWave[] = [];
  for (const [key, members] of [...groups.entries()].sort(([a], [b]) => compare(a, b))) {
    const { policy, rule } = members[0]!.decision;
    members.sort(
      (a, b) =>
        compare(a.cutoffAt, b.cutoffAt) ||
        WAVE_PRIORITIES.indexOf(a.priority) - WAVE_PRIORITIES.indexOf(b.priority) ||
        compare(a.orderNumber, b.orderNumber),
    );
    let chunk: WaveCandidate[] = [];
    const close = (full: boolean) => {
      if (chunk.length === 0) return;
      waves.push(proposal(`${key}#${waves.length + 1}`, chunk, policy, rule, full, now));
      chunk = [];
    };
    for (const order of members) {
      const units = chunk.reduce((sum, o) => sum + o.units, 0);
      if (chunk.length > 0 && policy.maxUnits !== undefined && units + order.units > policy.maxUnits) close(true);
      chunk.push(order);
      if (chunk.length >= policy.maxOrders) close(true);
    }
    close(false);
  }
  return waves.sort((a, b) => compare(a.cutoffAt, b.cutoffAt) || compare(a.key, b.key));
}

function proposal(
  key: string,
  orders: WaveCandidate[],
  policy: WavePolicy,
  rule: string | null,
  full: boolean,
  now: Date,
): ProposedWave {
  const cutoffAt = orders.map((o) => o.cutoffAt).sort(compare)[0]!;
  return {
    key,
    orderNumbers: orders.map((o) => o.orderNumber),
    carrier: orders[0]!.carrier,
    cutoffAt,
    zones: [...new Set(orders.flatMap((o) => o.zones))].sort(compare),
    lines: orders.reduce((sum, o) => sum + o.lines, 0),
    units: Math.round(orders.reduce((sum, o) => sum + o.units, 0) * 1000) / 1000,
    rule,
    release: release(policy, cutoffAt, full, now),
  };
}

/** When a wave goes: by a supervisor, or on the schedule (full, or close enough to its cut-off). */
function release(policy: WavePolicy, cutoffAt: string, full: boolean, now: Date): WaveRelease {
  if (policy.release === 'supervisor') {
    return { action: 'await-supervisor', reason: 'the policy leaves the release to a supervisor', releaseAt: null };
  }
  const left = minutesUntil(cutoffAt, now);
  const releaseAt = new Date(Date.parse(cutoffAt) - policy.releaseMinutesBeforeCutoff * 60_000).toISOString();
  if (left <= policy.releaseMinutesBeforeCutoff) {
    return {
      action: 'release-now',
      reason: `cut-off in ${left} min (release ${policy.releaseMinutesBeforeCutoff} min before)`,
      releaseAt,
    };
  }
  if (full) return { action: 'release-now', reason: 'the wave is full', releaseAt: now.toISOString() };
  return {
    action: 'hold',
    reason: `waits for more orders until ${policy.releaseMinutesBeforeCutoff} min before the cut-off`,
    releaseAt,
  };
}

function minutesUntil(at: string, now: Date): number {
  return Math.floor((Date.parse(at) - now.getTime()) / 60_000);
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
