import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { createTaskBoard } from '../human-task';
import { processSteps } from '../process-steps';
import { purchaseReceiptStart } from '../purchase-receipt/purchase-receipt.start';
import { wakeBackorders } from '../purchase-receipt/receipt-followups';
import { findConcessionProblem, findDispositionProblem, findReadingsProblem } from './inspection-validation';
import { resumeStep, reworkStep } from './rework-step';
import {
  getQualityInspectionStateQuery,
  QUALITY_INSPECTION,
  type DispositionPart,
  type InspectionLotForTask,
  type QualityInspectionInput,
  type QualityInspectionState,
  type QualityInspectionStep,
  type ReadingInput,
} from './quality-inspection.contract';

/** Database activities are short; a crashed worker's attempt is retried on another after this timeout. */
const DB_ACTIVITY = { startToCloseTimeout: '20 seconds', retry: { maximumInterval: '10 seconds' } } as const;

const {
  loadInspectionLot,
  recordInspectionReadings,
  awaitInspectionConcession,
  disposeInspectionLot,
  reopenPurchaseReceipt,
} = proxyActivities<ReturnType<typeof createActivities>>(DB_ACTIVITY);

/**
 * Quality inspection of one lot (`quality-inspection:<lot-no>`), started by the receipt for each received line whose
 * item has an inspection plan; the receipt opened the lot (numbered, sampling decided, a skipped lot already
 * released). An inspector records readings of the sample (validated against the pinned plan) -> the lot is accepted or
 * rejected by the plan's numbers -> a quality engineer splits it (accepted, rework, returned, scrapped, use-as-is) ->
 * a use-as-is needs a concession by a second approver, never the one who recorded the readings (refused concession:
 * the split is asked again) -> the split posts in one transaction -> a return reopens the purchase order's quantity
 * on its receipt, released stock wakes the orders waiting for it.
 */
export async function qualityInspection(input: QualityInspectionInput): Promise<QualityInspectionState> {
  const { workflowId } = workflowInfo();
  const state: QualityInspectionState = {
    lotNo: input.lotNo,
    step: 'inspecting',
    itemSku: null,
    inspectionTaskId: null,
    readingsBy: null,
    readings: null,
    dispositionTaskId: null,
    decidedBy: null,
    concessionTaskId: null,
    concessionBy: null,
    disposed: null,
  };
  setHandler(getQualityInspectionStateQuery, () => state);
  const tasks = createTaskBoard();
  const instance = { processType: QUALITY_INSPECTION, businessKey: input.lotNo };
  const { enter, run } = processSteps<QualityInspectionStep>(instance, state);
  const slaMs = input.taskSlaMinutes * 60_000;
  const task = (kind: string, role: string, title: string, payload: Record<string, unknown>, required: string[]) => ({
    ...instance,
    candidateRole: role,
    taskId: `${workflowId}:${kind}`,
    // A repeated task (`disposition-2` after a refused concession) keeps its type and form: only its id counts up.
    taskType: kind.replace(/-\d+$/, ''),
    title,
    priority: 'normal' as const,
    slaMs,
    formKind: kind.replace(/-\d+$/, ''),
    payload,
    requiredFields: required,
  });

  return run(async () => {
    let lot: InspectionLotForTask = await loadInspectionLot({ lotNo: input.lotNo });
    state.itemSku = lot.itemSku;
    if (lot.status === 'released') {
      await wakeBackorders([lot.itemSku]);
      await enter('completed', 'completed');
      return state;
    }
    if (lot.status === 'inspecting') {
      await enter('inspecting');
      if (lot.samplingResult === 'hold') await resumeStep(tasks, task('resume', 'quality-engineer', '', {}, []), lot);
      state.inspectionTaskId = `${workflowId}:inspection`;
      const what = `${lot.sampleSize} of ${lot.quantity} ${lot.itemSku}`;
      const readings = await tasks.run(
        task('inspection', 'inspector', `Inspect ${what} (lot ${lot.lotNo})`, { ...lot }, ['readings']),
        (payload) => findReadingsProblem(lot, payload),
      );
      state.readingsBy = readings.completedBy;
      state.readings = await recordInspectionReadings({
        lotNo: input.lotNo,
        readings: readings.payload.readings as ReadingInput[],
        userName: readings.completedBy,
      });
      lot = await loadInspectionLot({ lotNo: input.lotNo });
    }
    const readingsBy = lot.readingsBy ?? state.readingsBy;
    let refusal: string | undefined;
    let dispositionParts: DispositionPart[] = [];
    for (let attempt = 1; state.disposed === null; attempt += 1) {
      const suffix = attempt === 1 ? '' : `-${attempt}`;
      await enter('awaiting-disposition');
      state.dispositionTaskId = `${workflowId}:disposition${suffix}`;
      const payload = refusal === undefined ? { ...lot } : { ...lot, refusal };
      const title = `Dispose lot ${lot.lotNo} (${lot.verdict ?? 'judged'}): ${lot.quantity} ${lot.itemSku}`;
      const decision = await tasks.run(
        task(`disposition${suffix}`, 'quality-engineer', title, payload, ['parts']),
        (answer) => findDispositionProblem(lot, answer),
      );
      state.decidedBy = decision.completedBy;
      const parts = decision.payload.parts as DispositionPart[];
      const cause = typeof decision.payload.cause === 'string' ? decision.payload.cause : null;
      let concessionBy: string | null = null;
      if (parts.some((part) => part.kind === 'use-as-is')) {
        await enter('awaiting-concession');
        await awaitInspectionConcession({ lotNo: input.lotNo });
        state.concessionTaskId = `${workflowId}:concession${suffix}`;
        const concession = await tasks.run(
          task(
            `concession${suffix}`,
            'quality-engineer',
            `Approve use-as-is of lot ${lot.lotNo} (${lot.itemSku})`,
            { ...lot, parts, cause, decidedBy: decision.completedBy },
            ['approved'],
          ),
          (answer, by) => findConcessionProblem(readingsBy, answer, by),
        );
        if (concession.payload.approved !== true) {
          refusal = `${concession.completedBy} refused the use-as-is concession: split the lot again`;
          continue;
        }
        concessionBy = concession.completedBy;
        state.concessionBy = concessionBy;
      }
      await enter('disposing');
      dispositionParts = parts;
      state.disposed = await disposeInspectionLot({
        lotNo: input.lotNo,
        workflowId,
        parts,
        cause,
        decidedBy: decision.completedBy,
        concessionBy,
      });
    }
    const { disposed } = state;
    if (disposed === null) throw new Error(`lot ${input.lotNo} ended without a disposition`);
    if (disposed.orderNumber !== null && disposed.reopened.length > 0) {
      const start = purchaseReceiptStart(
        disposed.orderNumber,
        state.decidedBy ?? input.requestedBy,
        workflowInfo().taskQueue,
      );
      await reopenPurchaseReceipt({ start, lines: disposed.reopened });
    }
    if (disposed.released > 0) await wakeBackorders([lot.itemSku]);
    const reworked = await reworkStep(tasks, task('rework', 'quality-engineer', '', {}, []), lot, {
      workflowId,
      parts: dispositionParts,
    });
    if (reworked > 0) await wakeBackorders([lot.itemSku]);
    await enter('completed', 'completed');
    return state;
  });
}
