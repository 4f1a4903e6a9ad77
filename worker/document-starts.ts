import type { DocumentStarts } from '../activities/context';
import { productionOrderStart } from '../workflows/production-order/production-order.start';
import { purchaseReceiptStart } from '../workflows/purchase-receipt/purchase-receipt.start';
import { subcontractOrderStart } from '../workflows/subcontract-order/subcontract-order.start';

/** The start builders the API uses, handed to the activities that create documents (MRP release). */
export const documentStarts: DocumentStarts = {
  purchaseReceipt: purchaseReceiptStart,
  productionOrder: productionOrderStart,
  subcontractOrder: subcontractOrderStart,
};
