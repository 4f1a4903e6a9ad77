/**
 * Journal entries (issue 17, actual costs in): a controller is refused an entry on an account a subledger controls
 * (named on the line's account field), books an accrual and sees it listed, and imports a CSV whose bad row is
 * named by line and column (nothing written).
 */
import { eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login } from './support/pages';
import { expectStaysAbsent, waitForCount } from './support/waits';

jest.setTimeout(120_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

describe('journal entries', () => {
  test('a controller books an accrual and sees it listed, and sees a bad CSV row reported', async () => {
    const { page, errors } = await newPage();
    const reference = `ACR-${Date.now() % 1_000_000}`;
    const today = new Date().toISOString().slice(0, 10);

    await step(page, 'journal-entries-01-open', async () => {
      await login(page, 'controller');
      await byTestId(page, 'nav-journal-entries').click();
      await page.waitForURL((url) => url.pathname === '/journal-entries');
    });

    await step(page, 'journal-entries-02-controlled-account-refused', async () => {
      await byTestId(page, 'je-reference').fill(reference);
      await byTestId(page, 'je-reason').fill('Energy for the month, invoice not yet in');
      await byTestId(page, 'je-account-0').fill('1300');
      await byTestId(page, 'je-debit-0').fill('250');
      await byTestId(page, 'je-credit-1').fill('250');
      await byTestId(page, 'je-submit').click();
      await eventually(
        () => page.locator('mat-form-field', { has: byTestId(page, 'je-account-0') }).innerText(),
        (text) => text.includes('controlled by its subledger'),
        { timeoutMs: 20_000, intervalMs: 250, what: 'the controlled account refused on its field' },
      );
      await expectStaysAbsent(page.locator(`[data-testid="je-row"]${attr('data-reference', reference)}`), 1_000);
    });

    await step(page, 'journal-entries-03-accrual-booked-and-listed', async () => {
      await byTestId(page, 'je-account-0').fill('6000');
      await byTestId(page, 'je-submit').click();
      await byTestId(page, 'je-posted').waitFor({ state: 'visible' });
      const row = page.locator(`[data-testid="je-row"]${attr('data-reference', reference)}`);
      await waitForCount(row, 1);
      await eventually(
        () => row.innerText(),
        (text) => text.includes('6000 Dr') && text.includes('2400 Cr') && text.includes('250'),
        { timeoutMs: 15_000, intervalMs: 250, what: 'the accrual listed with its accounts and amount' },
      );
    });

    await step(page, 'journal-entries-04-bad-csv-row-reported', async () => {
      await byTestId(page, 'je-import-reason').fill('Payroll export');
      await byTestId(page, 'je-import-file').setInputFiles({
        name: 'payroll.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          `entryRef,date,account,debit,credit,memo\n${reference}-P,${today},6200,100,,wages\n${reference}-P,${today},2200,,100,payables are the subledger's\n`,
        ),
      });
      await byTestId(page, 'je-import-submit').click();
      const problem = page.locator(`[data-testid="je-import-problem"]${attr('data-line', '3')}`);
      await waitForCount(problem, 1);
      await expect(problem.getAttribute('data-column')).resolves.toBe('account');
      await expectStaysAbsent(page.locator(`[data-testid="je-row"]${attr('data-reference', `${reference}-P`)}`), 1_000);
    });

    expect(errors).toEqual([]);
  });
});
