/**
 * The console and the OpenAPI docs under the API's content security policy (api/security/security-headers.ts): no
 * script, style or handler the policy refuses on the way to signing in and seeing the process list, the full
 * stylesheet applied (its `onload` handler is admitted by hash), and Swagger UI rendering the operations.
 */
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, collectPageErrors, launchBrowser } from './support/browser';
import { login } from './support/pages';

jest.setTimeout(120_000);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A page that records every policy violation the browser reports, and uncaught errors. */
async function watchedPage(): Promise<{ page: Page; violations: string[]; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return { page, violations, errors: collectPageErrors(page) };
}

describe('under the content security policy', () => {
  test('the console signs in and lists processes with no violation, its full stylesheet applied', async () => {
    const { page, violations, errors } = await watchedPage();
    const index = await page.goto(`${BASE_URL}/login`);
    expect(index?.headers()['content-security-policy']).toContain("script-src 'self'");
    await login(page, 'controller');
    await page.goto(`${BASE_URL}/processes`);
    await page.waitForFunction(() => document.querySelector('mw-root')?.children.length);
    // The critical-CSS loader swaps the stylesheet from print to all media once its onload handler may run.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')).every(
        (link) => link.closest('noscript') || link.media === 'all' || link.media === '',
      ),
    );
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('the OpenAPI docs page renders its operations with no violation', async () => {
    const { page, violations, errors } = await watchedPage();
    const docs = await page.goto(`${BASE_URL}/docs/`);
    expect(docs?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
