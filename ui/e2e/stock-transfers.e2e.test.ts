/**
 * Transfers between warehouses in the console (issue 14): a clerk dispatches stock from MAIN to EAST (more than the
 * bin holds is refused on the quantity field), finds the transfer in transit on the shared list, opens it and receives
 * it into an EAST bin. At a desktop and at 390 px, where a clerk holds a handheld.
 */
import type { Page } from 'playwright-core';
import { BASE_URL, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf } from './support/pages';
import { itemWithStock } from './support/stock';
import { waitForAttribute, waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser();
const S = `${Date.now() % 1_000_000}`;
const arrival = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);

/** The message the field shows under the input with this test id. */
const fieldError = (page: Page, inputTestId: string) =>
  page.locator('mat-form-field', { has: byTestId(page, inputTestId) }).locator('[data-testid="field-error"]');

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'handheld', viewport: { width: 390, height: 844 } },
];

describe('transfers between warehouses', () => {
  for (const [index, { name, viewport }] of VIEWPORTS.entries()) {
    test(`${name}: dispatch (too much refused on its field), find in transit, receive into a bin`, async () => {
      const sku = `TRE-${S}-${index}`;
      const lot = `TL-${S}-${index}`;
      await itemWithStock(sku, [{ location: 'MAIN-A03', lot, quantity: 10 }]);
      const { page, errors } = await newPage({ viewport });
      const rows = page.locator(`[data-testid="transfer-row"]`);
      const dispatch = async (quantity: string) => {
        await byTestId(page, 'transfer-item').fill(sku);
        await byTestId(page, 'transfer-lot').fill(lot);
        await byTestId(page, 'transfer-quantity').fill(quantity);
        await byTestId(page, 'transfer-from').fill('MAIN-A03');
        await byTestId(page, 'transfer-to-warehouse').fill('EAST');
        await byTestId(page, 'transfer-arrival').fill(arrival);
        await byTestId(page, 'transfer-dispatch').click();
      };

      await step(page, `transfers-${name}-01-too-much`, async () => {
        await login(page, 'clerk');
        await page.goto(`${BASE_URL}/stock/transfers?q=${sku}`);
        await dispatch('11');
        const error = fieldError(page, 'transfer-quantity');
        await error.waitFor({ state: 'visible' });
        expect(await textOf(error)).toContain('only 10 on hand');
      });

      await step(page, `transfers-${name}-02-in-transit`, async () => {
        await dispatch('4');
        await byTestId(page, 'transfer-done').waitFor({ state: 'visible' });
        expect(await textOf(byTestId(page, 'transfer-done'))).toContain('in transit to EAST');
        await waitForCount(rows, 1);
        await waitForAttribute(rows.first(), 'data-status', 'dispatched');
      });

      await step(page, `transfers-${name}-03-received`, async () => {
        await rows.first().click();
        await byTestId(page, 'transfer-receive-card').waitFor({ state: 'visible' });
        await byTestId(page, 'transfer-receive-bin').fill('MAIN-A01');
        await byTestId(page, 'transfer-receive').click();
        const binError = fieldError(page, 'transfer-receive-bin');
        await binError.waitFor({ state: 'visible' });
        expect(await textOf(binError)).toContain('no active bin of warehouse EAST');
        await byTestId(page, 'transfer-receive-bin').fill('EAST-A02');
        await byTestId(page, 'transfer-receive').click();
        await byTestId(page, 'transfer-receive-card').waitFor({ state: 'hidden' });
        await waitForAttribute(
          page.locator(`[data-testid="transfer-row"]${attr('data-status', 'received')}`),
          'data-status',
          'received',
        );
        expect(await textOf(byTestId(page, 'transfer-done'))).toContain('received at EAST-A02');
      });
      expect(errors).toEqual([]);
    });
  }
});
