/**
 * Forecasts in the console: a planner records a forecast from Planning -> Forecasts (an unknown item and a second
 * forecast on the same day are refused on the field they name), finds it on the shared list filtered by item,
 * changes its quantity and deletes it.
 */
import { plainItem } from '../../test/support/stock';
import { eventually, step, useBrowser } from './support/browser';
import { openNav } from './support/lists';
import { withE2eOrm } from './support/mrp-world';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForCount } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 } });

const S = `${Date.now() % 1_000_000}`;
const sku = `FCE-${S}`;
const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => withE2eOrm((orm) => plainItem(orm, sku, { name: `Forecast lamp ${S}` })));

describe('forecasts', () => {
  test('a planner records, finds, changes and deletes a forecast; refusals land on their fields', async () => {
    const { page, errors } = await newPage();
    const rows = page.locator(`[data-testid="forecast-row"]${attr('data-sku', sku)}`);
    const record = async (itemSku: string, quantity: string) => {
      await byTestId(page, 'forecast-item').fill(itemSku);
      await byTestId(page, 'forecast-date').fill(day);
      await byTestId(page, 'forecast-quantity').fill(quantity);
      await byTestId(page, 'forecast-save').click();
    };
    const openList = async () => {
      await openNav(page, 'nav-forecasts');
      await page.waitForURL((url) => url.pathname === '/planning/forecasts');
      await byTestId(page, 'list-filter-itemSku').fill(sku);
      await byTestId(page, 'list-filter-itemSku').press('Enter');
    };

    await step(page, 'forecasts-01-unknown-item', async () => {
      await login(page, 'planner');
      await openNav(page, 'nav-forecasts');
      await byTestId(page, 'forecast-new').click();
      await record(`NOPE-${S}`, '12');
      const itemError = byTestId(page, 'forecast-item-error');
      await itemError.waitFor({ state: 'visible' });
      expect(await textOf(itemError)).toContain(`No item NOPE-${S}`);
    });

    await step(page, 'forecasts-02-recorded', async () => {
      await record(sku, '12');
      await page.waitForURL((url) => url.pathname === '/planning/forecasts');
      await openList();
      await waitForCount(rows, 1);
      expect(await rows.getAttribute('data-day')).toBe(day);
      expect(await textOf(rows)).toContain('12');
    });

    await step(page, 'forecasts-03-same-day-refused', async () => {
      await byTestId(page, 'forecast-new').click();
      await record(sku, '5');
      const dateError = byTestId(page, 'forecast-date-error');
      await dateError.waitFor({ state: 'visible' });
      expect(await textOf(dateError)).toContain('already');
    });

    await step(page, 'forecasts-04-changed', async () => {
      await openList();
      await waitForCount(rows, 1);
      await rows.click();
      await page.waitForURL((url) => /^\/planning\/forecasts\/\d+$/.test(url.pathname));
      const quantity = byTestId(page, 'forecast-quantity');
      await eventually(
        () => quantity.inputValue(),
        (value) => value === '12',
        { what: 'the recorded quantity' },
      );
      await quantity.fill('20');
      await byTestId(page, 'forecast-save').click();
      await page.waitForURL((url) => url.pathname === '/planning/forecasts');
      await openList();
      await eventually(
        () => textOf(rows),
        (text) => text.includes('20'),
        { what: 'the changed quantity on the list' },
      );
    });

    await step(page, 'forecasts-05-deleted', async () => {
      await rows.click();
      await page.waitForURL((url) => /^\/planning\/forecasts\/\d+$/.test(url.pathname));
      await eventually(
        () => byTestId(page, 'forecast-quantity').inputValue(),
        (value) => value === '20',
        { what: 'the forecast loaded' },
      );
      await byTestId(page, 'forecast-delete').click();
      await page.waitForURL((url) => url.pathname === '/planning/forecasts');
      await openList();
      await byTestId(page, 'list-empty').waitFor({ state: 'visible' });
      await waitForCount(rows, 0);
    });
    expect(errors).toEqual([]);
  });
});
