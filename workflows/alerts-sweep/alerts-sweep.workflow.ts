import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { AlertsSweepInput, AlertsSweepResult } from './alerts-sweep.contract';

/** A sweep reads every order in work, watched item and expiring lot: seconds, a minute on a large installation. */
const SWEEP_ACTIVITY = { startToCloseTimeout: '5 minutes', retry: { maximumInterval: '30 seconds' } } as const;

const { sweepAlerts } = proxyActivities<ReturnType<typeof createActivities>>(SWEEP_ACTIVITY);

/**
 * The alerts sweep (started every few minutes by the Temporal Schedule `millwright-alerts-sweep`): raises alerts for
 * late production orders, items below their reorder point, lots in their near-expiry window and
 * released pick waves at risk of missing their carrier cut-off, resolves those whose
 * cause is gone and raises again acknowledged ones whose cause persists. All the work is in one idempotent activity.
 */
export async function alertsSweep(input: AlertsSweepInput = {}): Promise<AlertsSweepResult> {
  return sweepAlerts(input);
}
