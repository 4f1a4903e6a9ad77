/** One line a package should hold (GET /api/orders/:orderNumber/pack-check). */
export interface PackCheckLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
  quantity: number;
}

export interface PackCheckPackage {
  packageNo: string;
  dock: string | null;
  lines: PackCheckLine[];
  checkedBy: string | null;
  checkedAt: string | null;
  attempts: number;
}

export interface PackCheckView {
  orderNumber: string;
  customerName: string | null;
  step: string;
  required: boolean;
  open: boolean;
  shipTaskId: string | null;
  packages: PackCheckPackage[];
  attempts: Array<{ packageNo: string; matched: boolean; checkedBy: string; checkedAt: string }>;
}

/** One line as scanned or typed. */
export interface ScannedLine {
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}

export interface PackCheckRecorded {
  packageNo: string;
  checkedBy: string;
  checkedAt: string;
  allChecked: boolean;
}
