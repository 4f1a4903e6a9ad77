/**
 * The production activities' own shapes; their inputs and results are the workflow's contract
 * (workflows/production-order/production-order.contract.ts), re-exported here for the activity files.
 */
export type {
  CancelProductionOrderInput,
  CloseProductionOrderInput,
  CompleteProductionOrderInput,
  CompletionReceived,
  IssueKitInput,
  IssueResult,
  KitIssuePick,
  KitPick,
  KitReservation,
  OperationReported,
  ProductionActivities,
  ProductionCost,
  ReleasedOrder,
  ReportOperationInput,
  ReserveKitInput,
} from '../../workflows/production-order/production-order.contract';

/** Failure types the activities refuse with (ApplicationFailure.type, non-retryable): an answer for people. */
export type ProductionRefusal =
  'RELEASE_REFUSED' | 'ISSUE_REFUSED' | 'REPORT_REFUSED' | 'CLOSE_REFUSED' | 'CANCEL_REFUSED';

/** One component quantity moved into (or back out of) the order's WIP, at the value the books gave it. */
export interface PostedComponent {
  lineNo: number;
  sku: string;
  location: string;
  lotCode: string | null;
  quantity: number;
  value: number;
}
