/**
 * Invoice-match journey: a purchase order received through the API, an invoice entered above the price tolerance,
 * and a controller who sees order, receipts and invoice side by side in the console and approves it; the invoice
 * posts, the invoice list shows it posted and the purchase order shows it on its line.
 */
import type { Page } from 'playwright-core';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, openInboxTask, textOf } from './support/pages';

jest.setTimeout(180_000);

const { newPage } = useBrowser();

interface ProcessView {
  tasks?: Array<{ id: string; status: string; formKind: string }>;
}

async function openTaskId(token: string, workflowId: string, formKind: string): Promise<string> {
  return eventually(
    async () => {
      const response = await api<ProcessView>('GET', `/api/processes/${encodeURIComponent(workflowId)}`, token);
      return response.body.tasks?.find((task) => task.status === 'open' && task.formKind === formKind)?.id ?? '';
    },
    (id) => id !== '',
    { timeoutMs: 60_000, intervalMs: 500, what: `the ${formKind} task of ${workflowId}` },
  );
}

/** A PO of 4 x 12.50 received in full as the clerk, then an invoice at 14.00 (12 % over: outside tolerance). */
async function mismatchedInvoice(invoiceNumber: string): Promise<{ orderNumber: string; invoiceKey: string }> {
  const clerk = await apiLogin('clerk');
  const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', clerk, {
    supplierCode: 'S-NORD',
    warehouseCode: 'MAIN',
    lines: [{ itemSku: 'HW-001', quantity: 4, unitCost: 12.5 }],
  });
  expect(placed.status).toBe(201);
  const { orderNumber, workflowId } = placed.body;
  const receiptTask = await openTaskId(clerk, workflowId, 'goods-receipt');
  const received = await api('POST', `/api/tasks/${receiptTask}/complete`, clerk, {
    payload: { lines: [{ lineNo: 1, quantity: 4 }] },
  });
  expect(received.status).toBe(200);
  await eventually(
    async () =>
      (await api<{ lines: Array<{ receivedQuantity: number }> }>('GET', `/api/purchase-orders/${orderNumber}`, clerk))
        .body,
    (order) => order.lines[0]?.receivedQuantity === 4,
    { timeoutMs: 60_000, intervalMs: 500, what: `the receipt of ${orderNumber}` },
  );
  const entered = await api('POST', '/api/supplier-invoices', clerk, {
    supplierCode: 'S-NORD',
    invoiceNumber,
    orderNumber,
    invoiceDate: new Date().toISOString().slice(0, 10),
    lines: [{ lineNo: 1, quantity: 4, unitPrice: 14, taxRate: 19 }],
  });
  expect(entered.status).toBe(201);
  return { orderNumber, invoiceKey: `S-NORD-${invoiceNumber}` };
}

async function openApprovalTask(page: Page, invoiceKey: string): Promise<void> {
  await openInboxTask(page, invoiceKey, 'invoice-match-approval');
}

describe('supplier invoice outside tolerance', () => {
  test('a controller sees order, receipts and invoice side by side and approves the mismatched invoice', async () => {
    const { page, errors } = await newPage();
    const invoiceNumber = `E2E-${Date.now()}`;
    const { orderNumber, invoiceKey } = await mismatchedInvoice(invoiceNumber);

    await step(page, 'si-01-approval-task', async () => {
      await login(page, 'controller');
      await openApprovalTask(page, invoiceKey);
      await byTestId(page, 'im-documents').waitFor({ state: 'visible', timeout: 30_000 });
      await expect(textOf(byTestId(page, 'im-invoice-key'))).resolves.toBe(invoiceKey);
      await expect(textOf(byTestId(page, 'im-order-number'))).resolves.toBe(orderNumber);
      await expect(byTestId(page, 'im-order-line').count()).resolves.toBe(1);
      await expect(byTestId(page, 'im-receipt').count()).resolves.toBe(1);
      await expect(textOf(byTestId(page, 'im-receipt-qty'))).resolves.toBe('4');
      await expect(byTestId(page, 'im-invoice-line').count()).resolves.toBe(1);
      // (14.00 - 12.50) x 4 = 6.00 over, 12 % of the receipt value: outside the 2 % tolerance.
      await expect(textOf(byTestId(page, 'im-price-variance'))).resolves.toContain('6.00');
      await expect(byTestId(page, 'im-variance').first().getAttribute('data-within')).resolves.toBe('false');
    });

    await step(page, 'si-02-approved', async () => {
      await byTestId(page, 'im-comment').fill('surcharge agreed by phone');
      await byTestId(page, 'im-approve').click();
      const clerk = await apiLogin('clerk');
      await eventually(
        async () =>
          (await api<{ status: string }>('GET', `/api/supplier-invoices/S-NORD/${invoiceNumber}`, clerk)).body,
        (invoice) => invoice.status === 'posted',
        { timeoutMs: 60_000, intervalMs: 500, what: `invoice ${invoiceNumber} posted` },
      );
    });

    await step(page, 'si-03-list-shows-posted', async () => {
      await page.goto(`${BASE_URL}/supplier-invoices`);
      const row = page.locator(`[data-testid="si-row"]${attr('data-invoice-number', invoiceNumber)}`);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await eventually(
        () => textOf(byTestId(row, 'si-status')),
        (status) => status.includes('posted'),
        { timeoutMs: 30_000, intervalMs: 500, what: 'the posted status in the list' },
      );
    });

    await step(page, 'si-04-order-shows-invoice', async () => {
      await page.goto(`${BASE_URL}/purchase-orders/${orderNumber}`);
      const invoice = page.locator(`[data-testid="po-line-invoice"]${attr('data-invoice-number', invoiceNumber)}`);
      await invoice.waitFor({ state: 'visible', timeout: 30_000 });
      await eventually(
        () => textOf(invoice),
        (text) => text.includes('4 × 14.00') && text.includes('posted'),
        { timeoutMs: 30_000, intervalMs: 500, what: 'the invoice on the purchase-order line' },
      );
    });

    expect(errors).toEqual([]);
  });
});
