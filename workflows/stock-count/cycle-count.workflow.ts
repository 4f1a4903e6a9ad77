import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { CycleCountInput, CycleCountPlan } from './cycle-count.contract';

const { planCycleCounts } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '30 seconds' },
});

/**
 * The daily cycle-count run (started by the Temporal Schedule `millwright-cycle-count-daily`): the cycle-count rules
 * say how often each item class is counted; every bin and item due gets a stock count (its own stock-count workflow,
 * started through the outbox). One idempotent activity per run: a retry opens nothing twice.
 */
export async function cycleCountPlanning(input: CycleCountInput = {}): Promise<CycleCountPlan> {
  return planCycleCounts(input);
}
