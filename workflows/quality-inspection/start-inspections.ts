import { log, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
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
 * Opens one inspection lot per received line and starts its `quality-inspection:<lot-no>` process as a child left
 * running when the receipt moves on (ABANDON). Each line on its own: a line whose lot cannot be opened or started is
 * logged and left in quarantine (visible in stock as such) while the other lines go on, so one failed line never blocks
 * the rest. Returns the lots opened. A receipt that waits for its lots' outcome (a subcontract order reopens what the
 * gate sends back) passes `finished`: each started child's completion (failure included) is pushed onto it.
 */
export async function startInspections(
  lines: OpenInspectionLotInput[],
  requestedBy: string,
  finished?: Array<Promise<void>>,
): Promise<OpenedInspectionLot[]> {
  const opened = await Promise.all(
    lines.map(async (line) => {
      try {
        const lot = await openInspectionLot(line);
        const args: QualityInspectionInput = {
          lotNo: lot.lotNo,
          taskSlaMinutes: INSPECTION_TASK_SLA_MINUTES,
          requestedBy,
        };
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
            (error: unknown) =>
              log.warn('inspection ended without a result', { lotNo: lot.lotNo, error: String(error) }),
          ),
        );
        return lot;
      } catch (error) {
        log.warn('inspection lot not opened', { sourceKey: line.sourceKey, error: String(error) });
        return null;
      }
    }),
  );
  return opened.filter((lot): lot is OpenedInspectionLot => lot !== null);
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
