/**
 * The period-close reports (issue 17): the month's trial balance from the closing balances refuses an unknown period
 * on its field and shows a balanced month; cost composition lists per order and per product.
 */

import { step, useBrowser } from './support/browser';
import { byTestId, login, textOf } from './support/pages';

jest.setTimeout(120_000);

const { newPage } = useBrowser();

test('controller reads the trial balance by period and the cost composition', async () => {
  const { page } = await newPage();

  let period = '';
  await step(page, 'close-reports-01-unknown-period', async () => {
    await login(page, 'controller');
    // A month the books hold (the seed's postings open it), from the periods page.
    await byTestId(page, 'nav-periods').click();
    await byTestId(page, 'period-row').first().waitFor({ state: 'visible' });
    period = (await byTestId(page, 'period-row').first().getAttribute('data-code')) ?? '';
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    await byTestId(page, 'nav-reports').click();
    await page.waitForURL((url) => url.pathname === '/reports');
    await byTestId(page, 'report-tab-closing-trial-balance').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'closing-trial-balance');
    await byTestId(page, 'ctb-period').fill('1901-01');
    await byTestId(page, 'ctb-load').click();
    await byTestId(page, 'ctb-error').waitFor({ state: 'visible' });
    await expect(textOf(byTestId(page, 'ctb-error'))).resolves.toContain('1901-01');
  });

  await step(page, 'close-reports-02-balanced-month', async () => {
    await byTestId(page, 'ctb-period').fill(period);
    await byTestId(page, 'ctb-load').click();
    await byTestId(page, 'ctb-table').waitFor({ state: 'visible' });
    await expect(textOf(byTestId(page, 'ctb-balanced'))).resolves.toBe('yes');
  });

  await step(page, 'close-reports-03-cost-composition', async () => {
    await byTestId(page, 'report-tab-cost-composition').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'cost-composition');
    await byTestId(page, 'cost-table').waitFor({ state: 'visible' });
    await byTestId(page, 'report-tab-cost-by-product').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'cost-by-product');
    await byTestId(page, 'cost-table').waitFor({ state: 'visible' });
  });
});
