import { invoiceMatchPolicySchema } from '../rule-sets';
import { validateRuleSet } from '../rule-sets';
import { matchLine } from './match';
import { splitPriceDifference } from './price-difference';

const policy = invoiceMatchPolicySchema.parse({ priceTolerancePercent: 2, priceToleranceAmount: 50 });
const line = { lineNo: 1, invoicedQuantity: 10, receiptUnitPrice: 4, openReceivedQuantity: 10 };

describe('invoice match', () => {
  test('a price within 2 % of the receipt value passes; just above it does not', () => {
    expect(matchLine({ ...line, invoiceUnitPrice: 4.08 }, policy)).toMatchObject({
      priceVarianceCents: 80,
      priceBaseCents: 4000,
      within: true,
    });
    expect(matchLine({ ...line, invoiceUnitPrice: 4.09 }, policy)).toMatchObject({ priceWithin: false, within: false });
    // Cheaper by more than the tolerance is a mismatch too.
    expect(matchLine({ ...line, invoiceUnitPrice: 3.9 }, policy).priceWithin).toBe(false);
  });

  test('the absolute amount caps the percentage: the stricter limit applies', () => {
    const big = { lineNo: 1, invoicedQuantity: 1000, receiptUnitPrice: 10, openReceivedQuantity: 1000 };
    // 1 % of 10,000.00 is 100.00: inside 2 %, outside the 50.00 cap.
    expect(matchLine({ ...big, invoiceUnitPrice: 10.1 }, policy).priceWithin).toBe(false);
    expect(matchLine({ ...big, invoiceUnitPrice: 10.05 }, policy).priceWithin).toBe(true);
  });

  test('billing less than was received passes by default and fails a strict quantity tolerance', () => {
    const partial = { ...line, invoicedQuantity: 4, invoiceUnitPrice: 4 };
    expect(matchLine(partial, policy).within).toBe(true);
    const strict = invoiceMatchPolicySchema.parse({ priceTolerancePercent: 2, quantityTolerancePercent: 10 });
    expect(matchLine(partial, strict)).toMatchObject({ quantityVarianceCents: 2400, quantityWithin: false });
  });

  test('invoice-match content validates with its facts and rejects unknown policy keys', () => {
    const ok = validateRuleSet('invoice-match', {
      rules: [
        {
          name: 'supplier-nord-tight',
          conditions: { all: [{ fact: 'supplier.code', operator: 'equal', value: 'S-NORD' }] },
          event: { type: 'policy', params: { priceTolerancePercent: 0.5 } },
        },
      ],
      defaultPolicy: { priceTolerancePercent: 2 },
    });
    expect(ok.ok).toBe(true);
    const bad = validateRuleSet('invoice-match', { rules: [], defaultPolicy: { priceTolerance: 2 } });
    expect(bad.ok).toBe(false);
  });
});

describe('price difference after the fact', () => {
  test('splits by quantity on hand and issued, to the accounts the issues booked, summing exactly', () => {
    const split = splitPriceDifference(
      1000,
      {
        onHandQuantity: 4,
        issued: [
          { moveId: 7, quantity: 3, account: '5000' },
          { moveId: 8, quantity: 3, account: '5300' },
        ],
      },
      '5400',
    );
    expect(split).toEqual({
      onHandCents: 400,
      issued: [
        { moveId: 7, account: '5000', cents: 300 },
        { moveId: 8, account: '5300', cents: 300 },
      ],
    });
    const odd = splitPriceDifference(
      -100,
      { onHandQuantity: 1, issued: [{ moveId: 1, quantity: 2, account: '5000' }] },
      '5400',
    );
    expect(odd.onHandCents + odd.issued.reduce((sum, s) => sum + s.cents, 0)).toBe(-100);
  });
});
