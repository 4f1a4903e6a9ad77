/**
 * A clerk counts a bin at 390 px: an admin opens a count of one item in a bin (two lots) through the API, the clerk
 * opens the blind count task on a handheld, scans a lot (its quantity field takes the focus), sees a refused
 * quantity on its field, enters what is there and completes; the count posts (no difference: no recount, no
 * approval) and shows as posted in the count list. Then a count short by 30 (recounted by someone else over the
 * API): the controller sees the differences and their value on the approval form, approves, and the count list
 * shows the difference and its value.
 */
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { expectFocused, expectNoSidewaysPanning, expectTouchTargets, scan } from './support/handheld';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';

jest.setTimeout(240_000);

const journeys = useBrowser();

interface TaskRow {
  id: string;
  taskType: string;
  status: string;
}

/** Waits (through the API) for the count's open task of a type. */
function openTaskOf(token: string, workflowId: string, taskType: string): Promise<TaskRow | undefined> {
  return eventually(
    async () => {
      const detail = await api<{ tasks: TaskRow[] }>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body.tasks?.find((t) => t.taskType === taskType && t.status === 'open');
    },
    (found) => found !== undefined,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `an open ${taskType} task of ${workflowId}` },
  );
}

/** Completes the count's open task of a type over the API (set-up only). */
async function completeOverApi(token: string, workflowId: string, taskType: string, payload: unknown): Promise<void> {
  const task = await openTaskOf(token, workflowId, taskType);
  const done = await api('POST', `/api/tasks/${task!.id}/complete`, token, { payload });
  if (done.status !== 200) throw new Error(`${taskType} not completed: ${done.status} ${JSON.stringify(done.body)}`);
}

/** Waits until the count has the status (through the API). */
async function countStatusIs(token: string, countNumber: string, status: string): Promise<void> {
  await eventually(
    async () => (await api<{ status: string }>('GET', `/api/stock-counts/${countNumber}`, token)).body.status,
    (current) => current === status,
    { timeoutMs: 60_000, intervalMs: 1_000, what: `${countNumber} to be ${status}` },
  );
}

it('a clerk counts a bin at 390 px', async () => {
  const sku = `SC-E2E-${Date.now()}`;
  const bin = 'MAIN-C03';
  await itemWithStock(sku, [
    { location: bin, lot: `${sku}-A`, quantity: 6 },
    { location: bin, lot: `${sku}-B`, quantity: 4 },
  ]);
  const admin = await apiLogin('admin');
  const opened = await api<{ countNumber: string; workflowId: string }>('POST', '/api/stock-counts', admin, {
    locationCode: bin,
    itemSku: sku,
  });
  expect(opened.status).toBe(201);
  const { countNumber, workflowId } = opened.body;

  const task = await openTaskOf(admin, workflowId, 'stock-count');

  const { page, errors } = await journeys.newPage({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await login(page, 'clerk');

  await step(page, 'count-task-opened', async () => {
    await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(task!.id)}`);
    await byTestId(page, 'count-bin').waitFor({ state: 'visible' });
    expect(await textOf(byTestId(page, 'count-bin'))).toBe(bin);
    await eventually(
      () => byTestId(page, 'count-line').count(),
      (n) => n === 2,
      { timeoutMs: 10_000, intervalMs: 200, what: 'two count lines' },
    );
    // Blind: no book quantity anywhere on the form.
    const form = await textOf(page.locator('mw-stock-count-form'));
    expect(form).not.toMatch(/book|expected/i);
    await expectNoSidewaysPanning(page, 'the count task at 390 px');
    await expectTouchTargets(page.locator('mw-stock-count-form'), 'the count form');
  });

  const lineOf = (lot: string) => byTestId(page, 'count-line').filter({ has: page.locator(`text=Lot ${lot}`) });
  const qtyA = byTestId(lineOf(`${sku}-A`), 'count-qty');
  const qtyB = byTestId(lineOf(`${sku}-B`), 'count-qty');

  await step(page, 'scan-lands-on-line', async () => {
    await scan(page, `${sku}-B`);
    await expectFocused(qtyB, 'the quantity of lot B');
    await page.keyboard.type('4');
    await scan(page, `${sku}-A`);
    await expectFocused(qtyA, 'the quantity of lot A');
  });

  await step(page, 'refusal-on-field', async () => {
    await qtyA.fill('-1');
    await byTestId(page, 'task-complete').click();
    const error = byTestId(lineOf(`${sku}-A`), 'count-qty-error');
    await eventually(
      () => textOf(error),
      (text) => /zero or more/i.test(text),
      { timeoutMs: 15_000, intervalMs: 200, what: 'the refusal on lot A quantity' },
    );
  });

  await step(page, 'count-completed', async () => {
    await qtyA.fill('6');
    const completed = page.waitForResponse(
      (res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname) && res.request().method() === 'POST',
    );
    await byTestId(page, 'task-complete').click();
    expect((await completed).status()).toBe(200);
  });

  await step(page, 'count-posted', async () => {
    await countStatusIs(admin, countNumber, 'posted');
    await page.goto(`${BASE_URL}/stock-counts?q=${encodeURIComponent(countNumber)}`);
    const row = page.locator(`[data-testid="stock-count-status"]${attr('data-count', countNumber)}`);
    await eventually(
      async () => ((await row.count()) === 1 ? textOf(row) : ''),
      (text) => /posted/i.test(text),
      { timeoutMs: 30_000, intervalMs: 500, what: `${countNumber} to show posted in the list` },
    );
  });

  expect(errors).toEqual([]);
});

it('a controller approves a count difference and the list shows its value', async () => {
  const sku = `SC-E2E-V${Date.now()}`;
  const bin = 'MAIN-C03';
  // 40 at a unit cost of 4; counted 10 twice: 30 short, worth 120, above the 100 that needs approval.
  await itemWithStock(sku, [{ location: bin, lot: `${sku}-A`, quantity: 40 }]);
  const admin = await apiLogin('admin');
  const opened = await api<{ countNumber: string; workflowId: string }>('POST', '/api/stock-counts', admin, {
    locationCode: bin,
    itemSku: sku,
  });
  expect(opened.status).toBe(201);
  const { countNumber, workflowId } = opened.body;
  await completeOverApi(await apiLogin('clerk'), workflowId, 'stock-count', { lines: [{ lineNo: 1, quantity: 10 }] });
  await completeOverApi(await apiLogin('supervisor'), workflowId, 'stock-recount', {
    lines: [{ lineNo: 1, quantity: 10 }],
  });
  const approval = await openTaskOf(admin, workflowId, 'stock-count-approval');

  const { page, errors } = await journeys.newPage();
  await login(page, 'controller');

  await step(page, 'count-approval', async () => {
    await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(approval!.id)}`);
    await byTestId(page, 'approval-line').first().waitFor({ state: 'visible' });
    const line = await textOf(byTestId(page, 'approval-line').first());
    expect(line).toContain('-30');
    expect(line).toContain('120.00');
    expect(await textOf(byTestId(page, 'approval-abs-value'))).toContain('120.00');
    const completed = page.waitForResponse(
      (res) => /\/api\/tasks\/[^/]+\/complete$/.test(new URL(res.url()).pathname) && res.request().method() === 'POST',
    );
    await byTestId(page, 'count-approve').click();
    expect((await completed).status()).toBe(200);
  });

  await step(page, 'count-list-values', async () => {
    await countStatusIs(admin, countNumber, 'posted');
    await page.goto(`${BASE_URL}/stock-counts?q=${encodeURIComponent(countNumber)}&status=posted`);
    const row = page.locator(`[data-testid="stock-count-row"]${attr('data-count', countNumber)}`);
    await eventually(
      async () => ((await row.count()) === 1 ? textOf(row) : ''),
      (text) => text.includes('-30') && text.includes('120.00'),
      { timeoutMs: 30_000, intervalMs: 500, what: `${countNumber} to show its difference and value in the list` },
    );
  });

  expect(errors).toEqual([]);
});
