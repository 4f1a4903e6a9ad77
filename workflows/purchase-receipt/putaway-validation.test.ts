import type { PutawayTaskPayload, ReceivedLine } from './purchase-receipt.contract';
import { findPutawayProblem } from './putaway-validation';

function received(lineNo: number): ReceivedLine {
  return {
    lineNo,
    itemSku: `SKU-${lineNo}`,
    itemName: `Item ${lineNo}`,
    uom: 'pcs',
    quantity: 5,
    lotCode: null,
    manufacturedOn: null,
    expiresOn: null,
    moveId: 100 + lineNo,
    value: 10,
    journalEntryId: 200 + lineNo,
  };
}

const task: PutawayTaskPayload = {
  orderNumber: 'PO-001000',
  warehouseCode: 'MAIN',
  dockLocation: 'MAIN-A01',
  lines: [received(1), received(3)],
  locations: ['MAIN-A02', 'MAIN-B01'],
};

describe('findPutawayProblem', () => {
  test('accepts every received line once, into locations of the warehouse', () => {
    expect(
      findPutawayProblem(task, {
        lines: [
          { lineNo: 3, toLocation: 'MAIN-B01' },
          { lineNo: 1, toLocation: 'MAIN-B01' },
        ],
      }),
    ).toBeUndefined();
  });

  test.each([
    [{}, 'payload.lines must be a non-empty array'],
    [{ lines: [] }, 'payload.lines must be a non-empty array'],
    [{ lines: [{ lineNo: 1 }] }, 'payload.lines[0] needs a numeric lineNo and a toLocation'],
    [{ lines: [{ lineNo: '1', toLocation: 'MAIN-A02' }] }, 'payload.lines[0] needs a numeric lineNo and a toLocation'],
    [{ lines: [{ lineNo: 2, toLocation: 'MAIN-A02' }] }, 'payload.lines[0].lineNo 2 is not a received line'],
    [
      {
        lines: [
          { lineNo: 1, toLocation: 'MAIN-A02' },
          { lineNo: 1, toLocation: 'MAIN-B01' },
        ],
      },
      'payload.lines[1].lineNo 1 appears twice; put each line away once',
    ],
    [
      { lines: [{ lineNo: 1, toLocation: 'EAST-A01' }] },
      'payload.lines[0].toLocation EAST-A01 is not a location of warehouse MAIN',
    ],
    [
      { lines: [{ lineNo: 1, toLocation: 'MAIN-A01' }] },
      'payload.lines[0].toLocation MAIN-A01 is the receiving dock; choose a bin',
    ],
    [
      { lines: [{ lineNo: 1, toLocation: 'MAIN-A02' }] },
      'payload.lines must put away every received line; line 3 is missing',
    ],
  ])('rejects %j', (payload, expected) => {
    expect(findPutawayProblem(task, payload as Record<string, unknown>)).toBe(expected);
  });
});
