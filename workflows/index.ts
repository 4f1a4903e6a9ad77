/** The one barrel the worker bundles: every workflow function the platform runs. */
export { orderFulfillment } from './order-fulfillment/order-fulfillment.workflow';
export { inventoryRevaluation } from './revaluation/revaluation.workflow';
export { purchaseReceipt } from './purchase-receipt/purchase-receipt.workflow';
export { reconciliation } from './reconciliation/reconciliation.workflow';
export { supplierReturn } from './supplier-return/supplier-return.workflow';
export { stockCount } from './stock-count/stock-count.workflow';
export { cycleCountPlanning } from './stock-count/cycle-count.workflow';
export { supplierInvoice } from './supplier-invoice/supplier-invoice.workflow';
export { productionOrder } from './production-order/production-order.workflow';
export { mergedIssue } from './merged-issue/merged-issue.workflow';
export { mrpRun } from './mrp-run/mrp-run.workflow';
export { mrpNetChange } from './mrp-net-change/mrp-net-change.workflow';
export { subcontractOrder } from './subcontract-order/subcontract-order.workflow';
export { carrierReceipt } from './carrier-receipt/carrier-receipt.workflow';
export { qualityInspection } from './quality-inspection/quality-inspection.workflow';
export { auditSeal } from './audit-seal/audit-seal.workflow';
export { periodClose } from './period-close/period-close.workflow';
