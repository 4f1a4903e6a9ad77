import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { IssueResult, KitIssuePick, KitPick, ProductionCost } from '../production-order/production-order.contract';

/** The process type of a merged-issue batch (one per warehouse at a time). */
export const MERGED_ISSUE = 'merged-issue';

/** One gathering batch per warehouse: orders issuing from it join `merged-issue:<warehouseCode>`. */
export function mergedIssueWorkflowId(warehouseCode: string): string {
  return `${MERGED_ISSUE}:${warehouseCode}`;
}

/** How long a batch gathers after its first join before the pick task opens (the planner may end it early). */
export const MERGED_GATHERING_MINUTES = 30;

/** A production order's share of a batch: its merged lines' reserved picks (reserved by and owned by the order). */
export interface MergedJoin {
  orderNumber: string;
  /** The order's workflow: it owns the reservations, and is told when its share is issued. */
  workflowId: string;
  /** ISO date: orders are issued in due-date order, then by number (matters only if stock moved meanwhile). */
  dueDate: string;
  picks: KitPick[];
}

/** Input of the batch workflow; `pending` carries joins that arrived while the previous batch was picking. */
export interface MergedIssueInput {
  warehouseCode: string;
  windowMinutes: number;
  taskSlaMinutes: number;
  pending: MergedJoin[];
}

export type MergedIssueStatus = 'gathering' | 'picking' | 'issuing' | 'issued';

/** One order's part of one pick line. */
export interface MergedShare {
  orderNumber: string;
  lineNo: number;
  quantity: number;
}

/** One line of the merged pick task: an item's lot in a bin, the total to pick and per order how much is its. */
export interface MergedPickLine {
  sku: string;
  location: string;
  lotCode: string | null;
  expiresOn: string | null;
  total: number;
  shares: MergedShare[];
}

/** One pick the clerk confirms: an order's component line from one bin and lot. */
export interface MergedIssuePick extends KitIssuePick {
  orderNumber: string;
}

/** `production-merged-pick` completion payload. */
export interface MergedPickPayload {
  picks: MergedIssuePick[];
}

export type MergedOrderStatus = 'joined' | 'withdrawn' | 'issued' | 'refused';

/** The batch's live state (via the `getState` query): the console and the pick-now endpoint read it. */
export interface MergedIssueState {
  warehouseCode: string;
  /** This batch's id (its run id): the orders show it, the issue's idempotency key carries it. */
  batchId: string;
  status: MergedIssueStatus;
  step: MergedIssueStatus;
  orders: Array<{
    orderNumber: string;
    workflowId: string;
    dueDate: string;
    status: MergedOrderStatus;
    refusal?: string;
  }>;
  lines: MergedPickLine[];
  taskId: string | null;
  /** Orders that joined while this batch was picking: they go into the next batch. */
  waiting: string[];
}

export const getMergedIssueStateQuery = defineQuery<MergedIssueState>('getState');

/** An order joins the gathering batch (sent with signal-with-start: the first join starts the batch). */
export const joinMergedIssueSignal = defineSignal<[MergedJoin]>('join');
/** A cancelled order leaves the batch: its share is not issued (its cancel releases the reservations). */
export const withdrawMergedIssueSignal = defineSignal<[{ orderNumber: string }]>('withdraw');
/** The planner ends the gathering window now. */
export const pickNowSignal = defineSignal<[]>('pickNow');

// ---- what the batch tells the orders (signals of the production-order workflow) ----

/** The batch's pick task opened with the order's share in it. */
export const mergedPickingSignal = defineSignal<[{ batchId: string }]>('mergedPicking');

/** The order's share was issued (cost after it), or refused (the order reserves again and joins the next batch). */
export interface MergedIssued {
  batchId: string;
  cost: ProductionCost | null;
  refusal: string | null;
}
export const mergedIssuedSignal = defineSignal<[MergedIssued]>('mergedIssued');

// ---- activities (activities/production/merged-issue-activities.ts) ----

export interface IssueMergedShareInput {
  batchId: string;
  orderNumber: string;
  /** The order's workflow id: its reservations are consumed. */
  workflowId: string;
  picks: KitIssuePick[];
  userName: string;
}

export interface JoinMergedIssueInput {
  /** The batch's start (merged-issue.start.ts), used when no batch of the warehouse runs. */
  start: {
    workflowId: string;
    workflowType: string;
    processType: string;
    businessKey: string;
    taskQueue: string;
    args: [MergedIssueInput];
  };
  join: MergedJoin;
}

/** The batch's activities and the order's join, as the workflows call them. */
export interface MergedIssueActivities {
  /** Issues one order's share, once per batch and order (idempotency key `merged:<batchId>`). */
  issueMergedShare(input: IssueMergedShareInput): Promise<IssueResult>;
  /** Signal-with-start of the warehouse's batch with the order's join. */
  joinMergedIssue(input: JoinMergedIssueInput): Promise<void>;
}
