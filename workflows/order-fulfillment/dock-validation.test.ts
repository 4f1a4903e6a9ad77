import { findPackProblem } from './dispatch-validation';
import { findDockProblem, findShipDocksProblem, stagingDocks } from './dock-validation';
import type { StagedPick } from './order-fulfillment.contract';

/** Line 1 short-picked in MAIN and re-allocated to EAST; line 2 staged in MAIN only. */
const staged: StagedPick[] = [
  { lineNo: 1, itemSku: 'A', lotCode: 'L1', fromLocation: 'MAIN-A01', stagingLocation: 'MAIN-DOCK', quantity: 1 },
  { lineNo: 2, itemSku: 'B', lotCode: null, fromLocation: 'MAIN-B01', stagingLocation: 'MAIN-DOCK', quantity: 2 },
  { lineNo: 1, itemSku: 'A', lotCode: 'L9', fromLocation: 'EAST-A01', stagingLocation: 'EAST-DOCK', quantity: 3 },
];
const pkg = (dock: string | undefined, contents: Array<{ lineNo: number; quantity: number }>, packageNo = 'P1') => ({
  packageNo,
  weightKg: 1,
  ...(dock === undefined ? {} : { dock }),
  contents,
});
/** Both checks, in the order the pack task runs them. */
const problem = (stock: StagedPick[], packages: unknown[]) =>
  findPackProblem(stock, { packages }) ?? findDockProblem(stock, { packages });

describe('findDockProblem', () => {
  test('the docks in staging order', () => {
    expect(stagingDocks(staged)).toEqual(['MAIN-DOCK', 'EAST-DOCK']);
  });

  test('accepts one package per dock, and packages without a dock when there is only one', () => {
    const perDock = [
      pkg('MAIN-DOCK', [
        { lineNo: 1, quantity: 1 },
        { lineNo: 2, quantity: 2 },
      ]),
      pkg('EAST-DOCK', [{ lineNo: 1, quantity: 3 }], 'P2'),
    ];
    expect(problem(staged, perDock)).toBeUndefined();
    const mainOnly = staged.filter((pick) => pick.stagingLocation === 'MAIN-DOCK');
    expect(
      problem(mainOnly, [
        pkg(undefined, [
          { lineNo: 1, quantity: 1 },
          { lineNo: 2, quantity: 2 },
        ]),
      ]),
    ).toBeUndefined();
    expect(
      problem(mainOnly, [
        pkg('EAST-DOCK', [
          { lineNo: 1, quantity: 1 },
          { lineNo: 2, quantity: 2 },
        ]),
      ]),
    ).toBe('payload.packages[0].dock must be a dock this order is staged at (MAIN-DOCK)');
  });

  test('refuses a package without a dock when the order is staged at two', () => {
    const merged = [
      pkg(undefined, [
        { lineNo: 1, quantity: 4 },
        { lineNo: 2, quantity: 2 },
      ]),
    ];
    expect(problem(staged, merged)).toMatch(/^payload\.packages\[0\]\.dock is required: .*MAIN-DOCK and EAST-DOCK/);
  });

  test('refuses a package that holds stock of another dock, naming the content', () => {
    const mixed = [
      pkg('EAST-DOCK', [{ lineNo: 1, quantity: 3 }]),
      pkg(
        'MAIN-DOCK',
        [
          { lineNo: 2, quantity: 2 },
          { lineNo: 1, quantity: 1 },
        ],
        'P2',
      ),
    ];
    expect(problem(staged, mixed)).toBeUndefined();
    const wrong = [
      pkg('MAIN-DOCK', [
        { lineNo: 1, quantity: 4 },
        { lineNo: 2, quantity: 2 },
      ]),
    ];
    expect(problem(staged, wrong)).toBe(
      'payload.packages[0].contents[0].quantity is 4 of line 1, but only 1 more of it is staged at MAIN-DOCK, ' +
        "the package's dock (the rest is at EAST-DOCK): a package holds the stock of one warehouse",
    );
    const lineTwoAtEast = [
      pkg('MAIN-DOCK', [{ lineNo: 1, quantity: 1 }]),
      pkg(
        'EAST-DOCK',
        [
          { lineNo: 1, quantity: 3 },
          { lineNo: 2, quantity: 2 },
        ],
        'P2',
      ),
    ];
    expect(problem(staged, lineTwoAtEast)).toMatch(/^payload\.packages\[1\]\.contents\[1\]\.quantity is 2 of line 2/);
  });

  test('refuses a dock the order is not staged at', () => {
    const packages = [
      pkg('MAIN-DOCK', [
        { lineNo: 1, quantity: 1 },
        { lineNo: 2, quantity: 2 },
      ]),
      pkg('MAIN-A01', [{ lineNo: 1, quantity: 3 }], 'P2'),
    ];
    expect(problem(staged, packages)).toBe(
      'payload.packages[1].dock must be a dock this order is staged at (MAIN-DOCK and EAST-DOCK)',
    );
    expect(problem(staged, [{ ...packages[0], dock: 7 }, packages[1]])).toMatch(
      /^payload\.packages\[0\]\.dock must be/,
    );
  });
});

describe('findShipDocksProblem', () => {
  const twoDocks = [{ dock: 'MAIN-DOCK' }, { dock: 'EAST-DOCK' }, { dock: 'MAIN-DOCK' }];
  const ship = { carrier: 'DHL', trackingNumber: 'T1' };

  test('a single dock needs no shipments', () => {
    expect(findShipDocksProblem([{}, {}], ship)).toBeUndefined();
    expect(findShipDocksProblem([{ dock: 'MAIN-DOCK' }], ship)).toBeUndefined();
  });

  test('two docks need a shipment each, with carrier and tracking number', () => {
    const both = [
      { dock: 'EAST-DOCK', carrier: 'GLS', trackingNumber: 'G1' },
      { dock: 'MAIN-DOCK', carrier: 'DHL', trackingNumber: 'D1' },
    ];
    expect(findShipDocksProblem(twoDocks, { ...ship, shipments: both })).toBeUndefined();
    expect(findShipDocksProblem(twoDocks, ship)).toMatch(/^payload\.shipments is required: .*MAIN-DOCK and EAST-DOCK/);
    expect(findShipDocksProblem(twoDocks, { ...ship, shipments: both.slice(1) })).toBe(
      'payload.shipments has no shipment from EAST-DOCK',
    );
    expect(findShipDocksProblem(twoDocks, { ...ship, shipments: [both[1], both[1]] })).toBe(
      'payload.shipments[1].dock repeats MAIN-DOCK: one shipment per dock',
    );
    expect(findShipDocksProblem(twoDocks, { ...ship, shipments: [{ ...both[0], trackingNumber: ' ' }, both[1]] })).toBe(
      'payload.shipments[0].trackingNumber is required',
    );
    expect(findShipDocksProblem(twoDocks, { ...ship, shipments: [{ ...both[0], dock: 'WEST-DOCK' }] })).toBe(
      'payload.shipments[0].dock must be one of MAIN-DOCK and EAST-DOCK',
    );
  });
});
