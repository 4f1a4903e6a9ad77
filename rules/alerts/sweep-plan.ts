import type { AlertCause } from './causes';

/** An alert still open or acknowledged, as the sweep compares it with what it found. */
export interface LiveAlert {
  id: number;
  kind: string;
  subject: string;
  status: 'open' | 'acknowledged';
  acknowledgedAt: Date | null;
}

/** What one sweep does to the alerts: each list is disjoint; an alert not named keeps its row as it is. */
export interface SweepPlan {
  /** Causes without a live alert: a new row each. */
  raise: AlertCause[];
  /** Open alerts whose cause persists: reason and figures brought up to date. */
  refresh: Array<{ id: number; cause: AlertCause }>;
  /** Acknowledged longer ago than the re-raise interval and the cause persists: open again, raise count + 1. */
  raiseAgain: Array<{ id: number; cause: AlertCause }>;
  /** Live alerts whose cause is gone. */
  resolve: LiveAlert[];
}

const keyOf = (entry: { kind: string; subject: string }) => `${entry.kind}\u0000${entry.subject}`;

/**
 * Compares the live alerts with the causes found now. An acknowledged alert whose cause persists stays acknowledged
 * until `reraiseAfterMs` has passed since the acknowledgement, then is raised again; one acknowledged more recently
 * keeps its row untouched. A live alert whose cause is gone is resolved, acknowledged or not.
 */
export function planSweep(live: LiveAlert[], causes: AlertCause[], now: Date, reraiseAfterMs: number): SweepPlan {
  const found = new Map(causes.map((cause) => [keyOf(cause), cause]));
  const plan: SweepPlan = { raise: [], refresh: [], raiseAgain: [], resolve: [] };
  const alerted = new Set<string>();
  for (const alert of live) {
    const key = keyOf(alert);
    alerted.add(key);
    const cause = found.get(key);
    if (!cause) {
      plan.resolve.push(alert);
    } else if (alert.status === 'open') {
      plan.refresh.push({ id: alert.id, cause });
    } else if (alert.acknowledgedAt && now.getTime() - alert.acknowledgedAt.getTime() >= reraiseAfterMs) {
      plan.raiseAgain.push({ id: alert.id, cause });
    }
  }
  for (const [key, cause] of found) if (!alerted.has(key)) plan.raise.push(cause);
  return plan;
}
