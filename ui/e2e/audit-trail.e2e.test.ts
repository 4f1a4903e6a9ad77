/**
 * The auditor's console (issue 18, item 2): an admin creates an item and a clerk places an order through the API;
 * the auditor opens the audit trail (the chain's verification status on top), finds the order by user, action and
 * document (filters kept in the URL), opens its process instance from the row, finds the admin's item (no process,
 * so no link), exports the filtered rows as CSV with their chain hashes, and finds nothing on the page that changes
 * anything (the API refuses the auditor a change as well).
 */
import { readFileSync } from 'node:fs';
import { api, apiLogin, placeOrder } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf, waitForInstancePage } from './support/pages';
import { expectStaysAbsent, waitForAttribute, waitForCount, waitForValue } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });

interface Verification {
  ok: boolean;
  verified: number;
}

/** Types a free-text filter of the shared list and applies it (Enter), then waits for the URL to carry it. */
async function filter(page: import('playwright-core').Page, key: string, value: string): Promise<void> {
  const input = byTestId(page, `list-filter-${key}`);
  await input.fill(value);
  await input.press('Enter');
  await page.waitForURL((url) => url.searchParams.get(key) === value);
}

describe('audit trail', () => {
  test('an auditor finds who did what, opens the process, exports the trail and can change nothing', async () => {
    const { page, errors } = await newPage();
    const sku = `AUD-E2E-${Date.now() % 1_000_000}`;
    const admin = await apiLogin('admin');
    const item = await api('POST', '/api/items', admin, { sku, name: `Audited ${sku}`, uom: 'PCS', category: 'test' });
    expect(item.status).toBe(201);
    const order = await placeOrder('C-BOLT', 'HW-003', 1);
    const auditorToken = await apiLogin('auditor');

    await step(page, 'audit-trail-01-open-with-chain-status', async () => {
      await login(page, 'auditor');
      await byTestId(page, 'nav-audit-trail').click();
      await page.waitForURL((url) => url.pathname === '/audit/trail');
      const status = byTestId(page, 'audit-chain-status');
      const state = await waitForAttribute(status, 'data-state', (s) => s === 'intact' || s === 'broken');
      // The page says what the server's verification says (the shared database decides which).
      const verified = await api<Verification>('GET', '/api/audit/verify', auditorToken);
      expect(state).toBe(verified.body.ok ? 'intact' : 'broken');
      const text = await textOf(status);
      expect(text).toMatch(verified.body.ok ? /^\d+ rows verified, chain intact\./ : /^Chain broken at position \d+/);
    });

    const orderRow = page.locator(`[data-testid="audit-row"]${attr('data-entity-id', order.orderNumber)}`);
    await step(page, 'audit-trail-02-find-the-order-by-user-action-document', async () => {
      await filter(page, 'actor', 'clerk');
      await filter(page, 'action', 'order.created');
      await filter(page, 'entityId', order.orderNumber);
      await waitForCount(orderRow, 1);
      await waitForAttribute(byTestId(page, 'list-total'), 'data-total', '1');
      await waitForAttribute(orderRow, 'data-actor', 'clerk');
      await waitForAttribute(orderRow, 'data-workflow-id', order.workflowId);
      // Sealed a moment ago: the row shows its chain position and hash.
      await waitForAttribute(orderRow, 'data-seq', (seq) => seq !== null && Number(seq) > 0);
      await eventually(
        () => textOf(orderRow.locator('[data-testid="audit-chain-hash"]')),
        (text) => /^[0-9a-f]{12}…$/.test(text),
        { timeoutMs: 10_000, intervalMs: 200, what: 'the row’s chain hash' },
      );
    });

    await step(page, 'audit-trail-03-filters-survive-a-reload', async () => {
      await page.reload();
      await waitForValue(byTestId(page, 'list-filter-entityId'), order.orderNumber);
      await waitForValue(byTestId(page, 'list-filter-actor'), 'clerk');
      await waitForCount(orderRow, 1);
    });

    await step(page, 'audit-trail-04-open-the-process', async () => {
      await orderRow.locator('[data-testid="audit-process-link"]').click();
      await waitForInstancePage(page, order.workflowId);
      await page.goBack();
      await page.waitForURL((url) => url.pathname === '/audit/trail');
      await waitForCount(orderRow, 1);
    });

    const itemRow = page.locator(`[data-testid="audit-row"]${attr('data-entity-id', sku)}`);
    await step(page, 'audit-trail-05-find-the-admins-item', async () => {
      await filter(page, 'actor', 'admin');
      await filter(page, 'action', 'item.created');
      await filter(page, 'entityId', sku);
      await waitForCount(itemRow, 1);
      await waitForAttribute(byTestId(page, 'list-total'), 'data-total', '1');
      // No process behind a new item: nothing to link to.
      await expectStaysAbsent(itemRow.locator('[data-testid="audit-process-link"]'), 1_000);
    });

    await step(page, 'audit-trail-06-export-csv-with-hashes', async () => {
      const download = page.waitForEvent('download');
      await byTestId(page, 'list-export').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('audit-trail.csv');
      const lines = readFileSync((await file.path()) as string, 'utf8')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'id,seq,at,actor,action,entityType,entityId,workflowId,details,contentHash,previousHash,chainHash',
      );
      // The filtered rows only, every one with its hashes.
      expect(lines).toHaveLength(2);
      const fields = lines[1]!.split(',');
      expect(fields.slice(3, 7)).toEqual(['admin', 'item.created', 'item', sku]);
      for (const hash of fields.slice(-3)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    });

    await step(page, 'audit-trail-07-nothing-here-changes-anything', async () => {
      const content = page.locator('mat-sidenav-content');
      // The only buttons are the exports and the list's paging; no form, no editable text.
      const buttons = await content
        .locator('button')
        .evaluateAll((all) =>
          all.map((b) => (b.getAttribute('data-testid') ?? b.getAttribute('aria-label') ?? b.textContent ?? '').trim()),
        );
      const allowed = /^(list-export|audit-export-json|Previous page|Next page|First page|Last page|)$/;
      expect(buttons.filter((label) => !allowed.test(label))).toEqual([]);
      await expectStaysAbsent(content.locator('form, [contenteditable="true"], textarea'), 1_000);
      const inputs = await content.locator('input').evaluateAll((all) => all.map((i) => i.getAttribute('data-testid')));
      expect(inputs.every((id) => id === 'list-search' || (id ?? '').startsWith('list-filter-'))).toBe(true);
      await expectStaysAbsent(page.locator('[data-testid="nav-new-order"], [data-testid="nav-master-data"]'), 1_000);
      // And the server refuses the auditor a change whatever the page offers.
      const refused = await api('POST', '/api/items', auditorToken, { sku: `${sku}-X`, name: 'x', uom: 'PCS' });
      expect(refused.status).toBe(403);
      const export2 = await fetch(`${BASE_URL}/api/audit/trail/export.json?entityId=${encodeURIComponent(sku)}`, {
        headers: { authorization: `Bearer ${auditorToken}` },
      });
      expect(export2.status).toBe(200);
      const rows = (await export2.json()) as { entityId: string; chainHash: string | null }[];
      expect(rows.map((row) => row.entityId)).toEqual([sku]);
    });

    expect(errors).toEqual([]);
  });
});
