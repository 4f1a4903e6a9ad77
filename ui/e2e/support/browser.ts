import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Set by the e2e global setup once the whole platform (API + UI + Temporal) is up. */
export const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3999').replace(/\/$/, '');

/** <repo>/test-artifacts/e2e — this file lives in <repo>/ui/e2e/support. */
export const ARTIFACTS_DIR =
  process.env.E2E_ARTIFACTS_DIR ?? path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'e2e');

/** The Chromium that scripts/chromium.ts found or installed, exported as CHROMIUM_PATH by the e2e global set-up. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, step: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${step}.png`), fullPage: true });
}

/**
 * Runs one journey step; on failure saves `<step>-failure.png` so a red CI run shows what
 * the user would have seen, then re-throws.
 */
export async function step<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    await screenshot(page, name);
    return result;
  } catch (err) {
    await screenshot(page, `${name}-failure`).catch(() => undefined);
    throw err;
  }
}

/** Uncaught page exceptions; asserted empty at the end so Angular runtime errors fail the test. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * expect-style polling: re-runs `probe` until `accept` holds or the timeout passes, then
 * fails with the last observed value (playwright-core ships no `expect` of its own).
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  {
    timeoutMs = 60_000,
    intervalMs = 1_000,
    what = 'condition',
  }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err; // transient (element detached mid-render); retry
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${detail}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A journey file's Chromium: `newPage` gives each persona a context of its own (their sessions never mix). */
export interface JourneyBrowser {
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Launches Chromium before the file's tests and closes every context and the browser after them. Pages get a 30 s
 * default timeout and collect uncaught page errors; `defaults` (a desktop 1366 x 900 unless given) apply to every
 * context, a call's own options on top.
 */
export function useBrowser(
  defaults: BrowserContextOptions = { viewport: { width: 1366, height: 900 } },
): JourneyBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    async newPage(options = {}) {
      if (!browser) throw new Error('newPage before the browser was launched (beforeAll)');
      const context = await browser.newContext({ ...defaults, ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      return { page, errors: collectPageErrors(page) };
    },
  };
}
