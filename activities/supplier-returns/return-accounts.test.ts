import { returnJournalLines, splitReturn } from './return-accounts';

const receipt = { qty: 10_000, unitPrice: 4.25, returnedToGrni: 0 };

describe('splitReturn', () => {
  test('not invoiced: GRNI at the receipt price, no variance when the layer holds that price', () => {
    expect(splitReturn(3000, receipt, { qty: 0, unitPrice: null }, 1275)).toEqual({
      grniQty: 3000,
      grniCents: 1275,
      payableCents: 0,
      varianceCents: 0,
    });
  });

  test('partly invoiced: the not-invoiced rest from GRNI, the remainder a debit note at the invoice price', () => {
    const split = splitReturn(4000, { ...receipt, returnedToGrni: 1000 }, { qty: 7000, unitPrice: 4.5 }, 1800);
    expect(split).toEqual({ grniQty: 2000, grniCents: 850, payableCents: 900, varianceCents: 50 });
    expect(returnJournalLines(split, 1800)).toEqual([
      { account: '2100', debitCents: 850 },
      { account: '2200', debitCents: 900 },
      { account: '5400', debitCents: 50 },
      { account: '1300', creditCents: 1800 },
    ]);
  });

  test('a layer below the price cleared credits the variance', () => {
    const split = splitReturn(2000, receipt, { qty: 0, unitPrice: null }, 800);
    expect(returnJournalLines(split, 800)).toContainEqual({ account: '5400', creditCents: 50 });
  });
});
