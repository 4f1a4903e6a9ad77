/**
 * Helpers for pages built on the console's shared list (`mw-data-list`) and its forms: every wait is for a
 * state (a count, an attribute, a URL), never a value sampled once right after an action.
 */
import type { Locator, Page } from 'playwright-core';
import { eventually } from './browser';
import { byTestId } from './pages';

/** Opens a side-navigation entry; on a handheld the navigation is an overlay behind the burger button. */
export async function openNav(page: Page, navTestId: string): Promise<void> {
  const link = byTestId(page, navTestId);
  if (!(await link.isVisible())) await byTestId(page, 'nav-toggle').click();
  await link.click();
}

/** Waits until `locator` matches exactly `count` elements. */
export async function waitForCount(locator: Locator, count: number, what: string): Promise<void> {
  await eventually(
    () => locator.count(),
    (n) => n === count,
    { timeoutMs: 20_000, intervalMs: 250, what: `${count} ${what}` },
  );
}

/** The keys (`data-key`) of the list's rows once they equal `expected` (in order). */
export async function waitForRowKeys(page: Page, expected: string[]): Promise<void> {
  await eventually(
    () => byTestId(page, 'list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key') ?? '')),
    (keys) => JSON.stringify(keys) === JSON.stringify(expected),
    { timeoutMs: 20_000, intervalMs: 250, what: `list rows ${expected.join(', ')}` },
  );
}

/** Waits until a button is enabled (`true`) or disabled (`false`). */
export async function waitForEnabled(locator: Locator, enabled: boolean, what: string): Promise<void> {
  await eventually(
    () => locator.isEnabled(),
    (value) => value === enabled,
    { timeoutMs: 20_000, intervalMs: 250, what: `${what} ${enabled ? 'enabled' : 'disabled'}` },
  );
}

/** Waits until the page URL's query parameter `name` is `value` (null: absent). */
export async function waitForQueryParam(page: Page, name: string, value: string | null): Promise<void> {
  await page.waitForURL((url) => url.searchParams.get(name) === value, { timeout: 20_000 });
}

/** Chooses the option with exactly `label` in a Material select whose options carry `<selectTestId>-option`. */
export async function selectOption(page: Page, selectTestId: string, optionTestId: string, label: string) {
  await byTestId(page, selectTestId).click();
  const option = byTestId(page, optionTestId).filter({ hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
  await option.first().click();
  await option.first().waitFor({ state: 'hidden' });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Feeds a CSV to the import dialog's file input (no file on disk needed). */
export async function chooseCsv(page: Page, name: string, lines: string[]): Promise<void> {
  await byTestId(page, 'import-file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
  });
}
