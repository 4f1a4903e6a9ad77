/**
 * Pack check on a handheld (390 px, issue 20): an order of a customer with no pack check policy (every shipment is
 * checked by default) is picked and packed; the ship task sends the clerk to the pack-check screen, where a package's
 * content is typed (and scanned) line by line. A wrong lot is refused on its line; once every line is checked the
 * package passes and the shipment, refused until then, is confirmed.
 */
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectNoSidewaysPanning, expectTouchTargets } from './support/handheld';
import { withE2eOrm } from './support/mrp-world';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount, waitForEnabled } from './support/waits';

jest.setTimeout(240_000);

interface TaskRow {
  id: string;
  taskType: string;
  status: string;
  payload: Record<string, unknown> & {
    lines?: Array<{ lineNo: number; picks: Array<{ locationCode: string; lotCode: string | null; quantity: number }> }>;
  };
}

const journeys = useBrowser();
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

async function complete(taskId: string, payload: Record<string, unknown>) {
  return api<{ error?: { message: string } }>('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, clerk, {
    payload,
  });
}

beforeAll(async () => {
  clerk = await apiLogin('clerk');
});

test('a clerk pack-checks a package by typing codes at 390 px; the shipment waits for it', async () => {
  const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`.toUpperCase();
  const customer = `C-PCE${suffix}`;
  const sku = `E2E-PC-${suffix}`;
  await withE2eOrm((orm) =>
    query(
      orm.em.fork(),
      `insert into customer (code, name, credit_limit, ship_to_address, created_at)
       values (?, 'Pack check E2E customer', 1000000, 'Dock street 1', now())`,
      [customer],
    ),
  );
  await itemWithStock(sku, [
    { location: 'MAIN-B01', lot: `${sku}-A`, quantity: 3 },
    { location: 'MAIN-B02', lot: `${sku}-B`, quantity: 5 },
  ]);
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/orders', clerk, {
    customerCode: customer,
    lines: [{ itemSku: sku, quantity: 4 }],
  });
  expect(placed.status).toBe(201);
  const { orderNumber, workflowId } = placed.body;

  const pick = await openTaskOf(workflowId, 'pick');
  const picks = (pick.payload.lines ?? []).flatMap((line) =>
    line.picks.map((p) => ({
      lineNo: line.lineNo,
      locationCode: p.locationCode,
      lotCode: p.lotCode,
      quantity: p.quantity,
    })),
  );
  expect((await complete(pick.id, { picks })).status).toBe(200);
  const pack = await openTaskOf(workflowId, 'pack');
  const packed = await complete(pack.id, {
    packages: [{ packageNo: 'BOX-1', weightKg: 2.5, contents: [{ lineNo: 1, quantity: 4 }] }],
  });
  expect(packed.status).toBe(200);
  const ship = await openTaskOf(workflowId, 'ship');
  const refused = await complete(ship.id, { carrier: 'DHL', trackingNumber: 'JD-PC-1' });
  expect(refused.status).toBe(400);
  expect(refused.body.error?.message).toMatch(/package BOX-1 is not checked yet/);

  const { page, errors } = await journeys.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await login(page, 'clerk');
  const line = (n: number) => byTestId(page, 'pack-check-line').nth(n);

  await step(page, 'pc-01-ship-task-sends-to-pack-check', async () => {
    await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(ship.id)}`);
    await byTestId(page, 'ship-pack-check').waitFor({ state: 'visible' });
    await byTestId(page, 'ship-to-pack-check').click();
    await page.waitForURL(`**/pack-check/${orderNumber}`);
    await waitForCount(byTestId(page, 'pack-check-expected'), 2);
    expect(await textOf(byTestId(page, 'pack-check-progress'))).toContain('0 of 1');
    await expectNoSidewaysPanning(page, 'the pack-check screen at 390 px');
  });

  await step(page, 'pc-02-typed-line-checked', async () => {
    // The typed-code fallback: a line typed field by field turns checked once item, lot and quantity match.
    await byTestId(page, 'pack-check-add-line').click();
    await byTestId(line(0), 'pack-check-item').fill(sku);
    await byTestId(line(0), 'pack-check-lot').fill(`${sku}-A`);
    await byTestId(line(0), 'pack-check-quantity').fill('3');
    await waitForAttribute(line(0), 'data-state', 'checked');
    await waitForAttribute(byTestId(page, 'pack-check-expected').first(), 'data-state', 'checked');
    await expectTouchTargets(page.locator('mw-pack-check-page'), 'the pack-check screen');
  });

  await step(page, 'pc-03-wrong-lot-on-its-line', async () => {
    // A scan of a whole line (ITEM|LOT|QTY) with the wrong lot; the server refuses it on line 2's lot.
    const scan = byTestId(page, 'pack-check-scan');
    await scan.fill(`${sku}|${sku}-X|1`);
    await scan.press('Enter');
    await waitForCount(byTestId(page, 'pack-check-line'), 2);
    await waitForAttribute(line(1), 'data-state', 'open');
    const answered = page.waitForResponse((res) => /\/pack-check\/packages\/BOX-1$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'pack-check-submit'));
    await byTestId(page, 'pack-check-submit').click();
    expect((await answered).status()).toBe(422);
    await waitForAttribute(line(1), 'data-state', 'mismatch');
    await eventually(
      () => textOf(line(1)),
      (text) => text.includes(`Line 2: lot ${sku}-X`) && text.includes(`expected lot ${sku}-B`),
      { timeoutMs: 20_000, intervalMs: 250, what: 'the mismatch on line 2' },
    );
    await expectNoSidewaysPanning(page, 'the pack-check screen with a mismatch');
  });

  await step(page, 'pc-04-package-checked', async () => {
    await byTestId(line(1), 'pack-check-lot').fill(`${sku}-B`);
    await waitForAttribute(line(1), 'data-state', 'checked');
    const answered = page.waitForResponse((res) => /\/pack-check\/packages\/BOX-1$/.test(new URL(res.url()).pathname));
    await byTestId(page, 'pack-check-submit').click();
    expect((await answered).status()).toBe(200);
    await byTestId(page, 'pack-check-done').waitFor({ state: 'visible' });
    await waitForAttribute(
      byTestId(page, 'pack-check-package').and(page.locator(attr('data-package-no', 'BOX-1'))),
      'data-state',
      'checked',
    );
    expect(await textOf(byTestId(page, 'pack-check-checked'))).toContain('Checked by clerk');
  });

  await step(page, 'pc-05-shipped', async () => {
    await byTestId(page, 'pack-check-to-ship').click();
    await byTestId(page, 'ship-carrier').waitFor({ state: 'visible' });
    await byTestId(page, 'ship-carrier').fill('DHL');
    await byTestId(page, 'ship-tracking').fill('JD-PC-2');
    const completed = page.waitForResponse((res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname));
    await waitForEnabled(byTestId(page, 'task-complete'));
    await byTestId(page, 'task-complete').click();
    expect((await completed).status()).toBe(200);
  });

  const attempts = await api<{ attempts: Array<{ matched: boolean; checkedBy: string }> }>(
    'GET',
    `/api/orders/${orderNumber}/pack-check`,
    clerk,
  );
  expect(attempts.body.attempts.map((a) => [a.matched, a.checkedBy])).toEqual([
    [false, 'clerk'],
    [true, 'clerk'],
  ]);
  expect(errors).toEqual([]);
});
