/** The quality gate's API shapes as the console reads them (api/quality). */

/** A row of the inspection lot list (GET /api/quality/inspection-lots). */
export interface InspectionLotRow {
  lotNo: string;
  status: string;
  source: string;
  sourceDocument: string;
  supplierCode: string | null;
  itemSku: string;
  quantity: number;
  sampleSize: number;
  ac: number | null;
  re: number | null;
  severity: string | null;
  verdict: string | null;
  createdAt: string;
}

/** One lot (GET /api/inspection-lots/:lotNo): sampling decision, readings, split and nonconformances. */
export interface InspectionLotDetail extends InspectionLotRow {
  sourceLineNo: number;
  deliveryNo: number | null;
  stockLotCode: string | null;
  locationCode: string;
  workflowId: string;
  planVersion: number | null;
  nonconformingUnits: number | null;
  readingsBy: string | null;
  sampling: {
    reason: string;
    sampleReason: string;
    result: string;
    rule: string | null;
    usedDefault: boolean;
    ruleSetId: number;
    ruleSetVersion: number;
    facts: Record<string, unknown>;
    policy: Record<string, unknown>;
    outranked: Array<{ rule: string; priority: number; lostBecause: string }>;
  };
  readings: Array<{ characteristic: string; sampleUnit: number; value: unknown; conforms: boolean; judgement: string }>;
  dispositions: Array<{
    kind: string;
    quantity: number;
    decidedBy: string;
    concessionBy: string | null;
    documentRef: string | null;
  }>;
  nonconformances: Array<{ cause: string; quantity: number; supplierCode: string | null; action: string }>;
}

/** One supplier of the supplier quality report (GET /api/quality/suppliers). */
export interface SupplierQualityRow {
  supplierCode: string;
  supplierName: string;
  lots: number;
  inspected: number;
  accepted: number;
  rejected: number;
  skipped: number;
  acceptanceRate: number | null;
  switchingState: 'normal' | 'tightened' | 'reduced' | 'discontinued';
  items: Array<{ itemSku: string; lotsInspected: number; switchingState: string; reason: string }>;
  weeks: Array<{ week: string; accepted: number; rejected: number }>;
}
