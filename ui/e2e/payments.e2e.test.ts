/**
 * Payments (issue 12, item 4): a controller enters a payment that would overpay and sees the server's refusal on the
 * amount field, imports a bank statement with a bad row and sees the row and column named (nothing written), and
 * reads the receivables aging with its reconciliation against 1100.
 */
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { byTestId, login } from './support/pages';

jest.setTimeout(120_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

describe('payments', () => {
  test('a controller is refused an overpayment on its field, sees a bad statement row named, and reads the aging', async () => {
    const { page } = await newPage();

    await step(page, 'payments-01-enter-overpayment', async () => {
      await login(page, 'controller');
      await page.goto(`${BASE_URL}/payments`);
      await byTestId(page, 'payment-partner').fill('C-GRID');
      await byTestId(page, 'payment-partner').press('Tab');
      // The demo's overdue invoice of Grid Electrical is offered to apply to.
      await byTestId(page, 'allocation-row').first().waitFor();
      await byTestId(page, 'payment-amount').fill('999999');
      await byTestId(page, 'payment-submit').click();
      await eventually(
        () => page.locator('mat-form-field', { has: byTestId(page, 'payment-amount') }).innerText(),
        (text) => text.includes('would overpay'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the overpayment refused on the amount field' },
      );
    });

    await step(page, 'payments-02-statement-with-a-bad-row', async () => {
      await byTestId(page, 'payment-import').setInputFiles({
        name: 'statement.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'kind,partner,amount,paidOn,reference,invoiceNumber\ncustomer-receipt,C-GRID,abc,2026-01-05,S1,\n',
        ),
      });
      await eventually(
        () => byTestId(page, 'import-problem').allInnerTexts(),
        (texts) => texts.some((text) => text.includes('line 2, column amount')),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the bad row named' },
      );
    });

    await step(page, 'payments-03-receivables-aging', async () => {
      await byTestId(page, 'nav-aging').click();
      await eventually(
        () => byTestId(page, 'aging-row').allInnerTexts(),
        (rows) => rows.some((row) => row.includes('C-GRID')),
        { timeoutMs: 20_000, intervalMs: 250, what: 'Grid Electrical in the receivables aging' },
      );
      await eventually(
        () => byTestId(page, 'aging-reconciliation').innerText(),
        (text) => text.includes('account 1100'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the reconciliation with 1100' },
      );
    });
  });
});
