import { defineUpdate } from '@temporalio/workflow';
import type { OrderFulfillmentState } from './order-fulfillment.contract';

/**
 * Pack check (issue 20): before a shipment is confirmed, every package's content is checked by scanning or typing
 * item, lot and quantity. The workflow knows what each package should hold (the packer's packages, filled with the
 * lots that were picked); the clerk's scans are compared line by line and a mismatch names the line and the field.
 */

/** One line a package should hold: an item, one lot of it (null for items without lots) and the quantity. */
export interface PackCheckLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
  quantity: number;
}

/** One package to check, with who checked it and when (null until its content matched). */
export interface PackCheckPackage {
  packageNo: string;
  dock: string | null;
  lines: PackCheckLine[];
  checkedBy: string | null;
  checkedAt: string | null;
}

/** The pack check of one dispatch: the ship task it guards and its packages. */
export interface PackCheckState {
  shipTaskId: string;
  round: number;
  packages: PackCheckPackage[];
}

/**
 * The order's live state with its pack check: the pack check of the dispatch waiting to ship (every dispatch has one
 * unless its customer or a warehouse it is staged in opted out); absent or null when none is required (an opt-out, or
 * a history from before the pack check existed).
 */
export type StateWithPackCheck = OrderFulfillmentState & { packCheck?: PackCheckState | null };

/** The pack check in an order's state (from the `getState` query), if any. */
export function packCheckOf(state: OrderFulfillmentState | null | undefined): PackCheckState | null {
  return (state as StateWithPackCheck | null | undefined)?.packCheck ?? null;
}

/** One line as the clerk scanned or typed it. */
export interface ScannedLine {
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}

/** One problem of an attempt: the path of the scanned field (`lines[1].lotCode`) or `lines` for a missing line. */
export interface PackCheckProblem {
  path: string;
  message: string;
}

/** What the API sends once a package's scans matched; the validator compares them again. */
export interface RecordPackCheckArgs {
  packageNo: string;
  lines: ScannedLine[];
  checkedBy: string;
}

export interface PackCheckRecorded {
  packageNo: string;
  checkedBy: string;
  checkedAt: string;
  /** Whether every package of the shipment has now passed its check (the shipment may be confirmed). */
  allChecked: boolean;
}

/** Records a package whose content matched; refused (naming the line and field) when it does not. */
export const recordPackCheckUpdate = defineUpdate<PackCheckRecorded, [RecordPackCheckArgs]>('recordPackCheck');

/** Prefixes of the update's rejections, so the API maps them to statuses without parsing prose. */
export const PACK_CHECK_REJECTION = {
  notOpen: 'PACK_CHECK_NOT_OPEN',
  mismatch: 'PACK_CHECK_MISMATCH',
} as const;
