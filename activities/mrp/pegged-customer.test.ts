import type { Peg } from '../../rules/mrp';
import { demandShares, peggedCustomer, type DemandShare } from './pegged-customer';

const peg = (kind: Peg['kind'], ref: string, quantity: number): Peg => ({ kind, ref, quantity, date: '2026-12-10' });
const customerOf = new Map([
  ['SO-000001', 'ACME'],
  ['SO-000002', 'ACME'],
  ['SO-000003', 'BETA'],
]);
const decide = (quantity: number, shares: DemandShare[]) =>
  peggedCustomer({ sku: 'FG', componentSku: 'LINER', quantity, shares, customerOf });

describe('demandShares', () => {
  test('follows dependent pegs through parents, splitting by the parent’s pegs', async () => {
    // SUB/1/1 (8) serves the parent PRD/1/1 (10: 6 for SO-000001/1, 4 safety stock), which serves it all.
    const parents = new Map([['PRD/1/1', [peg('sales-order', 'SO-000001/1', 6), peg('safety-stock', 'PRD', 4)]]]);
    const shares = await demandShares([peg('dependent', 'PRD/1/1', 8)], async (ref) => parents.get(ref));
    expect(shares.map((s) => [s.kind, s.ref, Math.round(s.quantity * 1000) / 1000])).toEqual([
      ['sales-order', 'SO-000001/1', 4.8],
      ['safety-stock', 'PRD', 3.2],
    ]);
  });

  test('a parent the run does not hold stays a dependent share', async () => {
    const shares = await demandShares([peg('dependent', 'GONE/1/1', 3)], async () => undefined);
    expect(shares).toEqual([{ kind: 'dependent', ref: 'GONE/1/1', quantity: 3 }]);
  });
});

describe('peggedCustomer', () => {
  test('one customer’s orders covering the quantity: that customer', () => {
    const shares = [peg('sales-order', 'SO-000001/1', 3), peg('sales-order', 'SO-000002/2', 2)];
    expect(decide(5, shares)).toEqual({ customerCode: 'ACME' });
    // A lot-size remainder the planner approved away (5 of 8 approved) does not stand in the way.
    expect(decide(5, [...shares, peg('lot-size-remainder', 'FG', 3)])).toEqual({ customerCode: 'ACME' });
  });

  test('several customers: refused naming each customer and order', () => {
    const result = decide(5, [peg('sales-order', 'SO-000001/1', 3), peg('sales-order', 'SO-000003/1', 2)]);
    expect(result).toEqual({
      reason:
        "FG is made with LINER, which the customer it is made for supplies, but it serves several customers' orders " +
        '(ACME: sales order SO-000001/1 3, BETA: sales order SO-000003/1 2): release one subcontract order per customer by hand',
    });
  });

  test('no customer (forecast, safety stock): refused naming the demand', () => {
    const result = decide(7, [peg('forecast', 'FC-9', 5), peg('safety-stock', 'FG', 2)]);
    expect(result).toEqual({
      reason:
        "FG is made with LINER, which the customer it is made for supplies, but none of its demand is a customer's order " +
        "(forecast FC-9 5; safety stock 2), so no customer's material can go into it",
    });
  });

  test('one customer covering only part: refused, saying what to approve', () => {
    const result = decide(8, [peg('sales-order', 'SO-000001/1', 5), peg('lot-size-remainder', 'FG', 3)]);
    expect(result).toEqual({
      reason:
        "FG is made with LINER, which the customer it is made for supplies, but only 5 of 8 serves customer ACME's order " +
        '(sales order SO-000001/1 5); the rest is lot-size remainder 3: approve 5 to release it for ACME',
    });
  });
});
