/**
 * The console's first page, cold: what a controller's browser downloads to sign in and see the process list. The
 * budget is bytes over the wire (the target: under 350 KB for both pages together); how fast the first row
 * shows is the bench's to measure (`npm run bench -- --only=console`), never a timed test's.
 */
import type { Browser } from 'playwright-core';
import { placeOrder } from './rules-api';
import { BASE_URL, launchBrowser } from './support/browser';
import { visitFirstPage } from './support/first-page';
import { DEMO_PASSWORD } from './support/pages';
import { itemWithStock } from './support/stock';

jest.setTimeout(120_000);

const BUDGET_BYTES = 350 * 1024;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  // At least one process to show, whichever journeys ran before this one.
  const sku = `E2E-FP-${Date.now().toString(36).toUpperCase()}`;
  await itemWithStock(sku, [{ location: 'MAIN-C03', lot: `${sku}-L1`, quantity: 5 }]);
  await placeOrder('C-ACME', sku, 1);
});

afterAll(async () => {
  await browser?.close();
});

describe('the first page, cold', () => {
  test('sign-in and the process list together stay under 350 KB over the wire, compressed', async () => {
    const visit = await visitFirstPage(browser, BASE_URL, { username: 'controller', password: DEMO_PASSWORD });
    expect(visit.requests).toBeGreaterThan(3);
    expect(visit.bytes).toBeLessThan(BUDGET_BYTES);
  });

  test('the bundles and index.html carry the headers that make the second visit free', async () => {
    const index = await fetch(`${BASE_URL}/`, { headers: { 'accept-encoding': 'br' } });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const bundle = /src="(main-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const script = await fetch(`${BASE_URL}/${bundle}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(script.headers.get('content-encoding')).toBe('br');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${BASE_URL}/favicon.ico`)).status).toBe(200);
  });
});
