import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { WaveReleaseInput, WaveReleaseResult } from './wave-release.contract';

/** Reading a warehouse's waiting orders and deciding their waves: well under a minute. */
const RELEASE_ACTIVITY = { startToCloseTimeout: '2 minutes', retry: { maximumInterval: '30 seconds' } } as const;

const { planScheduledWaves, startScheduledWaves } =
  proxyActivities<ReturnType<typeof createActivities>>(RELEASE_ACTIVITY);

/** The time the Temporal Schedule meant this run for (set by the schedule, also on a manual trigger). */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * A scheduled wave release (issue 20), started by the warehouse's Temporal Schedule `wave-release:<warehouse>`: plans
 * waves from the warehouse's waiting orders under the published `wave` rules and releases those the rules release now
 * (their pick-wave:<id> workflows). The run's fire time names its waves and keys its plan in PostgreSQL, so a retried
 * activity releases the same waves once; the other proposals are left to the next run or a supervisor.
 */
export async function waveRelease(input: WaveReleaseInput): Promise<WaveReleaseResult> {
  const info = workflowInfo();
  const firedAt = (info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime).toISOString();
  const plan = await planScheduledWaves({ ...input, scheduleWorkflowId: info.workflowId, firedAt });
  if (plan.released.length > 0)
    await startScheduledWaves({ waves: plan.released, pickSlaMinutes: input.pickSlaMinutes });
  return plan;
}
