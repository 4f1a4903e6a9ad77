import { defineQuery } from '@temporalio/workflow';

/** The process type recorded in search attributes and the process-instance projection. */
export const QUALITY_INSPECTION = 'quality-inspection';

/** Workflow ids follow the inspection lot number, a new number per receipt line (stock lot codes repeat). */
export function qualityInspectionWorkflowId(lotNo: string): string {
  return `${QUALITY_INSPECTION}:${lotNo}`;
}

/** Input of the workflow: the lot was opened (numbered, sampling decided) by the receipt that started it. */
export interface QualityInspectionInput {
  lotNo: string;
  /** Minutes before an inspection, disposition or concession task escalates. */
  taskSlaMinutes: number;
  requestedBy: string;
}

export type QualityInspectionStep =
  'inspecting' | 'awaiting-disposition' | 'awaiting-concession' | 'disposing' | 'completed';

/** What opening a lot needs: one received line of one receipt, where its quarantined stock lies. */
export interface OpenInspectionLotInput {
  /** The receipt move's idempotency key: opening the same line twice finds the same lot. */
  sourceKey: string;
  source: 'purchase' | 'production' | 'subcontract';
  sourceDocument: string;
  sourceLineNo: number;
  deliveryNo: number | null;
  supplierCode: string | null;
  itemSku: string;
  stockLotCode: string | null;
  locationCode: string;
  quantity: number;
  /** The day the goods arrived: the inspection plan in effect that day is pinned. */
  receivedOn: string;
  userName: string;
}

/** The opened lot: its number and process, and whether it was released unseen (a skipped lot). */
export interface OpenedInspectionLot {
  lotNo: string;
  workflowId: string;
  status: string;
  released: boolean;
}

/** A characteristic as the inspector sees it (from the pinned plan version). */
export interface TaskCharacteristic {
  code: string;
  name: string;
  kind: 'numeric' | 'pass-fail' | 'attribute';
  nominal: number | null;
  lower: number | null;
  upper: number | null;
  unit: string | null;
  allowedValues: string[] | null;
}

/** The lot as the workflow and its tasks see it. */
export interface InspectionLotForTask {
  lotNo: string;
  status: string;
  source: string;
  sourceDocument: string;
  sourceLineNo: number;
  supplierCode: string | null;
  itemSku: string;
  itemName: string;
  stockLotCode: string | null;
  locationCode: string;
  quantity: number;
  sampleSize: number;
  ac: number | null;
  re: number | null;
  severity: string | null;
  samplingReason: string;
  /** `hold` when inspection is discontinued for the supplier: the quality engineer resumes it before inspecting. */
  samplingResult: 'skip' | 'inspect' | 'hold';
  planVersion: number | null;
  characteristics: TaskCharacteristic[];
  verdict: string | null;
  nonconformingUnits: number | null;
  readingsBy: string | null;
}

/** One reading: a characteristic on a sample unit (1 when not given). */
export interface ReadingInput {
  characteristic: string;
  value: unknown;
  sampleUnit?: number;
}

/** The readings as recorded and judged, and the lot's verdict by the plan's numbers. */
export interface RecordedReadings {
  verdict: 'accepted' | 'rejected';
  nonconformingUnits: number;
  judged: Array<{ characteristic: string; sampleUnit: number; conforms: boolean; judgement: string }>;
}

export const DISPOSITION_PART_KINDS = ['accepted', 'rework', 'rejected-return', 'rejected-scrap', 'use-as-is'] as const;
export type DispositionPartKind = (typeof DISPOSITION_PART_KINDS)[number];

/** One part of the split. */
export interface DispositionPart {
  kind: DispositionPartKind;
  quantity: number;
}

/** The quality engineer's disposition: the split (adding up to the lot) and, for rejections, the cause. */
export interface DispositionPayload {
  parts: DispositionPart[];
  cause?: string;
}

export interface DisposeInput {
  lotNo: string;
  workflowId: string;
  parts: DispositionPart[];
  cause: string | null;
  decidedBy: string;
  concessionBy: string | null;
}

/** What the disposition posted: how much became available, and what a return reopened on the purchase order. */
export interface DisposedLot {
  released: number;
  returnNumber: string | null;
  orderNumber: string | null;
  reopened: Array<{ lineNo: number; quantity: number }>;
  nonconformances: number;
}

/** The instance's state, for the console's live view. */
export interface QualityInspectionState {
  lotNo: string;
  step: QualityInspectionStep;
  itemSku: string | null;
  inspectionTaskId: string | null;
  readingsBy: string | null;
  readings: RecordedReadings | null;
  dispositionTaskId: string | null;
  decidedBy: string | null;
  concessionTaskId: string | null;
  concessionBy: string | null;
  disposed: DisposedLot | null;
}

export const getQualityInspectionStateQuery = defineQuery<QualityInspectionState>('getQualityInspectionState');
