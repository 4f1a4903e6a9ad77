import { proxyActivities } from '@temporalio/workflow';
import { processSteps } from '../process-steps';
import {
  MRP_NET_CHANGE,
  type MrpNetChangeActivities,
  type MrpNetChangeInput,
  type MrpNetChangeResult,
  type MrpNetChangeStep,
} from './mrp-net-change.contract';

/** One short transaction over a few items; a crashed worker's attempt is retried on another after this timeout. */
const netChange = proxyActivities<MrpNetChangeActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * MRP net change: a sales order placed, changed or cancelled, or a receipt posted, re-plans the affected items of
 * the plan in review (activities/mrp/net-change.ts), then ends. Changes recorded while it runs queue their own.
 */
export async function mrpNetChange(input: MrpNetChangeInput): Promise<MrpNetChangeResult> {
  const state: { step: MrpNetChangeStep } = { step: 're-planning' };
  const steps = processSteps<MrpNetChangeStep>(
    { processType: MRP_NET_CHANGE, businessKey: `MRP-NC-${input.changeId}` },
    state,
  );
  return steps.run(async () => {
    await steps.enter('re-planning');
    const result = await netChange.applyNetChange();
    await steps.enter('done', 'completed');
    return result;
  });
}
