/**
 * The planner's overdue production task (issue 13): an order past its due date with its kit waiting for stock gives
 * the planner a task; a date before the order's start is refused on the date field; a date ahead reschedules the
 * order (the same PATCH as the API), the process withdraws the task and the order shows the new date.
 */
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login, textOf } from './support/pages';

jest.setTimeout(240_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const FG = `OVD-FG-${RUN}`; // made here
const PART = `OVD-PT-${RUN}`; // a kit part with no stock: the order waits for it
const WC = `OW${RUN}`;
const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function ok(what: string, res: { status: number; body: unknown }, status = 201): Promise<void> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A made item of one kit part (none in stock) and a one-operation routing; an order for it due yesterday. */
async function overdueOrder(): Promise<{ number: string; workflowId: string }> {
  const admin = await apiLogin('admin');
  for (const [sku, supplyType] of [
    [FG, 'make'],
    [PART, 'buy'],
  ] as const) {
    const item = { sku, name: `Overdue ${sku}`, uom: 'pcs', category: 'test', supplyType };
    await ok(sku, await api('POST', '/api/items', admin, item));
  }
  await ok('work centre', await api('POST', '/api/work-centres', admin, { code: WC, name: 'Overdue cell' }));
  const bom = { effectiveFrom: '2026-01-01', phantom: false, lines: [{ componentSku: PART, quantityPer: 1 }] };
  await ok('BOM', await api('POST', `/api/items/${FG}/boms`, admin, bom));
  const operation = { seq: 10, workCentreCode: WC, description: 'Assemble', setupHours: 0, runHoursPerUnit: 1 };
  await ok(
    'routing',
    await api('POST', `/api/items/${FG}/routings`, admin, { effectiveFrom: '2026-01-01', operations: [operation] }),
  );
  const planner = await apiLogin('planner');
  const created = await api<{ number: string; workflowId: string }>('POST', '/api/production-orders', planner, {
    itemSku: FG,
    quantity: 2,
    warehouseCode: 'MAIN',
    startDate: isoDay(-5),
    dueDate: isoDay(-1),
  });
  await ok('production order', created);
  return created.body;
}

interface ProcessTasks {
  tasks?: Array<{ id: string; status: string; formKind: string }>;
}

async function overdueTask(token: string, workflowId: string, status: string, id?: string) {
  return eventually(
    async () => {
      const detail = await api<ProcessTasks>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body.tasks?.find(
        (task) => task.formKind === 'production-overdue' && task.status === status && (!id || task.id === id),
      );
    },
    (found) => found !== undefined,
    { what: `the ${status} overdue task of ${workflowId}` },
  );
}

describe('the overdue production order, rescheduled from the planner task', () => {
  test('a date before the start is refused on the field; a date ahead reschedules and withdraws the task', async () => {
    const { number, workflowId } = await overdueOrder();
    const planner = await apiLogin('planner');
    const task = await overdueTask(planner, workflowId, 'open');
    const { page, errors } = await newPage();
    await login(page, 'planner');

    await step(page, 'overdue task shows the order and its date', async () => {
      await page.goto(`${BASE_URL}/tasks/${encodeURIComponent(task?.id ?? '')}`);
      await byTestId(page, 'prd-overdue-order').waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'prd-overdue-order'))).toBe(number);
      expect(await textOf(byTestId(page, 'prd-overdue-due'))).toBe(isoDay(-1));
    });

    await step(page, 'a date before the start is refused on the date', async () => {
      await byTestId(page, 'prd-overdue-due-date').fill(isoDay(-6));
      await byTestId(page, 'prd-overdue-reschedule').click();
      const fieldError = byTestId(page, 'field-error').filter({ hasText: 'before' });
      await fieldError.first().waitFor({ state: 'visible' });
      const order = await api<{ dueDate: string }>('GET', `/api/production-orders/${number}`, planner);
      expect(order.body.dueDate).toBe(isoDay(-1));
    });

    await step(page, 'a date ahead reschedules the order and the process withdraws the task', async () => {
      await byTestId(page, 'prd-overdue-due-date').fill(isoDay(10));
      await byTestId(page, 'prd-overdue-reschedule').click();
      await byTestId(page, 'prd-overdue-rescheduled').waitFor({ state: 'visible' });
      expect(await textOf(byTestId(page, 'prd-overdue-rescheduled'))).toContain(isoDay(10));
      await overdueTask(planner, workflowId, 'cancelled', task?.id);
      const order = await api<{ dueDate: string }>('GET', `/api/production-orders/${number}`, planner);
      expect(order.body.dueDate).toBe(isoDay(10));
    });

    await ok(
      'cancel',
      await api('POST', `/api/production-orders/${number}/cancel`, planner, { reason: 'e2e done' }),
      202,
    );
    expect(errors).toEqual([]);
  });
});
