/**
 * The pack-check screen turns a scanned line checked when it matches a line the package should hold
 * (ui/src/app/features/pack-check/pack-check-lines.ts); the server decides with comparePackage. This checks the
 * screen's matching against the server's on the same scans, so the screen never shows checked what the server refuses.
 */
import { comparePackage } from '../../workflows/order-fulfillment/pack-check-rules';
import type { PackCheckPackage } from '../../workflows/order-fulfillment/pack-check.contract';
import { matchLines, parseScan } from '../../ui/src/app/features/pack-check/pack-check-lines';

const pkg: PackCheckPackage = {
  packageNo: 'P1',
  dock: 'MAIN-DOCK',
  checkedBy: null,
  checkedAt: null,
  lines: [
    { lineNo: 1, itemSku: 'BOLT', itemName: 'Bolt', uom: 'pcs', lotCode: 'L1', quantity: 3 },
    { lineNo: 1, itemSku: 'BOLT', itemName: 'Bolt', uom: 'pcs', lotCode: 'L2', quantity: 1 },
    { lineNo: 2, itemSku: 'NUT', itemName: 'Nut', uom: 'pcs', lotCode: null, quantity: 2 },
  ],
};

const SCANS = [
  [
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'bolt', lotCode: 'l2', quantity: 1 },
    { itemSku: 'NUT', lotCode: null, quantity: 2 },
  ],
  [
    { itemSku: 'NUT', lotCode: null, quantity: 2 },
    { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
  ],
  [
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'BOLT', lotCode: 'L9', quantity: 1 },
    { itemSku: 'NUT', lotCode: null, quantity: 2 },
  ],
  [
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'NUT', lotCode: null, quantity: 2 },
  ],
  [{ itemSku: 'BOLT', lotCode: 'L1', quantity: 2 }],
  [
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    { itemSku: 'NUT', lotCode: null, quantity: 2 },
    { itemSku: 'WASHER', lotCode: null, quantity: 1 },
  ],
];

test.each(SCANS.map((scans, index) => [index, scans] as const))(
  'scans %i: every line checked on the screen exactly when the server accepts the package',
  (_index, scans) => {
    const matched = matchLines(pkg.lines, scans);
    const allChecked = matched.every((at) => at >= 0) && new Set(matched).size === pkg.lines.length;
    expect(allChecked).toBe(comparePackage(pkg, scans).length === 0);
    // A line the server names as wrong is never shown checked.
    for (const problem of comparePackage(pkg, scans)) {
      const index = /^lines\[(\d+)\]/.exec(problem.path)?.[1];
      if (index !== undefined) expect(matched[Number(index)]).toBe(-1);
    }
  },
);

test('a scan of a whole line fills item, lot and quantity; a lone code fills one field', () => {
  expect(parseScan('BOLT|L1|3')).toEqual({ itemSku: 'BOLT', lotCode: 'L1', quantity: 3 });
  expect(parseScan('BOLT;L1;2.5')).toEqual({ itemSku: 'BOLT', lotCode: 'L1', quantity: 2.5 });
  expect(parseScan('NUT 2')).toEqual({ itemSku: 'NUT', lotCode: '', quantity: 2 });
  expect(parseScan(' BOLT ')).toBe('BOLT');
});
