import { productionOrderStart } from '../../workflows/production-order/production-order.start';
import { purchaseReceiptStart } from '../../workflows/purchase-receipt/purchase-receipt.start';
import { productionOrderStartOf, purchaseReceiptStartOf } from './release-starts';

describe("release's process starts", () => {
  test('are the starts the API queues for the same documents', () => {
    expect(purchaseReceiptStartOf('PO-000123', 'planner', 'q1')).toEqual(
      purchaseReceiptStart('PO-000123', 'planner', 'q1'),
    );
    expect(productionOrderStartOf('PRD-000045', 'anna', 'q2')).toEqual(
      productionOrderStart('PRD-000045', 'anna', 'q2'),
    );
  });
});
