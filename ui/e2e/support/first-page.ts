import type { Browser } from 'playwright-core';

/** What a cold visit cost: bytes over the wire for the login page and then the process list, and how long it took. */
export interface FirstPageVisit {
  /** Bytes received (headers and bodies, as the network saw them) from opening /login to the first process row. */
  bytes: number;
  /** Requests made on the way. */
  requests: number;
  /** Milliseconds from pressing "Sign in" to the first process row on screen. */
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
    const started = Date.now();
    await page.getByTestId('login-submit').click();
    await page.locator('a[href^="/processes/"]').first().waitFor({ state: 'visible' });
    const firstRowMs = Date.now() - started;
    await page.waitForLoadState('networkidle');
    return { bytes, requests, firstRowMs };
  } finally {
    await context.close();
  }
}
