import { subcontractInspectionLines } from '../quality-inspection/start-inspections';
import type { DeliveryPosted } from './subcontract-order.contract';

const delivery: DeliveryPosted = {
  deliveryNo: 2,
  finishedQuantity: 3,
  lotCode: 'FG-2',
  consumed: [],
  componentsValue: 18.6,
  feeAccrued: 9,
  finishedValue: 27.6,
  decisionId: null,
  orderStatus: 'received',
  stockStatus: 'quarantine',
  location: 'SCW-A',
  receiptKey: 'subcontract:SC-000001:d2:finished',
  receivedAt: '2026-12-03T04:00:00.000Z',
  redelivered: 3,
};
const context = { orderNumber: 'SC-000001', supplierCode: 'SUB-1', itemSku: 'FG', userName: 'clerk' };

describe('a subcontract delivery as inspection lots', () => {
  test('a quarantined delivery is one lot from the subcontract order, found again by its receipt move', () => {
    expect(subcontractInspectionLines(delivery, context)).toEqual([
      {
        sourceKey: 'subcontract:SC-000001:d2:finished',
        source: 'subcontract',
        sourceDocument: 'SC-000001',
        sourceLineNo: 1,
        deliveryNo: 2,
        supplierCode: 'SUB-1',
        itemSku: 'FG',
        stockLotCode: 'FG-2',
        locationCode: 'SCW-A',
        quantity: 3,
        receivedOn: '2026-12-03',
        userName: 'clerk',
      },
    ]);
  });

  test('a delivery received as available (no plan, or before the gate) opens no lot', () => {
    expect(subcontractInspectionLines({ ...delivery, stockStatus: 'available' }, context)).toEqual([]);
    expect(subcontractInspectionLines({ ...delivery, stockStatus: undefined }, context)).toEqual([]);
  });
});
