import { accruedToClear, openFeeQuantity, type FeeLineRow } from './fee-invoice-queries';
import { explainFeeDifference } from './post-fee-invoice';

/** A fee line on a delivery of 3 units that accrued 10.00 (3.333... each), nothing settled yet. */
const line = (overrides: Partial<FeeLineRow>): FeeLineRow =>
  ({
    quantity: 1,
    finishedQuantity: 3,
    feeAccruedCents: 1000,
    settledQuantity: 0,
    settledCents: 0,
    deliveryStatus: 'received',
    ...overrides,
  }) as FeeLineRow;

describe('the accrual a fee-invoice line clears', () => {
  test('a part clears its rounded share; the line finishing the delivery clears exactly what is left', () => {
    expect(accruedToClear(line({ quantity: 1 }))).toBe(333);
    expect(accruedToClear(line({ quantity: 1, settledQuantity: 1, settledCents: 333 }))).toBe(333);
    // 333 + 333 + 334 = 1000: the delivery's 2300 ends at exactly zero.
    expect(accruedToClear(line({ quantity: 1, settledQuantity: 2, settledCents: 666 }))).toBe(334);
  });

  test('nothing is open on a delivery invoiced in full or rejected at the quality gate', () => {
    expect(openFeeQuantity(line({ settledQuantity: 3, settledCents: 1000 }))).toBe(0);
    expect(openFeeQuantity(line({ deliveryStatus: 'rejected' }))).toBe(0);
    expect(accruedToClear(line({ deliveryStatus: 'rejected' }))).toBe(0);
  });
});

describe('the explanation on the order', () => {
  test('names the difference, the part on hand and each account in words', () => {
    expect(explainFeeDifference(1240, { onHandCents: 800, issued: { '5000': 440 } })).toBe(
      'fee difference +12.40: 8.00 on hand, 4.40 COGS (5000)',
    );
    expect(explainFeeDifference(-300, { onHandCents: 0, issued: { '1400': -100, '5500': -200 } })).toBe(
      'fee difference -3.00: -1.00 WIP (1400), -2.00 production variance (5500)',
    );
    expect(explainFeeDifference(0, { onHandCents: 0, issued: {} })).toBe('fee as accrued: no difference');
  });
});
