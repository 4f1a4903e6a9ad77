import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import type { HumanTaskSpec } from '../human-task.contract';
import { findReworkProblem } from './inspection-validation';
import type { DispositionPart, InspectionLotForTask } from './quality-inspection.contract';

const { settleInspectionRework } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds' },
});

/**
 * The rework part of a split stays in quarantine while it is reworked: a rework task for the quality engineer says
 * what it came to (accepted: released to available; scrap: written off). Returns the quantity released (0 when
 * nothing was sent to rework or it was scrapped).
 */
export async function reworkStep(
  tasks: ReturnType<typeof createTaskBoard>,
  spec: Omit<HumanTaskSpec, 'title' | 'payload' | 'requiredFields'>,
  lot: InspectionLotForTask,
  disposition: { workflowId: string; parts: DispositionPart[] },
): Promise<number> {
  const { workflowId, parts } = disposition;
  const quantity = parts.filter((part) => part.kind === 'rework').reduce((sum, part) => sum + part.quantity, 0);
  if (quantity <= 0) return 0;
  const done = await tasks.run(
    {
      ...spec,
      title: `Rework ${quantity} ${lot.itemSku} of lot ${lot.lotNo}, then accept or scrap it`,
      payload: { ...lot, reworkQuantity: quantity },
      requiredFields: ['outcome'],
    },
    (payload) => findReworkProblem(payload),
  );
  const outcome = done.payload.outcome === 'accepted' ? 'accepted' : 'scrap';
  const settled = await settleInspectionRework({
    lotNo: lot.lotNo,
    workflowId,
    outcome,
    quantity,
    userName: done.completedBy,
  });
  return settled.released;
}
