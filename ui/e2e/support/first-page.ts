import type { Browser } from 'playwright-core';

/** What a cold visit cost: bytes over the wire for the login page and then the process list, and how long it took. */
export interface FirstPageVisit {
  /** Bytes received (headers and bodies, as the network saw them) from opening /login to the first process row. */
  bytes: number;
  /** Requests made on the way. */
  requests: number;
  /** Milliseconds from pressing "Sign in" (the click event) to the frame after the first process row appeared. */
  firstRowMs: number;
}

/**
 * Opens the console as a first-time visitor would (a fresh browser context: empty cache, no cookies), signs in as
 * `username` (whose home is the process list), and waits for the first process row. Bytes are counted with the
 * DevTools protocol's `encodedDataLength`, which is what crossed the network, compressed or not.
 */
export async function visitFirstPage(
  browser: Browser,
  baseUrl: string,
  credentials: { username: string; password: string },
): Promise<FirstPageVisit> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests += 1;
    });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-username').fill(credentials.username);
    await page.getByTestId('login-password').fill(credentials.password);
    // Timed in the page: from the click's event to the frame after the first row entered the DOM. Timing around
    // Playwright's calls would add its polling (its waits re-check every few hundred milliseconds).
    await page.evaluate(() => {
      const marks = window as unknown as { mwClicked?: number; mwFirstRow?: number };
      document
        .querySelector('[data-testid="login-submit"]')
        ?.addEventListener('click', () => (marks.mwClicked = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (!document.querySelector('a[href^="/processes/"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => (marks.mwFirstRow = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.getByTestId('login-submit').click();
    await page.locator('a[href^="/processes/"]').first().waitFor({ state: 'visible' });
    const firstRowMs = await page
      .waitForFunction(() => {
        const marks = window as unknown as { mwClicked?: number; mwFirstRow?: number };
        return marks.mwClicked !== undefined && marks.mwFirstRow !== undefined
          ? marks.mwFirstRow - marks.mwClicked
          : undefined;
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
    await page.waitForLoadState('networkidle');
    return { bytes, requests, firstRowMs };
  } finally {
    await context.close();
  }
}
