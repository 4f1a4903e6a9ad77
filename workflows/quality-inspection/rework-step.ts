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

/**
 * Inspection of the supplier is discontinued (ISO 2859-1 9.4): the lot is held until the quality engineer confirms the
 * supplier's corrective action and resumes inspection (this lot then inspected whole, the next under tightened).
 */
export async function resumeStep(
  tasks: ReturnType<typeof createTaskBoard>,
  spec: Omit<HumanTaskSpec, 'title' | 'payload' | 'requiredFields'>,
  lot: InspectionLotForTask,
): Promise<void> {
  await tasks.run(
    {
      ...spec,
      title: `Inspection of ${lot.supplierCode ?? 'the source'} is discontinued: resume it to inspect lot ${lot.lotNo}`,
      payload: { ...lot },
      requiredFields: ['resume'],
    },
    (payload) => (payload.resume === true ? undefined : 'payload.resume must be true once the supplier has acted'),
  );
}
