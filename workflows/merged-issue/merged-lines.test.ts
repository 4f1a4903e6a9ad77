import type { MergedJoin } from './merged-issue.contract';
import { findMergedPickProblem, groupMergedLines, inPriorityOrder, picksAsReserved, shareOf } from './merged-lines';

const pick = (lineNo: number, location: string, lotCode: string | null, quantity: number, sku = 'C1') => ({
  lineNo,
  sku,
  location,
  lotCode,
  quantity,
  expiresOn: null,
});

const joins: MergedJoin[] = [
  { orderNumber: 'PRD-3', workflowId: 'w3', dueDate: '2026-12-10', picks: [pick(1, 'B1', 'L1', 2)] },
  { orderNumber: 'PRD-1', workflowId: 'w1', dueDate: '2026-12-20', picks: [pick(1, 'B1', 'L1', 1.5)] },
  {
    orderNumber: 'PRD-2',
    workflowId: 'w2',
    dueDate: '2026-12-10',
    picks: [pick(2, 'B1', 'L1', 0.1), pick(2, 'B2', null, 0.2), pick(3, 'B1', 'X', 4, 'C2')],
  },
];

describe('merged issue lines', () => {
  test('orders go by due date, then number', () => {
    expect(inPriorityOrder(joins).map((j) => j.orderNumber)).toEqual(['PRD-2', 'PRD-3', 'PRD-1']);
  });

  test('picks are summed per item, bin and lot, with each order line share in priority order', () => {
    expect(groupMergedLines(joins)).toEqual([
      {
        sku: 'C1',
        location: 'B1',
        lotCode: 'L1',
        expiresOn: null,
        total: 3.6,
        shares: [
          { orderNumber: 'PRD-2', lineNo: 2, quantity: 0.1 },
          { orderNumber: 'PRD-3', lineNo: 1, quantity: 2 },
          { orderNumber: 'PRD-1', lineNo: 1, quantity: 1.5 },
        ],
      },
      { sku: 'C1', location: 'B2', lotCode: null, expiresOn: null, total: 0.2, shares: [expect.anything()] },
      { sku: 'C2', location: 'B1', lotCode: 'X', expiresOn: null, total: 4, shares: [expect.anything()] },
    ]);
  });

  test('the picks as reserved pass, and each order gets exactly its own share', () => {
    const picks = picksAsReserved(joins);
    expect(findMergedPickProblem(joins, { picks })).toBeUndefined();
    expect(shareOf(picks, 'PRD-2')).toEqual([
      { lineNo: 2, location: 'B1', lotCode: 'L1', quantity: 0.1 },
      { lineNo: 2, location: 'B2', lotCode: null, quantity: 0.2 },
      { lineNo: 3, location: 'B1', lotCode: 'X', quantity: 4 },
    ]);
    const total = joins.flatMap((j) => j.picks).reduce((sum, p) => sum + p.quantity * 1000, 0);
    const shared = ['PRD-1', 'PRD-2', 'PRD-3'].flatMap((o) => shareOf(picks, o));
    expect(shared.reduce((sum, p) => sum + p.quantity * 1000, 0)).toBe(total);
  });

  test('a short, extra, unknown or misplaced pick is refused naming its field', () => {
    const picks = picksAsReserved(joins);
    const short = picks.map((p, i) => (i === 0 ? { ...p, quantity: 0.05 } : p));
    expect(findMergedPickProblem(joins, { picks: short })).toBe(
      'payload.picks[0].quantity must pick order PRD-2 line 2 at B1 exactly: 0.1 reserved, 0.05 picked',
    );
    expect(findMergedPickProblem(joins, { picks: [...picks, { ...picks[0], orderNumber: 'PRD-9' }] })).toBe(
      'payload.picks[5].orderNumber must name an order of this batch',
    );
    expect(findMergedPickProblem(joins, { picks: [{ ...picks[0], location: 'B9' }] })).toMatch(
      /^payload.picks\[0\].location B9 lot L1 holds nothing reserved for order PRD-2 line 2$/,
    );
    expect(findMergedPickProblem(joins, { picks: [{ ...picks[0], quantity: -1 }] })).toBe(
      'payload.picks[0].quantity must be positive',
    );
    expect(findMergedPickProblem(joins, { picks: [] })).toBe('payload.picks must be a non-empty array');
    expect(findMergedPickProblem(joins, { picks: picks.slice(1) })).toMatch(
      /^payload.picks must pick order PRD-2 line 2/,
    );
  });
});
