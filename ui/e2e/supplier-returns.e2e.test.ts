/**
 * Goods going back to the supplier, through the console: a purchase order received and put away (set up over the
 * API), a clerk returns 3 of the 10 from the order's detail saying the supplier will replace them, picks them in the
 * return task, and the order shows the 3 open again with the return posted.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, chooseOption, login, openInboxTask, textOf } from './support/pages';
import { waitForEnabled } from './support/waits';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(180_000);

const { newPage } = useBrowser();

interface ProcessTasks {
  tasks?: Array<{ id: string; status: string; formKind: string }>;
}

/** Completes the process's open task of `formKind` over the API (set-up only). */
async function completeOverApi(token: string, workflowId: string, formKind: string, payload: unknown): Promise<void> {
  const task = await eventually(
    async () => {
      const detail = await api<ProcessTasks>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return detail.body.tasks?.find((candidate) => candidate.status === 'open' && candidate.formKind === formKind);
    },
    (found) => found !== undefined,
    { what: `${formKind} task of ${workflowId}` },
  );
  const done = await api('POST', `/api/tasks/${task?.id}/complete`, token, { payload });
  if (done.status !== 200) throw new Error(`${formKind} not completed: ${done.status} ${JSON.stringify(done.body)}`);
}

/** A purchase order for 10 HW-001, received in full and put away into MAIN-B05. */
async function receivedOrder(): Promise<string> {
  const token = await apiLogin('clerk');
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', token, {
    supplierCode: 'S-NORD',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: 'HW-001', quantity: 10, unitCost: 1.5 }],
  });
  if (placed.status !== 201) throw new Error(`PO not placed: ${placed.status}`);
  const { orderNumber, workflowId } = placed.body;
  await completeOverApi(token, workflowId, 'goods-receipt', { lines: [{ lineNo: 1, quantity: 10 }] });
  await completeOverApi(token, workflowId, 'putaway', { lines: [{ lineNo: 1, toLocation: 'MAIN-B05' }] });
  return orderNumber;
}

async function openOrder(page: Page, orderNumber: string): Promise<void> {
  await page.goto(`${BASE_URL}/purchase-orders/${orderNumber}`);
  await byTestId(page, 'po-line').first().waitFor({ state: 'visible' });
}

describe('a supplier return from the purchase order', () => {
  test('a clerk returns part of a delivery for replacement, picks it, and the quantity is open again', async () => {
    const orderNumber = await receivedOrder();
    const { page, errors } = await newPage();
    let returnNumber = '';
    let workflowId = '';

    await step(page, 'supplier-return-01-requested', async () => {
      await login(page, 'clerk');
      await page.waitForURL((url) => url.pathname === '/tasks');
      await openOrder(page, orderNumber);
      await byTestId(page, 'po-return-open').click();
      await byTestId(page, 'po-return-quantity').first().fill('3');
      await byTestId(page, 'po-return-reason').fill('wrong size delivered');
      await byTestId(page, 'po-return-replace').locator('input').check();
      const created = page.waitForResponse(
        (res) => new URL(res.url()).pathname === '/api/supplier-returns' && res.request().method() === 'POST',
      );
      await byTestId(page, 'po-return-submit').click();
      const body = (await (await created).json()) as { returnNumber: string; workflowId: string };
      returnNumber = body.returnNumber;
      workflowId = body.workflowId;
      await byTestId(page, 'po-return').filter({ hasText: returnNumber }).waitFor({ state: 'visible' });
    });

    await step(page, 'supplier-return-02-picked', async () => {
      await openInboxTask(page, returnNumber, 'supplier-return');
      await byTestId(page, 'return-line').first().waitFor({ state: 'visible' });
      await chooseOption(page, 'return-place', 'return-place-option', 'MAIN-B05');
      await waitForEnabled(byTestId(page, 'task-complete'));
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
    });

    await step(page, 'supplier-return-03-reopened', async () => {
      await eventually(
        async () => {
          await openOrder(page, orderNumber);
          const open = await textOf(byTestId(page, 'po-line-open'));
          const posted = await byTestId(page, 'po-return').filter({ hasText: 'posted' }).count();
          return `${open}/${posted}`;
        },
        (shown) => shown === '3/1',
        { timeoutMs: 60_000, intervalMs: 1_500, what: `${orderNumber} open again for the 3 returned` },
      );
    });
    expect(errors).toEqual([]);
  });
});
