import { ActivityFailure, log, ParentClosePolicy, patched, proxyActivities, startChild } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { createTaskBoard } from '../human-task';
import type { PutawayResult, ReceiptResult } from '../purchase-receipt/purchase-receipt.contract';
import type { DeliveryPosted } from '../subcontract-order/subcontract-order.contract';
import { BUSINESS_KEY, CURRENT_STEP, PROCESS_TYPE } from '../search-attributes';
import {
  QUALITY_INSPECTION,
  type OpenedInspectionLot,
  type OpenInspectionLotInput,
  type QualityInspectionInput,
} from './quality-inspection.contract';

/** An inspector's or quality engineer's task may wait a shift before it escalates. */
export const INSPECTION_TASK_SLA_MINUTES = 8 * 60;

const { openInspectionLot } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Where a line whose lot cannot be opened asks for a retry: the receipt's own task board, as a task for the quality
 * engineer (the stock stays in quarantine meanwhile, which nothing allocates).
 */
export interface LotRetryDesk {
  tasks: ReturnType<typeof createTaskBoard>;
  processType: string;
  businessKey: string;
  /**
   * Set to let the receipt go on: each line's retry runs there (the receipt awaits it before it finishes). Without
   * it the retries are awaited here.
   */
  pending?: Array<Promise<unknown>>;
}

/** How the receipt around the lots takes part in them. */
export interface InspectionStartOptions {
  /**
   * A receipt that waits for its lots' outcome (a subcontract order reopens what the gate sends back): each started
   * child's completion (failure included) is pushed onto it.
   */
  finished?: Array<Promise<void>>;
  /** Without it a line whose lot cannot be opened is only logged (instances from before the retry task). */
  retryDesk?: LotRetryDesk;
}

/**
 * Opens one inspection lot per received line and starts its `quality-inspection:<lot-no>` process as a child left
 * running when the receipt moves on (ABANDON). Each line on its own, so one failed line never blocks the rest: a line
 * whose lot cannot be opened (after the activity's retries: the sampling rules retired, the database away) stays in
 * quarantine and, with a retry desk, becomes a task for the quality engineer saying why, completed once the cause is
 * fixed to try again, as often as it takes. Returns the lots opened here (not those a later retry opens).
 */
export async function startInspections(
  lines: OpenInspectionLotInput[],
  requestedBy: string,
  options: InspectionStartOptions = {},
): Promise<OpenedInspectionLot[]> {
  const { finished, retryDesk } = options;
  const start = async (lot: OpenedInspectionLot): Promise<OpenedInspectionLot | null> => {
    const args: QualityInspectionInput = { lotNo: lot.lotNo, taskSlaMinutes: INSPECTION_TASK_SLA_MINUTES, requestedBy };
    try {
      const child = await startChild('qualityInspection', {
        workflowId: lot.workflowId,
        args: [args],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: PROCESS_TYPE, value: QUALITY_INSPECTION },
          { key: BUSINESS_KEY, value: lot.lotNo },
          { key: CURRENT_STEP, value: 'started' },
        ],
      });
      finished?.push(
        child.result().then(
          () => undefined,
          (error: unknown) => log.warn('inspection ended without a result', { lotNo: lot.lotNo, error: String(error) }),
        ),
      );
      return lot;
    } catch (error) {
      log.warn('inspection not started', { lotNo: lot.lotNo, error: String(error) });
      return null;
    }
  };
  const opened = await Promise.all(
    lines.map(async (line) => {
      let lot: OpenedInspectionLot;
      try {
        lot = await openInspectionLot(line);
      } catch (error) {
        log.warn('inspection lot not opened', { sourceKey: line.sourceKey, error: String(error) });
        if (!retryDesk || !patched('inspection-lot-retry-task')) return null;
        const retrying = retryUntilOpened(line, error, retryDesk).then(start);
        if (!retryDesk.pending) return retrying;
        retryDesk.pending.push(retrying);
        return null;
      }
      return start(lot);
    }),
  );
  return opened.filter((lot): lot is OpenedInspectionLot => lot !== null);
}

/** Why an activity failed, in the words of its own failure. */
function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** A retry task's id: stable per line and attempt (the line's source key is unique), within the column's 100. */
function retryTaskId(line: OpenInspectionLotInput, attempt: number): string {
  const id = `${line.sourceKey}:lot-retry-${attempt}`.replace(/[^A-Za-z0-9:._-]/g, '-');
  return id.length <= 100 ? id : `${id.slice(0, 60)}~${id.slice(-39)}`;
}

/** A task for the quality engineer per failed attempt, then the lot opened again, until it opens. */
async function retryUntilOpened(
  line: OpenInspectionLotInput,
  firstError: unknown,
  desk: LotRetryDesk,
): Promise<OpenedInspectionLot> {
  let error = firstError;
  for (let attempt = 1; ; attempt += 1) {
    const where = `${line.sourceDocument} line ${line.sourceLineNo}${line.deliveryNo ? ` (delivery ${line.deliveryNo})` : ''}`;
    await desk.tasks.run({
      taskId: retryTaskId(line, attempt),
      taskType: 'inspection-lot-retry',
      formKind: 'inspection-lot-retry',
      title: `Inspection lot of ${line.quantity} ${line.itemSku} from ${where} could not be opened: fix the cause, then complete to try again`,
      processType: desk.processType,
      businessKey: desk.businessKey,
      candidateRole: 'quality-engineer',
      priority: 'high',
      slaMs: INSPECTION_TASK_SLA_MINUTES * 60_000,
      payload: { ...line, error: failureMessage(error), attempt },
      requiredFields: [],
    });
    try {
      return await openInspectionLot(line);
    } catch (again) {
      log.warn('inspection lot still not opened', { sourceKey: line.sourceKey, attempt, error: String(again) });
      error = again;
    }
  }
}

/**
 * The lines of a purchase delivery that landed in quarantine, as inspection lots to open where the putaway took them
 * (the dock when a line was not moved). The source key is the receipt move's idempotency key
 * (activities/purchasing/receive-purchase-order.ts), so a lot is found again by the receipt it came in with.
 */
export function purchaseInspectionLines(
  receipt: ReceiptResult,
  putaway: PutawayResult,
  context: {
    workflowId: string;
    orderNumber: string;
    deliveryNo: number;
    supplierCode: string | null;
    userName: string;
  },
): OpenInspectionLotInput[] {
  const receivedOn = (receipt.receivedAt ?? new Date().toISOString()).slice(0, 10);
  return receipt.lines
    .filter((line) => line.stockStatus === 'quarantine')
    .map((line) => ({
      sourceKey: `${context.workflowId}:receipt:d${context.deliveryNo}:${line.lineNo}`,
      source: 'purchase' as const,
      sourceDocument: context.orderNumber,
      sourceLineNo: line.lineNo,
      deliveryNo: context.deliveryNo,
      supplierCode: context.supplierCode,
      itemSku: line.itemSku,
      stockLotCode: line.lotCode,
      locationCode: putaway.moves.find((move) => move.lineNo === line.lineNo)?.toLocation ?? receipt.dockLocation,
      quantity: line.quantity,
      receivedOn,
      userName: context.userName,
    }));
}

/**
 * A subcontract delivery that landed in quarantine, as its one inspection lot (source `subcontract`; the document is
 * the subcontract order, the supplier its subcontractor). The source key is the finished goods' receipt move key
 * (activities/subcontracting/receive-delivery.ts), so a lot is found again by the receipt it came in with.
 */
export function subcontractInspectionLines(
  delivery: DeliveryPosted,
  context: { orderNumber: string; supplierCode: string; itemSku: string; userName: string },
): OpenInspectionLotInput[] {
  if (delivery.stockStatus !== 'quarantine' || !delivery.receiptKey || !delivery.location) return [];
  return [
    {
      sourceKey: delivery.receiptKey,
      source: 'subcontract',
      sourceDocument: context.orderNumber,
      sourceLineNo: 1,
      deliveryNo: delivery.deliveryNo,
      supplierCode: context.supplierCode,
      itemSku: context.itemSku,
      stockLotCode: delivery.lotCode,
      locationCode: delivery.location,
      quantity: delivery.finishedQuantity,
      receivedOn: (delivery.receivedAt ?? new Date().toISOString()).slice(0, 10),
      userName: context.userName,
    },
  ];
}
