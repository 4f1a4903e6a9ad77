import type { ReservedLine, StagedPick } from './order-fulfillment.contract';
import { comparePackage, expectedPackages, packCheckShipProblem } from './pack-check-rules';

const staged: StagedPick[] = [
  { lineNo: 1, itemSku: 'BOLT', lotCode: 'L1', fromLocation: 'A01', stagingLocation: 'DOCK', quantity: 3 },
  { lineNo: 1, itemSku: 'BOLT', lotCode: 'L2', fromLocation: 'A02', stagingLocation: 'DOCK', quantity: 2 },
  { lineNo: 2, itemSku: 'NUT', lotCode: null, fromLocation: 'A03', stagingLocation: 'DOCK', quantity: 4 },
];
const lines = [
  { lineNo: 1, itemSku: 'BOLT', itemName: 'Bolt', uom: 'pcs', quantity: 5, picks: [] },
  { lineNo: 2, itemSku: 'NUT', itemName: 'Nut', uom: 'pcs', quantity: 4, picks: [] },
] as ReservedLine[];
const packages = expectedPackages(
  staged,
  [
    { packageNo: 'P1', weightKg: 1, contents: [{ lineNo: 1, quantity: 4 }] },
    {
      packageNo: 'P2',
      weightKg: 1,
      contents: [
        { lineNo: 1, quantity: 1 },
        { lineNo: 2, quantity: 4 },
      ],
    },
  ],
  lines,
);
const [p1, p2] = packages as [(typeof packages)[0], (typeof packages)[0]];

test('each package expects the lots picked to its dock, taken in the order they were staged', () => {
  expect(p1.lines.map((l) => [l.itemSku, l.lotCode, l.quantity])).toEqual([
    ['BOLT', 'L1', 3],
    ['BOLT', 'L2', 1],
  ]);
  expect(p2.lines.map((l) => [l.itemSku, l.lotCode, l.quantity])).toEqual([
    ['BOLT', 'L2', 1],
    ['NUT', null, 4],
  ]);
  expect(p1.dock).toBe('DOCK');
});

test('scans matching in any order and case pass', () => {
  expect(
    comparePackage(p1, [
      { itemSku: 'bolt', lotCode: 'l2', quantity: 1 },
      { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    ]),
  ).toEqual([]);
  expect(
    comparePackage(p2, [
      { itemSku: 'NUT', lotCode: null, quantity: 4 },
      { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    ]),
  ).toEqual([]);
});

test('a wrong lot, a wrong quantity, a wrong item and a missing line each name their line and field', () => {
  expect(
    comparePackage(p1, [
      { itemSku: 'BOLT', lotCode: 'L9', quantity: 3 },
      { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    ]),
  ).toEqual([
    { path: 'lines[0].lotCode', message: expect.stringMatching(/^Line 1: lot L9 of BOLT .*expected lot L1/) },
  ]);
  expect(
    comparePackage(p1, [
      { itemSku: 'BOLT', lotCode: 'L1', quantity: 2 },
      { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    ]),
  ).toEqual([{ path: 'lines[0].quantity', message: 'Line 1: 2 of BOLT lot L1 counted, but package P1 should hold 3' }]);
  const extra = comparePackage(p1, [
    { itemSku: 'BOLT', lotCode: 'L1', quantity: 3 },
    { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    { itemSku: 'NUT', lotCode: null, quantity: 1 },
  ]);
  expect(extra).toEqual([
    { path: 'lines[2].itemSku', message: expect.stringMatching(/^Line 3: NUT is not in package P1/) },
  ]);
  expect(comparePackage(p2, [{ itemSku: 'NUT', lotCode: null, quantity: 4 }])).toEqual([
    { path: 'lines', message: 'Package P2 is missing 1 pcs of BOLT lot L2: scan it too' },
  ]);
  const twice = comparePackage(p2, [
    { itemSku: 'NUT', lotCode: null, quantity: 4 },
    { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
    { itemSku: 'BOLT', lotCode: 'L2', quantity: 1 },
  ]);
  expect(twice).toEqual([{ path: 'lines[2].itemSku', message: expect.stringMatching(/scanned more often/) }]);
  expect(comparePackage(p2, [])).toEqual([{ path: 'lines', message: expect.stringMatching(/Nothing scanned/) }]);
});

test('the shipment is refused while a package is unchecked, naming the packages', () => {
  const check = { shipTaskId: 't', round: 1, packages: [p1, { ...p2, checkedBy: 'clerk', checkedAt: 'now' }] };
  expect(packCheckShipProblem(check)).toMatch(/^payload\.packages .*package P1 is not checked yet/);
  expect(packCheckShipProblem({ ...check, packages: [{ ...p1, checkedBy: 'c', checkedAt: 'now' }] })).toBeUndefined();
  expect(packCheckShipProblem(null)).toBeUndefined();
});
