import { eventually, useTestApp } from '../../test/support/int-env';
import { orderDriver, pickAll, SHIP, type TaskView } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

/**
 * Cross-dock staging: a short pick in MAIN re-allocated to EAST leaves the order staged at two docks. Each
 * warehouse ships its own packages; the server refuses a package that mixes the two docks, naming the field.
 */
const t = useTestApp();
const clerk = t.headers('clerk');
let driver: ReturnType<typeof orderDriver>;

beforeAll(() => {
  driver = orderDriver(t.app, clerk);
});

/** The re-allocation's pick task: open, and not the one just completed. */
async function nextPick(workflowId: string, previous: string): Promise<TaskView> {
  return eventually(
    async () =>
      (await driver.detail(workflowId)).tasks.find(
        (task) => task.taskType === 'pick' && task.status === 'open' && task.id !== previous,
      ),
    60_000,
    're-allocation',
  );
}

test('an order staged at two warehouses packs per dock; a package mixing the docks is refused', async () => {
  const sku = `DOCK-${process.pid}-${Date.now().toString(36)}`.toUpperCase();
  await itemWithStock(t.orm, sku, [
    { location: 'MAIN-B01', lot: `${sku}-M`, quantity: 5 },
    { location: 'EAST-A01', lot: `${sku}-E`, quantity: 5 },
  ]);
  const { workflowId } = await driver.place('C-BOLT', [{ itemSku: sku, quantity: 4 }]);
  const first = await driver.task(workflowId, 'pick');
  expect(pickAll(first)).toEqual([expect.objectContaining({ locationCode: 'MAIN-B01', quantity: 4 })]);
  // Only 1 found in MAIN: the other 3 come from EAST in round 2.
  expect((await driver.complete(first.id, { picks: [{ ...pickAll(first)[0], quantity: 1 }] })).statusCode).toBe(200);
  const second = await nextPick(workflowId, first.id);
  expect(pickAll(second)).toEqual([expect.objectContaining({ locationCode: 'EAST-A01', quantity: 3 })]);
  expect((await driver.complete(second.id, { picks: pickAll(second) })).statusCode).toBe(200);

  const pack = await driver.task(workflowId, 'pack');
  const docks = (pack.payload.staged ?? []).map((pick) => `${pick.stagingLocation}:${pick.quantity}`).sort();
  expect(docks).toEqual(['EAST-DOCK:3', 'MAIN-DOCK:1']);

  // What the console used to send: one package holding both docks' stock.
  const merged = await driver.complete(pack.id, {
    packages: [{ packageNo: 'P1', weightKg: 2, contents: [{ lineNo: 1, quantity: 4 }] }],
  });
  expect(merged.statusCode).toBe(400);
  expect(merged.json().error.field).toBe('payload.packages[0].dock');
  expect(merged.json().error.message).toMatch(/MAIN-DOCK.*EAST-DOCK|EAST-DOCK.*MAIN-DOCK/);

  // A package at MAIN-DOCK holding what EAST staged mixes the warehouses.
  const mixed = await driver.complete(pack.id, {
    packages: [{ packageNo: 'P1', weightKg: 2, dock: 'MAIN-DOCK', contents: [{ lineNo: 1, quantity: 4 }] }],
  });
  expect(mixed.statusCode).toBe(400);
  expect(mixed.json().error.field).toBe('payload.packages[0].contents[0].quantity');
  expect(mixed.json().error.message).toMatch(/only 1 .*MAIN-DOCK/);

  const unknownDock = await driver.complete(pack.id, {
    packages: [
      { packageNo: 'P1', weightKg: 1, dock: 'MAIN-DOCK', contents: [{ lineNo: 1, quantity: 1 }] },
      { packageNo: 'P2', weightKg: 1, dock: 'MAIN-A01', contents: [{ lineNo: 1, quantity: 3 }] },
    ],
  });
  expect(unknownDock.statusCode).toBe(400);
  expect(unknownDock.json().error.field).toBe('payload.packages[1].dock');

  const perDock = await driver.complete(pack.id, {
    packages: [
      { packageNo: 'M1', weightKg: 1, dock: 'MAIN-DOCK', contents: [{ lineNo: 1, quantity: 1 }] },
      { packageNo: 'E1', weightKg: 1.5, dock: 'EAST-DOCK', contents: [{ lineNo: 1, quantity: 3 }] },
    ],
  });
  expect(perDock.statusCode).toBe(200);

  const ship = await driver.task(workflowId, 'ship');
  await driver.packCheck(ship);

  const shipPayload = ship.payload as unknown as { packages: Array<{ packageNo: string; dock?: string }> };
  expect(shipPayload.packages.map((pkg) => [pkg.packageNo, pkg.dock])).toEqual([
    ['M1', 'MAIN-DOCK'],
    ['E1', 'EAST-DOCK'],
  ]);
  // One shipment per warehouse: a carrier and tracking number for each dock.
  const oneForBoth = await driver.complete(ship.id, SHIP);
  expect(oneForBoth.statusCode).toBe(400);
  expect(oneForBoth.json().error.field).toBe('payload.shipments');
  const perWarehouse = [
    { dock: 'MAIN-DOCK', carrier: 'DHL', trackingNumber: 'JD-MAIN-1' },
    { dock: 'EAST-DOCK', carrier: 'GLS', trackingNumber: 'GLS-EAST-1' },
  ];
  const eastMissing = await driver.complete(ship.id, { ...SHIP, shipments: perWarehouse.slice(0, 1) });
  expect(eastMissing.statusCode).toBe(400);
  expect(eastMissing.json().error.message).toMatch(/no shipment from EAST-DOCK/);
  expect((await driver.complete(ship.id, { ...SHIP, shipments: perWarehouse })).statusCode).toBe(200);
  const state = await driver.step(workflowId, 'completed');
  expect(state.shipments[0]?.result.shippedByLine).toEqual({ 1: 4 });
  expect(state.shipments[0]?.byDock).toEqual(perWarehouse);
});
