/// <reference lib="dom" />
/**
 * Checks for warehouse screens on a handheld: nothing pans sideways, controls are thumb-sized, a scan lands on its
 * line. Each waits for the state (Angular renders after the data arrives) instead of sampling it once.
 */
import type { Locator, Page } from 'playwright-core';
import { eventually, screenshot } from './browser';
import { byTestId } from './pages';

interface Overflow {
  /** Scroll width minus client width of the document and of the page's own scroller (the sidenav content). */
  excess: { document: number; content: number };
  /** Elements poking out on the right, for the failure message. */
  offenders: string[];
}

/**
 * Waits until the page is no wider than the viewport and stays so for three readings in a row, so a late render
 * cannot slip past a single lucky sample. Both scrollers count: the document (scrollWidth <= clientWidth) and the
 * console's page area (mat-sidenav-content scrolls on its own, so a too-wide page pans there, not in the document).
 */
export async function expectNoSidewaysPanning(page: Page, what: string, timeoutMs = 15_000): Promise<void> {
  let calm = 0;
  await eventually(
    () =>
      page.evaluate((): Overflow => {
        const root = document.documentElement;
        const content = document.querySelector<HTMLElement>('.mat-drawer-content');
        const offenders = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.dataset['testid'] ? `[${el.dataset['testid']}]` : ''}`);
        return {
          excess: {
            document: root.scrollWidth - root.clientWidth,
            content: content ? content.scrollWidth - content.clientWidth : 0,
          },
          offenders,
        };
      }),
    (now) => {
      calm = now.excess.document <= 0 && now.excess.content <= 0 ? calm + 1 : 0;
      return calm >= 3;
    },
    { timeoutMs, intervalMs: 200, what: `${what} to fit the screen without sideways panning` },
  );
}

/** Waits until every visible button, input and form field inside `scope` is at least 44 px high (a thumb's target). */
export async function expectTouchTargets(scope: Locator, what: string): Promise<void> {
  await eventually(
    () =>
      scope.evaluate((root) =>
        Array.from(
          root.querySelectorAll<HTMLElement>(
            'button, input:not([type=checkbox]):not([type=radio]), .mat-mdc-form-field',
          ),
        )
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ id: el.dataset['testid'] ?? el.tagName, height: el.getBoundingClientRect().height }))
          .filter((control) => control.height < 44),
      ),
    (small) => small.length === 0,
    { timeoutMs: 15_000, intervalMs: 200, what: `the controls of ${what} to be at least 44 px high` },
  );
}

/** Types a code into the screen's scan field and sends Enter, as a scanner does. */
export async function scan(page: Page, code: string): Promise<void> {
  const field = byTestId(page, 'scan-input');
  await field.fill(code);
  await field.press('Enter');
}

/** Waits until the focused element is `target` (compared in the page). */
export async function expectFocused(target: Locator, what: string): Promise<void> {
  await eventually(
    () => target.evaluate((el) => el === document.activeElement),
    (focused) => focused,
    { timeoutMs: 10_000, intervalMs: 100, what: `${what} to have the focus` },
  );
}

/**
 * Prints (as print media) and back: checks that only the sheet is printed, never the console's toolbar, and keeps
 * what the printer would get as `<shot>.png` beside the journey's screenshots.
 */
export async function expectPrintsOnly(page: Page, sheet: Locator, hidden: Locator[], shot?: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  try {
    await sheet.first().waitFor({ state: 'visible' });
    await page.locator('mat-toolbar').waitFor({ state: 'hidden' });
    await byTestId(page, 'task-title').waitFor({ state: 'hidden' });
    for (const locator of hidden) await locator.first().waitFor({ state: 'hidden' });
    if (shot) await screenshot(page, shot);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  await sheet.first().waitFor({ state: 'hidden' });
}

/** Replaces window.print (a headless browser has no printer) and counts the calls. */
export async function stubPrint(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const counted = window as unknown as { mwPrints: number };
    counted.mwPrints = 0;
    window.print = () => {
      counted.mwPrints += 1;
    };
  });
  return () => page.evaluate(() => (window as unknown as { mwPrints: number }).mwPrints);
}
