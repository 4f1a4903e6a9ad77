import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';
import { orderDriver, packAll, pickAll, SHIP } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

/**
 * Pack check (issue 20) on real Temporal and PostgreSQL: every shipment is checked by default (a customer without a
 * policy); the shipment is refused until every package's scans match (item, lot, quantity); each mismatch is refused
 * naming its line and field, and every attempt is kept and audited with who and when. A customer a supervisor opted
 * out (audited) ships without one.
 */
const t = useTestApp({ histories: 'order-fulfillment' });
const clerk = t.headers('clerk');
const admin = t.headers('admin');
const supervisor = t.headers('supervisor');
let driver: ReturnType<typeof orderDriver>;
const suffix = `${process.pid}${Date.now().toString(36)}`.toUpperCase();
const customer = `C-PC${suffix}`;
const optedOut = `C-PO${suffix}`;
const bolt = `PCB-${suffix}`;
const nut = `PCN-${suffix}`;

beforeAll(async () => {
  driver = orderDriver(t.app, clerk);
  await query(
    t.orm.em.fork(),
    `insert into customer (code, name, credit_limit, ship_to_address, created_at)
     values (?, 'Pack check customer', 1000000, 'Dock street 1', now()), (?, 'Opted out', 1000000, 'Quay 2', now())`,
    [customer, optedOut],
  );
  await itemWithStock(t.orm, bolt, [
    { location: 'MAIN-B01', lot: `${bolt}-1`, quantity: 3 },
    { location: 'MAIN-B02', lot: `${bolt}-2`, quantity: 5 },
  ]);
  await itemWithStock(t.orm, nut, [{ location: 'MAIN-B03', lot: `${nut}-1`, quantity: 9 }]);
});

const check = (orderNumber: string, packageNo: string, lines: unknown[]) =>
  t.app.inject({
    method: 'POST',
    url: `/api/orders/${orderNumber}/pack-check/packages/${packageNo}`,
    headers: clerk,
    payload: { lines },
  });

test('a policy names a known customer or warehouse', async () => {
  const unknown = await t.app.inject({
    method: 'PUT',
    url: `/api/orders/pack-check-policies/customer/C-NOBODY-${suffix}`,
    headers: admin,
    payload: { required: true },
  });
  expect(unknown.statusCode).toBe(400);
  expect(unknown.json().error).toMatchObject({ code: 'UNKNOWN_CUSTOMER', field: 'code' });
  const byClerk = await t.app.inject({
    method: 'PUT',
    url: `/api/orders/pack-check-policies/customer/${customer}`,
    headers: clerk,
    payload: { required: true },
  });
  expect(byClerk.statusCode).toBe(403);
});

test('a pack-check mismatch blocks the shipment, naming the line; once every package matches it ships', async () => {
  // No policy for this customer or MAIN: the pack check is the default.
  const { orderNumber, workflowId } = await driver.place(customer, [
    { itemSku: bolt, quantity: 5 },
    { itemSku: nut, quantity: 2 },
  ]);
  const pick = await driver.task(workflowId, 'pick');
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);

  // Before packing there is nothing to check.
  const pack = await driver.task(workflowId, 'pack');
  const early = await check(orderNumber, 'P1', [{ itemSku: bolt, lotCode: `${bolt}-1`, quantity: 3 }]);
  expect(early.statusCode).toBe(409);
  expect(early.json().error.code).toBe('PACK_CHECK_NOT_OPEN');
  expect(early.json().error.message).toMatch(/not packed yet/);

  const packed = await driver.complete(pack.id, {
    packages: [
      { packageNo: 'P1', weightKg: 2, contents: [{ lineNo: 1, quantity: 4 }] },
      {
        packageNo: 'P2',
        weightKg: 1,
        contents: [
          { lineNo: 1, quantity: 1 },
          { lineNo: 2, quantity: 2 },
        ],
      },
    ],
  });
  expect(packed.statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship');
  expect(ship.payload).toMatchObject({ packCheck: true });

  const view = await t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}/pack-check`, headers: clerk });
  expect(view.statusCode).toBe(200);
  expect(view.json()).toMatchObject({ required: true, open: true, step: 'awaiting-ship' });
  const expected = view.json<{ packages: Array<{ packageNo: string; lines: Array<Record<string, unknown>> }> }>()
    .packages;
  // The lots picked, oldest first, fill the packages in the order they were packed.
  expect(expected.map((pkg) => [pkg.packageNo, pkg.lines.map((l) => [l.itemSku, l.lotCode, l.quantity])])).toEqual([
    [
      'P1',
      [
        [bolt, `${bolt}-1`, 3],
        [bolt, `${bolt}-2`, 1],
      ],
    ],
    [
      'P2',
      [
        [bolt, `${bolt}-2`, 1],
        [nut, `${nut}-1`, 2],
      ],
    ],
  ]);

  // Unchecked packages block the shipment.
  const blocked = await driver.complete(ship.id, SHIP);
  expect(blocked.statusCode).toBe(400);
  expect(blocked.json().error.field).toBe('payload.packages');
  expect(blocked.json().error.message).toMatch(/packages P1 and P2 are not checked yet/);

  // A wrong lot: refused naming line 2's lot.
  const wrongLot = await check(orderNumber, 'P1', [
    { itemSku: bolt, lotCode: `${bolt}-1`, quantity: 3 },
    { itemSku: bolt, lotCode: `${nut}-1`, quantity: 1 },
  ]);
  expect(wrongLot.statusCode).toBe(422);
  expect(wrongLot.json().error).toMatchObject({ code: 'PACK_CHECK_MISMATCH', field: 'lines[1].lotCode' });
  expect(wrongLot.json().error.message).toMatch(new RegExp(`Line 2: lot ${nut}-1 of ${bolt} .*expected lot ${bolt}-2`));

  // A wrong quantity and a missing line: both named.
  const short = await check(orderNumber, 'P2', [{ itemSku: nut, lotCode: `${nut}-1`, quantity: 1 }]);
  expect(short.statusCode).toBe(422);
  expect(short.json().error.details).toEqual([
    { path: 'lines[0].quantity', message: `Line 1: 1 of ${nut} lot ${nut}-1 counted, but package P2 should hold 2` },
    { path: 'lines', message: `Package P2 is missing 1 pcs of ${bolt} lot ${bolt}-2: scan it too` },
  ]);

  // An item that is not in the package.
  const extra = await check(orderNumber, 'P1', [
    { itemSku: bolt, lotCode: `${bolt}-1`, quantity: 3 },
    { itemSku: bolt, lotCode: `${bolt}-2`, quantity: 1 },
    { itemSku: nut, lotCode: `${nut}-1`, quantity: 2 },
  ]);
  expect(extra.statusCode).toBe(422);
  expect(extra.json().error.field).toBe('lines[2].itemSku');

  const unknownPackage = await check(orderNumber, 'P9', [{ itemSku: bolt, lotCode: null, quantity: 1 }]);
  expect(unknownPackage.statusCode).toBe(404);

  // P1 matches (lower-case scan, any order); the shipment is still blocked by P2.
  const p1 = await check(orderNumber, 'P1', [
    { itemSku: bolt, lotCode: `${bolt}-2`.toLowerCase(), quantity: 1 },
    { itemSku: bolt, lotCode: `${bolt}-1`, quantity: 3 },
  ]);
  expect(p1.statusCode).toBe(200);
  expect(p1.json()).toMatchObject({ packageNo: 'P1', checkedBy: 'clerk', allChecked: false });
  const stillBlocked = await driver.complete(ship.id, SHIP);
  expect(stillBlocked.statusCode).toBe(400);
  expect(stillBlocked.json().error.message).toMatch(/package P2 is not checked yet/);

  const p2 = await check(orderNumber, 'P2', [
    { itemSku: nut, lotCode: `${nut}-1`, quantity: 2 },
    { itemSku: bolt, lotCode: `${bolt}-2`, quantity: 1 },
  ]);
  expect(p2.statusCode).toBe(200);
  expect(p2.json()).toMatchObject({ packageNo: 'P2', allChecked: true });

  const after = await t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}/pack-check`, headers: clerk });
  const body = after.json<{
    packages: Array<{ packageNo: string; checkedBy: string | null; attempts: number }>;
    attempts: Array<{ packageNo: string; matched: boolean; checkedBy: string }>;
  }>();
  expect(body.packages.map((pkg) => [pkg.packageNo, pkg.checkedBy, pkg.attempts])).toEqual([
    ['P1', 'clerk', 3],
    ['P2', 'clerk', 2],
  ]);
  expect(body.attempts.map((a) => [a.packageNo, a.matched])).toEqual([
    ['P1', false],
    ['P2', false],
    ['P1', false],
    ['P1', true],
    ['P2', true],
  ]);

  expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
  const state = await driver.step(workflowId, 'completed');
  expect(state.shipments[0]?.result.shippedByLine).toEqual({ 1: 5, 2: 2 });

  // Every attempt is in the audit log, by whom.
  const audited = await query<{ action: string; actor: string; package_no: string }>(
    t.orm.em.fork(),
    `select action, actor, details->>'packageNo' as package_no from audit_log
      where entity_type = 'sales_order' and entity_id = ? and action like 'order.pack-check-%' order by id`,
    [orderNumber],
  );
  expect(audited.map((row) => [row.action, row.actor, row.package_no])).toEqual([
    ['order.pack-check-mismatch', 'clerk', 'P1'],
    ['order.pack-check-mismatch', 'clerk', 'P2'],
    ['order.pack-check-mismatch', 'clerk', 'P1'],
    ['order.pack-check-matched', 'clerk', 'P1'],
    ['order.pack-check-matched', 'clerk', 'P2'],
  ]);

  // Once shipped, there is nothing left to check.
  const late = await check(orderNumber, 'P1', [{ itemSku: bolt, lotCode: `${bolt}-1`, quantity: 3 }]);
  expect(late.statusCode).toBe(409);
  expect(late.json().error.message).toMatch(/already shipped/);
  t.record('pack-check-mismatch-then-shipped', workflowId);
});

test('a customer opted out by a supervisor ships without a pack check; the opt-out is audited', async () => {
  const optOut = await t.app.inject({
    method: 'PUT',
    url: `/api/orders/pack-check-policies/customer/${optedOut}`,
    headers: supervisor,
    payload: { required: false },
  });
  expect(optOut.statusCode).toBe(200);
  expect(optOut.json()).toMatchObject({ scope: 'customer', code: optedOut, required: false, updatedBy: 'supervisor' });
  const policies = await t.app.inject({ method: 'GET', url: '/api/orders/pack-check-policies', headers: clerk });
  expect(policies.json().policies).toContainEqual(expect.objectContaining({ code: optedOut, required: false }));

  const { orderNumber, workflowId } = await driver.place(optedOut, [{ itemSku: nut, quantity: 1 }]);
  const pick = await driver.task(workflowId, 'pick');
  expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
  const pack = await driver.task(workflowId, 'pack');
  expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
  const ship = await driver.task(workflowId, 'ship');
  expect(ship.payload.packCheck).toBeUndefined();
  const view = await t.app.inject({ method: 'GET', url: `/api/orders/${orderNumber}/pack-check`, headers: clerk });
  expect(view.json()).toMatchObject({ required: false, open: false, packages: [] });
  const refused = await check(orderNumber, 'PKG-1', [{ itemSku: nut, lotCode: `${nut}-1`, quantity: 1 }]);
  expect(refused.statusCode).toBe(409);
  expect(refused.json().error.message).toMatch(/need no pack check \(opted out\)/);
  expect((await driver.complete(ship.id, SHIP)).statusCode).toBe(200);
  await driver.step(workflowId, 'completed');

  const [audited] = await query<{ actor: string; required: boolean }>(
    t.orm.em.fork(),
    `select actor, (details->>'required')::boolean as required from audit_log
      where action = 'pack-check-policy.set' and entity_id = ? order by id desc limit 1`,
    [`customer:${optedOut}`],
  );
  expect(audited).toEqual({ actor: 'supervisor', required: false });
});
