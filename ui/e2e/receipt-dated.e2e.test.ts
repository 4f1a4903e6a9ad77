/**
 * A receipt recorded a day late, on a handheld (390 px): the clerk dates it yesterday, the form flags the lot that
 * had already expired when it arrived, and after confirming the ledger shows the receipt dated yesterday and the
 * lot blocked (and expired) in the stock report, never available.
 */

import { api, apiLogin } from './rules-api';
import { eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, openInboxTask, waitForInstancePage } from './support/pages';
import { waitForAttribute, waitForCount, waitForEnabled } from './support/waits';
import { processPageAfterCompletion } from './support/task-flow';

jest.setTimeout(150_000);

const DAY = 86_400_000;

const journeys = useBrowser({ viewport: { width: 390, height: 844 } });

const handheld = () => journeys.newPage();

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

interface LedgerRow {
  effectiveAt: string;
  moveType: string;
  documentRef: string;
  lotCode: string | null;
  toStatus: string | null;
}
interface StockRow {
  lotCode: string | null;
  status: string;
  expired: boolean;
  quantity: number;
}

/** Every row of a paged report that matches, reading the pages from the last (newest) backwards. */
async function rowsOf<T>(token: string, path: string, matches: (row: T) => boolean): Promise<T[]> {
  const pageSize = 100;
  const first = await api<{ total: number }>('GET', `${path}&pageSize=1`, token);
  const pages = Math.max(1, Math.ceil((first.body.total ?? 0) / pageSize));
  const found: T[] = [];
  for (let page = pages; page >= 1; page -= 1) {
    const res = await api<{ items: T[] }>('GET', `${path}&pageSize=${pageSize}&page=${page}`, token);
    found.push(...(res.body.items ?? []).filter(matches));
  }
  return found;
}

describe('a clerk receives a purchase order dated yesterday', () => {
  test('the form flags the lot that expired before it arrived; it lands blocked, dated yesterday', async () => {
    const token = await apiLogin('clerk');
    const placed = await api<{ orderNumber: string; workflowId: string }>('POST', '/api/purchase-orders', token, {
      supplierCode: 'S-NORD',
      warehouseCode: 'MAIN',
      lines: [
        { itemSku: 'FOOD-001', quantity: 4, unitCost: 2 },
        { itemSku: 'FOOD-003', quantity: 3, unitCost: 2 },
      ],
    });
    expect(placed.status).toBe(201);
    const { orderNumber, workflowId } = placed.body;
    const stamp = Date.now();
    const expiredLot = `E2E-OLD-${stamp}`;
    const freshLot = `E2E-NEW-${stamp}`;
    // Yesterday, 10:00 on the clerk's clock (the browser and this test share the machine's time zone).
    const arrived = new Date(Date.now() - DAY);
    arrived.setHours(10, 0, 0, 0);
    const arrivedLocal = `${localDay(arrived)}T10:00`;
    const { page, errors } = await handheld();

    await step(page, 'dated-01-receipt-task', async () => {
      await login(page, 'clerk');
      await openInboxTask(page, orderNumber, 'goods-receipt');
      await waitForCount(byTestId(page, 'receipt-line'), 2);
    });

    await step(page, 'dated-02-expired-lot-flagged', async () => {
      const receivedAt = byTestId(page, 'receipt-received-at');
      // Defaults to now; a time tomorrow is refused before it reaches the server.
      await waitForAttribute(receivedAt, 'max', (max) => (max ?? '').startsWith(localDay(new Date())));
      await receivedAt.fill(`${localDay(new Date(Date.now() + DAY))}T10:00`);
      await byTestId(page, 'receipt-received-at-error').waitFor({ state: 'visible' });
      await waitForEnabled(byTestId(page, 'task-complete'), false);
      await receivedAt.fill(arrivedLocal);
      await byTestId(page, 'receipt-received-at-error').waitFor({ state: 'detached' });

      const [first, second] = [byTestId(page, 'receipt-line').nth(0), byTestId(page, 'receipt-line').nth(1)];
      await byTestId(first, 'receipt-lot').fill(expiredLot);
      await byTestId(first, 'receipt-manufactured').fill('2026-01-01');
      await byTestId(first, 'receipt-expiry').fill(localDay(new Date(arrived.getTime() - 2 * DAY)));
      await byTestId(second, 'receipt-lot').fill(freshLot);
      await byTestId(second, 'receipt-manufactured').fill(localDay(arrived));

      const flag = page.locator(`[data-testid="receipt-expiry-flag"]${attr('data-line-no', '1')}`);
      await waitForAttribute(flag, 'data-flag', 'expired');
      await flag.waitFor({ state: 'visible' });
      // The fresh lot (expiry from the shelf life) is not flagged.
      await waitForCount(page.locator(`[data-testid="receipt-expiry-flag"]${attr('data-line-no', '2')}`), 0);
      await waitForEnabled(byTestId(page, 'task-complete'), true);
    });

    await step(page, 'dated-03-confirmed', async () => {
      await byTestId(page, 'task-complete').click();
      await processPageAfterCompletion(page, workflowId);
    });

    await step(page, 'dated-04-blocked-and-dated-yesterday', async () => {
      const ledger = await eventually(
        () =>
          rowsOf<LedgerRow>(
            token,
            '/api/reports/item-ledger?itemSku=FOOD-001',
            (row) => row.documentRef === orderNumber && row.moveType === 'receipt',
          ),
        (rows) => rows.length === 1,
        { timeoutMs: 60_000, intervalMs: 1_000, what: `the receipt of ${orderNumber} in the item ledger` },
      );
      expect(ledger[0]).toMatchObject({ lotCode: expiredLot, toStatus: 'blocked' });
      expect(new Date(ledger[0]?.effectiveAt ?? '').getTime()).toBe(arrived.getTime());

      const lots = await rowsOf<StockRow>(
        token,
        '/api/reports/stock-on-hand?itemSku=FOOD-001&warehouseCode=MAIN',
        (row) => row.lotCode === expiredLot,
      );
      expect(lots.map((row) => [row.status, row.expired, row.quantity])).toEqual([['blocked', true, 4]]);
    });

    expect(errors).toEqual([]);
  });
});
