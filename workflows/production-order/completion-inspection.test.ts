import { productionInspectionLines } from './completion-inspection';
import type { CompletionReceived } from './production-order.contract';

const cost = { material: 10, labour: 5, overhead: 2, completed: 17, variance: 0, wip: 0 };
const received: CompletionReceived = {
  good: 4,
  value: 17,
  completedQuantity: 4,
  completed: true,
  cost,
  stockStatus: 'quarantine',
  completionNo: 2,
  receiptKey: 'production:PRD-1:production-order:PRD-1:completion:3:receipt',
  toLocation: 'MAIN-C08',
  lotCode: 'PRD-1',
  receivedOn: '2026-12-03',
};
const context = { orderNumber: 'PRD-1', itemSku: 'FG-1', userName: 'carla' };

describe('productionInspectionLines', () => {
  test('a quarantined completion is one production lot: no supplier, the completion number as line and delivery', () => {
    expect(productionInspectionLines(received, context)).toEqual([
      {
        sourceKey: received.receiptKey,
        source: 'production',
        sourceDocument: 'PRD-1',
        sourceLineNo: 2,
        deliveryNo: 2,
        supplierCode: null,
        itemSku: 'FG-1',
        stockLotCode: 'PRD-1',
        locationCode: 'MAIN-C08',
        quantity: 4,
        receivedOn: '2026-12-03',
        userName: 'carla',
      },
    ]);
  });

  test('goods that landed available, or a result from before the gate, open no lot', () => {
    expect(productionInspectionLines({ ...received, stockStatus: 'available' }, context)).toEqual([]);
    const { good, value, completedQuantity, completed } = received;
    expect(productionInspectionLines({ good, value, completedQuantity, completed, cost }, context)).toEqual([]);
  });
});
