import type { ActivityDeps } from './context';
import { createFulfillmentActivities } from './fulfillment/fulfillment-activities';
import { createRevaluationActivities } from './inventory/revaluation-activities';
import { createInvoicingActivities } from './invoicing/invoicing-activities';
import { createProcessActivities } from './processes/process-activities';
import { createMrpActivities } from './mrp/mrp-activities';
import { createMergedIssueActivities } from './production/merged-issue-activities';
import { createProductionActivities } from './production/production-activities';
import { createQualityActivities } from './quality/quality-activities';
import { createPurchasingActivities } from './purchasing/purchasing-activities';
import { createReconciliationActivities } from './reconciliation/reconciliation-activities';
import { createStockCountActivities } from './stock-count/stock-count-activities';
import { createSubcontractActivities } from './subcontracting/subcontract-activities';
import { createSupplierReturnActivities } from './supplier-returns/supplier-return-activities';
import { createTaskActivities } from './tasks/task-activities';
import { createCarrierReceiptActivities } from './carrier-receipts/carrier-receipt-activities';
import { createAuditActivities } from './audit/audit-activities';
import { createPeriodCloseActivities } from './period-close/period-close-activities';
import { createAlertActivities } from './alerts/alert-activities';
import { createWaveActivities } from './waves/wave-activities';
import { createWaveReleaseActivities } from './wave-release/wave-release-activities';
import { createPackCheckActivities } from './pack-check/pack-check-activities';

export type { ActivityDeps } from './context';

/** Every activity the worker registers, built from its dependencies (no globals, easy to test). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProcessActivities(deps),
    ...createTaskActivities(deps),
    ...createFulfillmentActivities(deps),
    ...createPurchasingActivities(deps),
    ...createRevaluationActivities(deps),
    ...createReconciliationActivities(deps),
    ...createInvoicingActivities(deps),
    ...createStockCountActivities(deps),
    ...createSupplierReturnActivities(deps),
    ...createProductionActivities(deps),
    ...createMergedIssueActivities(deps),
    ...createMrpActivities(deps),
    ...createSubcontractActivities(deps),
    ...createCarrierReceiptActivities(deps),
    ...createQualityActivities(deps),
    ...createAuditActivities(deps),
    ...createPeriodCloseActivities(deps),
    ...createAlertActivities(deps),
    ...createWaveActivities(deps),
    ...createWaveReleaseActivities(deps),
    ...createPackCheckActivities(deps),
  };
}
