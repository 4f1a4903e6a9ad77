/**
 * Pick waves in the console (issue 20): a supervisor plans two waiting orders of one zone into a wave on the planning
 * board and releases it; a clerk on a handheld (390 px) picks the zone on one path (bin by bin in walking order),
 * sorts the picked quantities to their orders, and - the customer's packages being checked - pack-checks an order's
 * package by typing its codes; its shipment then goes through. A second journey: a wave that would take a pick face
 * below its minimum is released with the board's carrier cut-off; the clerk moves the proposed stock from reserve to
 * the face on the replenishment form at 390 px, and only then does the zone's pick appear.
 */
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning, expectTouchTargets } from './support/handheld';
import { withE2eOrm } from './support/mrp-world';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { expectStaysAbsent, waitForAttribute, waitForCount, waitForEnabled, waitForValue } from './support/waits';

jest.setTimeout(300_000);

interface TaskRow {
  id: string;
  taskType: string;
  status: string;
}

const journeys = useBrowser();
const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`.toUpperCase();
const customer = `C-WV${suffix}`;
const zone = `WE${suffix}`.slice(0, 20);
const bin = (name: string) => `WE${suffix}-${name}`;
const skuX = `E2E-WVX-${suffix}`;
const skuY = `E2E-WVY-${suffix}`;
const waveId = `WE-${suffix}`;
let clerk = '';

async function openTaskOf(workflowId: string, taskType: string): Promise<TaskRow> {
  const found = await eventually(
    async () => {
      const detail = await api<{ tasks: TaskRow[] }>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, clerk);
      return detail.body.tasks.find((t) => t.taskType === taskType && (t.status === 'open' || t.status === 'claimed'));
    },
    (task) => task !== undefined,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `an open ${taskType} task of ${workflowId}` },
  );
  return found!;
}

/** A customer of its own whose packages are checked, a zone of its own walking B2 (10) before B1 (30), two items. */
async function world(admin: string): Promise<void> {
  await withE2eOrm(async (orm) => {
    const em = orm.em.fork();
    await query(
      em,
      `insert into customer (code, name, credit_limit, ship_to_address, created_at)
       values (?, 'Wave E2E customer', 1000000, 'Dock street 2', now())`,
      [customer],
    );
    const [warehouse] = await query<{ id: number }>(
      em,
      `select w.id from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
        where not w.virtual and w.active order by w.id limit 1`,
    );
    const [row] = await query<{ id: number }>(
      em,
      `insert into zone (warehouse_id, code, name) values (?, ?, 'Wave E2E zone') returning id`,
      [warehouse!.id, zone],
    );
    for (const [name, sequence] of [
      ['B1', 30],
      ['B2', 10],
    ] as const) {
      await query(
        em,
        `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', ?)`,
        [bin(name), warehouse!.id, row!.id, sequence],
      );
    }
  });
  const policy = await api('PUT', `/api/orders/pack-check-policies/customer/${customer}`, admin, { required: true });
  expect(policy.status).toBe(200);
  await itemWithStock(skuX, [{ location: bin('B1'), lot: `${skuX}-L`, quantity: 10 }]);
  await itemWithStock(skuY, [{ location: bin('B2'), lot: `${skuY}-L`, quantity: 10 }]);
}

async function place(lines: Array<{ itemSku: string; quantity: number }>, customerCode = customer) {
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/orders', clerk, {
    customerCode,
    lines,
  });
  expect(placed.status).toBe(201);
  return placed.body;
}

beforeAll(async () => {
  clerk = await apiLogin('clerk');
});

test('a supervisor releases a wave; a clerk picks its zone, sorts and pack-checks a package at 390 px', async () => {
  await world(await apiLogin('admin'));
  const one = await place([
    { itemSku: skuX, quantity: 2 },
    { itemSku: skuY, quantity: 1 },
  ]);
  const two = await place([{ itemSku: skuX, quantity: 3 }]);
  await openTaskOf(one.workflowId, 'pick');
  await openTaskOf(two.workflowId, 'pick');

  const board = await journeys.newPage();
  await login(board.page, 'supervisor');
  const waiting = (orderNumber: string) =>
    byTestId(board.page, 'wave-waiting-row').and(board.page.locator(attr('data-order', orderNumber)));

  await step(board.page, 'wv-01-board-waiting-orders', async () => {
    await board.page.goto(`${BASE_URL}/waves?customer=${encodeURIComponent(customer)}`);
    await waitForCount(byTestId(board.page, 'wave-waiting-row'), 2);
    expect(await textOf(waiting(one.orderNumber))).toContain(zone);
    await waiting(one.orderNumber).click();
    await waiting(two.orderNumber).click();
    await waitForAttribute(waiting(two.orderNumber), 'data-selected', 'true');
    await eventually(
      () => textOf(byTestId(board.page, 'wave-selected-count')),
      (text) => text === '2',
      { timeoutMs: 10_000, intervalMs: 200, what: 'two orders in the plan' },
    );
  });

  await step(board.page, 'wv-02-proposed-and-released', async () => {
    await byTestId(board.page, 'wave-carrier').fill(`DHL-${suffix}`);
    await byTestId(board.page, 'wave-propose').click();
    // Same cut-off, same zone: the default wave rules put both orders in one wave, each with its stored decision.
    await waitForCount(byTestId(board.page, 'wave-proposed'), 1);
    await waitForCount(byTestId(board.page, 'wave-proposed-order'), 2);
    expect(await textOf(byTestId(board.page, 'wave-proposed-order').first())).toMatch(/decision #\d+/);
    await waitForAttribute(byTestId(board.page, 'wave-proposed-release'), 'data-action', (a) => !!a);
    await byTestId(board.page, 'wave-id').fill(waveId);
    await byTestId(board.page, 'wave-release').click();
    await board.page.waitForURL(`**/waves/${waveId}`);
    await waitForAttribute(byTestId(board.page, 'wave-step'), 'data-step', 'picking');
    // Both orders joined; they no longer wait for a wave.
    await waitForCount(byTestId(board.page, 'wave-order').and(board.page.locator(attr('data-status', 'joined'))), 2);
    expect(await textOf(byTestId(board.page, 'wave-visits'))).toContain('2 bin visits instead of 3');
  });

  const { page, errors } = await journeys.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await login(page, 'clerk');

  await step(page, 'wv-03-zone-pick-path', async () => {
    await page.goto(`${BASE_URL}/waves/${waveId}`);
    await byTestId(page, 'wave-zone-task').waitFor({ state: 'visible' });
    await byTestId(page, 'wave-zone-task').click();
    await page.waitForURL('**/tasks/**');
    // One path in walking order, each bin once for both orders: B2 (Y for order one), then B1 (X for both).
    await waitForCount(byTestId(page, 'wave-pick-line'), 2);
    const bins = await byTestId(page, 'wave-pick-bin').allTextContents();
    expect(bins.map((b) => b.trim())).toEqual([bin('B2'), bin('B1')]);
    expect(await textOf(byTestId(page, 'wave-pick-line').nth(1))).toContain(`${one.orderNumber} 2`);
    await expectNoSidewaysPanning(page, 'the zone pick at 390 px');
    await expectTouchTargets(page.locator('mw-wave-pick-form'), 'the zone pick');
  });

  await step(page, 'wv-04-zone-picked', async () => {
    const quantity = byTestId(byTestId(page, 'wave-pick-line').nth(1), 'wave-pick-qty');
    await quantity.fill('9');
    await byTestId(page, 'task-complete').click();
    // More than the path takes at the bin is refused on the line, before anything is sent.
    await eventually(
      () => textOf(byTestId(page, 'wave-pick-line').nth(1)),
      (text) => /5/.test(text) && /max|most|exceed|greater/i.test(text),
      { timeoutMs: 10_000, intervalMs: 200, what: 'the over-pick refused on its line' },
    );
    await quantity.fill('5');
    const completed = page.waitForResponse((res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'task-complete'));
    await byTestId(page, 'task-complete').click();
    expect((await completed).status()).toBe(200);
  });

  await step(page, 'wv-05-sorted', async () => {
    await page.goto(`${BASE_URL}/waves/${waveId}`);
    await byTestId(page, 'wave-sort-task').waitFor({ state: 'visible', timeout: 60_000 });
    await byTestId(page, 'wave-sort-task').click();
    await page.waitForURL('**/tasks/**');
    await waitForCount(byTestId(page, 'wave-sort-put'), 3);
    await waitForCount(byTestId(page, 'wave-sort-order'), 2);
    await expectNoSidewaysPanning(page, 'the sort at 390 px');
    await expectTouchTargets(page.locator('mw-wave-sort-form'), 'the sort');
    const completed = page.waitForResponse((res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'task-complete'));
    await byTestId(page, 'task-complete').click();
    expect((await completed).status()).toBe(200);
    await page.goto(`${BASE_URL}/waves/${waveId}`);
    await waitForAttribute(byTestId(page, 'wave-step'), 'data-step', 'completed');
    await waitForCount(byTestId(page, 'wave-order').and(page.locator(attr('data-status', 'released'))), 2);
  });

  // Order one packs its sorted lines into one package (the pack form has its own journeys).
  const pack = await openTaskOf(one.workflowId, 'pack');
  const packed = await api('POST', `/api/tasks/${encodeURIComponent(pack.id)}/complete`, clerk, {
    payload: {
      packages: [
        {
          packageNo: 'BOX-1',
          weightKg: 1.5,
          contents: [
            { lineNo: 1, quantity: 2 },
            { lineNo: 2, quantity: 1 },
          ],
        },
      ],
    },
  });
  expect(packed.status).toBe(200);
  const ship = await openTaskOf(one.workflowId, 'ship');
  const line = (n: number) => byTestId(page, 'pack-check-line').nth(n);

  await step(page, 'wv-06-pack-checked', async () => {
    await page.goto(`${BASE_URL}/waves/${waveId}`);
    const toCheck = byTestId(page, 'wave-order-pack-check').and(
      page.locator(`[href$=${JSON.stringify(`/pack-check/${one.orderNumber}`)}]`),
    );
    await toCheck.click();
    await page.waitForURL(`**/pack-check/${one.orderNumber}`);
    await waitForCount(byTestId(page, 'pack-check-expected'), 2);
    await byTestId(page, 'pack-check-add-line').click();
    await byTestId(line(0), 'pack-check-item').fill(skuX);
    await byTestId(line(0), 'pack-check-lot').fill(`${skuX}-L`);
    await byTestId(line(0), 'pack-check-quantity').fill('2');
    await waitForAttribute(line(0), 'data-state', 'checked');
    const scan = byTestId(page, 'pack-check-scan');
    await scan.fill(`${skuY}|${skuY}-L|1`);
    await scan.press('Enter');
    await waitForCount(byTestId(page, 'pack-check-line'), 2);
    await waitForAttribute(line(1), 'data-state', 'checked');
    const answered = page.waitForResponse((res) => /\/pack-check\/packages\/BOX-1$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'pack-check-submit'));
    await byTestId(page, 'pack-check-submit').click();
    expect((await answered).status()).toBe(200);
    await byTestId(page, 'pack-check-done').waitFor({ state: 'visible' });
    await expectNoSidewaysPanning(page, 'the pack check after a wave at 390 px');
  });

  const shipped = await api('POST', `/api/tasks/${encodeURIComponent(ship.id)}/complete`, clerk, {
    payload: { carrier: `DHL-${suffix}`, trackingNumber: `JD-WV-${suffix}` },
  });
  expect(shipped.status).toBe(200);
  // Order two leaves the journey packed but unshipped; cancelled, its stock goes back.
  const cancelled = await api('POST', `/api/orders/${two.orderNumber}/cancel`, clerk, { reason: 'wave e2e done' });
  expect(cancelled.status).toBe(200);
  expect(errors).toEqual([]);
  expect(board.errors).toEqual([]);
});

/**
 * Replenishment world: a customer of its own, zone A with the pick face F of item Z (6 of the oldest lot), zone R with
 * the reserve bin R (10 of a younger lot), and F kept between 3 and 12 (set through the API, as a supervisor would).
 */
const faceCustomer = `C-WR${suffix}`;
const faceZone = `WA${suffix}`.slice(0, 20);
const skuZ = `E2E-WVZ-${suffix}`;

async function faceWorld(supervisor: string): Promise<void> {
  await withE2eOrm(async (orm) => {
    const em = orm.em.fork();
    await query(
      em,
      `insert into customer (code, name, credit_limit, ship_to_address, created_at)
       values (?, 'Wave face E2E customer', 1000000, 'Dock street 3', now())`,
      [faceCustomer],
    );
    const [warehouse] = await query<{ id: number }>(
      em,
      `select w.id from warehouse w join location l on l.warehouse_id = w.id and l.type = 'dock'
        where not w.virtual and w.active order by w.id limit 1`,
    );
    for (const [zoneCode, name] of [
      [faceZone, 'F'],
      [`WR${suffix}`.slice(0, 20), 'R'],
    ] as const) {
      const [row] = await query<{ id: number }>(
        em,
        `insert into zone (warehouse_id, code, name) values (?, ?, 'Wave face E2E zone') returning id`,
        [warehouse!.id, zoneCode],
      );
      await query(
        em,
        `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', 10)`,
        [bin(name), warehouse!.id, row!.id],
      );
    }
  });
  const expires = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  await itemWithStock(skuZ, [
    { location: bin('F'), lot: `${skuZ}-L1`, quantity: 6, expiresOn: expires(100) },
    { location: bin('R'), lot: `${skuZ}-L2`, quantity: 10, expiresOn: expires(200) },
  ]);
  const face = await api('PUT', '/api/pick-faces', supervisor, {
    locationCode: bin('F'),
    itemSku: skuZ,
    minQuantity: 3,
    maxQuantity: 12,
  });
  expect(face.status).toBe(200);
}

test('a wave that would empty a pick face waits for its replenishment, moved by a clerk at 390 px', async () => {
  await faceWorld(await apiLogin('supervisor'));
  // 5 of Z from the face's oldest lot: 6 - 5 = 1 left, below its minimum 3, so the face is filled to 12 first.
  const order = await place([{ itemSku: skuZ, quantity: 5 }], faceCustomer);
  await openTaskOf(order.workflowId, 'pick');
  const faceWave = `WR-${suffix}`;

  const board = await journeys.newPage();
  await login(board.page, 'supervisor');
  const cutoffLocal = '2031-06-30T17:45';

  await step(board.page, 'wr-01-released-with-cutoff', async () => {
    await board.page.goto(`${BASE_URL}/waves?customer=${encodeURIComponent(faceCustomer)}`);
    await waitForCount(byTestId(board.page, 'wave-waiting-row'), 1);
    await byTestId(board.page, 'wave-waiting-row').click();
    await waitForAttribute(byTestId(board.page, 'wave-waiting-row'), 'data-selected', 'true');
    await byTestId(board.page, 'wave-carrier').fill(`UPS-${suffix}`);
    await byTestId(board.page, 'wave-cutoff').fill(cutoffLocal);
    await byTestId(board.page, 'wave-propose').click();
    await waitForCount(byTestId(board.page, 'wave-proposed'), 1);
    await byTestId(board.page, 'wave-id').fill(faceWave);
    const released = board.page.waitForRequest(
      (req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/waves',
    );
    await byTestId(board.page, 'wave-release').click();
    // The board's cut-off goes with the release, as the instant the browser's clock reads it.
    const expected = await board.page.evaluate((local) => new Date(local).toISOString(), cutoffLocal);
    expect((await released).postDataJSON()).toMatchObject({ waveId: faceWave, cutoffAt: expected });
    await board.page.waitForURL(`**/waves/${faceWave}`);
    // The wave's replenishment is open and the zone's pick waits for it.
    await waitForAttribute(byTestId(board.page, 'wave-replenishment'), 'data-status', 'open');
    await waitForCount(byTestId(board.page, 'wave-replenishment-move'), 1);
    expect(await textOf(byTestId(board.page, 'wave-replenishment-move'))).toContain(`6 × ${skuZ}`);
    await byTestId(board.page, 'wave-zone-waiting').waitFor({ state: 'visible' });
    await expectStaysAbsent(byTestId(board.page, 'wave-zone-task'));
  });

  const { page, errors } = await journeys.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await login(page, 'clerk');
  const move = byTestId(page, 'wave-replenish-move');

  await step(page, 'wr-02-replenish-form', async () => {
    await page.goto(`${BASE_URL}/waves/${faceWave}`);
    await byTestId(page, 'wave-replenish-task').click();
    await page.waitForURL('**/tasks/**');
    // One move: all 6 the face lacks (12 - 6) from the reserve bin's lot to the face.
    await waitForCount(move, 1);
    expect((await textOf(byTestId(move, 'wave-replenish-from'))).trim()).toBe(bin('R'));
    expect((await textOf(byTestId(move, 'wave-replenish-to'))).trim()).toBe(bin('F'));
    expect(await textOf(move)).toContain(`lot ${skuZ}-L2`);
    await waitForValue(byTestId(move, 'wave-replenish-qty'), '6');
    await byTestId(page, 'wave-replenish-cutoff').waitFor({ state: 'visible' });
    await expectNoSidewaysPanning(page, 'the replenishment at 390 px');
    await expectTouchTargets(page.locator('mw-wave-replenish-form'), 'the replenishment');
  });

  await step(page, 'wr-03-moved', async () => {
    const quantity = byTestId(move, 'wave-replenish-qty');
    await quantity.fill('7');
    await byTestId(page, 'task-complete').click();
    // More than proposed is refused on the move, before anything is sent.
    await eventually(
      () => textOf(move),
      (text) => /At most 6/.test(text),
      { timeoutMs: 10_000, intervalMs: 200, what: 'the over-move refused on its line' },
    );
    await quantity.fill('6');
    const completed = page.waitForResponse((res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'task-complete'));
    await byTestId(page, 'task-complete').click();
    const answer = await completed;
    expect(answer.status()).toBe(200);
    expect(answer.request().postDataJSON()).toMatchObject({
      payload: { moved: [{ fromLocation: bin('R'), toLocation: bin('F'), lotCode: `${skuZ}-L2`, quantity: 6 }] },
    });
  });

  await step(page, 'wr-04-zone-pick-after-replenishment', async () => {
    await page.goto(`${BASE_URL}/waves/${faceWave}`);
    await waitForAttribute(byTestId(page, 'wave-replenishment'), 'data-status', 'booked');
    const zonePick = byTestId(page, 'wave-zone-task').and(page.locator(attr('data-zone', faceZone)));
    await zonePick.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await textOf(byTestId(page, 'wave-replenishment'))).toContain('moved by clerk');
    await expectNoSidewaysPanning(page, 'the wave progress with its replenishment at 390 px');
  });

  const cancelled = await api('POST', `/api/orders/${order.orderNumber}/cancel`, clerk, { reason: 'wave e2e done' });
  expect(cancelled.status).toBe(200);
  expect(errors).toEqual([]);
  expect(board.errors).toEqual([]);
});
