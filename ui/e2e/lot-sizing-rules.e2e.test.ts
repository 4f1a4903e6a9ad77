/**
 * The lot-sizing rules in the console: an admin opens the seeded version in force (lot-for-lot by default), drafts a
 * new one whose default covers six buckets (kind select, then the periods field the kind shows), saves and dry-runs
 * it: a C item takes the seeded four-bucket rule, a B item the new default. A maximum below the minimum is refused on
 * the maximum field.
 */
import type { Locator, Page } from 'playwright-core';
import { step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForAttribute, waitForCount, waitForValue } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const isPath = (path: string) => (url: string) => new URL(url).pathname === path;

/** Opens the policy select and clicks the option with `data-value` (options render in an overlay). */
async function choosePolicy(page: Page, select: Locator, value: string): Promise<void> {
  await select.click();
  const option = page.locator(`[data-testid="policy-option"]${attr('data-value', value)}`);
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** Types a number into a policy field and leaves it, so the editor takes the value. */
async function typeNumber(input: Locator, value: string): Promise<void> {
  await input.fill(value);
  await input.press('Tab');
}

const defaultPolicyOf = (json: string) => JSON.parse(json).defaultPolicy as Record<string, unknown>;

describe('lot-sizing rules in the console', () => {
  test('an admin drafts a version whose default covers six buckets and dry-runs a C and a B item', async () => {
    const { page, errors } = await newPage();
    const row = page.locator(`[data-testid="rule-set-row"]${attr('data-code', 'lot-sizing')}`);
    let draftVersion = 0;
    const saveResponse = () =>
      page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/lot-sizing/versions/${draftVersion}`)(res.url()) && res.request().method() === 'PUT',
      );

    await step(page, 'lot-sizing-01-in-force', async () => {
      await login(page, 'admin');
      await byTestId(page, 'nav-rules').click();
      await page.waitForURL((url) => url.pathname === '/rules');
      const inForce = row.locator('[data-testid="version-row"][data-in-force="true"]');
      await inForce.waitFor({ state: 'visible' });
      const version = Number(await inForce.getAttribute('data-version'));
      await byTestId(inForce, 'version-open').click();
      await page.waitForURL((url) => url.pathname === `/rules/lot-sizing/versions/${version}`);
      // The seeded default shows in the form: lot-for-lot, which takes no numbers.
      const defaults = byTestId(page, 'default-policy');
      await byTestId(defaults, 'policy-kind').filter({ hasText: 'lot-for-lot' }).waitFor();
      // The seeded C-item rule shows its four buckets; the default shows no number field.
      await waitForValue(byTestId(page, 'policy-periods').first(), (value) => value === '4');
      await waitForCount(byTestId(defaults, 'policy-periods'), 0);
    });

    await step(page, 'lot-sizing-02-draft-six-buckets', async () => {
      const created = page.waitForResponse(
        (res) => isPath('/api/rule-sets/lot-sizing/drafts')(res.url()) && res.request().method() === 'POST',
      );
      await byTestId(page, 'new-draft').click();
      const response = await created;
      expect(response.status()).toBe(201);
      draftVersion = ((await response.json()) as { version: number }).version;
      await page.waitForURL((url) => url.pathname === `/rules/lot-sizing/versions/${draftVersion}`);
      await byTestId(page, 'version-status').filter({ hasText: 'draft' }).waitFor();
      const defaults = byTestId(page, 'default-policy');
      await choosePolicy(page, byTestId(defaults, 'policy-kind'), 'period-order');
      // The kind brings its field with its default (four buckets); six is typed over it.
      const periods = byTestId(defaults, 'policy-periods');
      await waitForValue(periods, (value) => value === '4');
      await typeNumber(periods, '6');
      await waitForValue(byTestId(page, 'rules-json'), (json) => defaultPolicyOf(json)['periods'] === 6);
      const saved = saveResponse();
      await byTestId(page, 'save-draft').click();
      const body = (await (await saved).json()) as { content: { defaultPolicy: unknown } };
      expect(body.content.defaultPolicy).toEqual({ kind: 'period-order', periods: 6 });
      await byTestId(page, 'save-draft').filter({ hasText: 'Saved' }).waitFor();
    });

    await step(page, 'lot-sizing-03-dry-run', async () => {
      await byTestId(page, 'tab-test').click();
      const facts = byTestId(page, 'dry-run-facts');
      const sample = await waitForValue(facts, (value) => value.includes('"item.abcClass": "C"'));
      await byTestId(page, 'dry-run').click();
      const result = byTestId(page, 'dry-run-result');
      await waitForAttribute(result, 'data-rule', 'c-items-four-buckets');
      await expect(textOf(byTestId(result, 'dry-run-policy'))).resolves.toContain('"periods": 4');
      await facts.fill(sample.replace('"item.abcClass": "C"', '"item.abcClass": "B"'));
      await byTestId(page, 'dry-run').click();
      await waitForAttribute(result, 'data-used-default', 'true');
      await byTestId(result, 'dry-run-policy').filter({ hasText: '"periods": 6' }).waitFor();
    });

    await step(page, 'lot-sizing-04-maximum-below-minimum', async () => {
      await byTestId(page, 'tab-rules').click();
      const defaults = byTestId(page, 'default-policy');
      await choosePolicy(page, byTestId(defaults, 'policy-kind'), 'min-max');
      await typeNumber(byTestId(defaults, 'policy-minimum'), '500');
      await typeNumber(byTestId(defaults, 'policy-maximum'), '100');
      await waitForValue(byTestId(page, 'rules-json'), (json) => defaultPolicyOf(json)['maximum'] === 100);
      const refused = saveResponse();
      await byTestId(page, 'save-draft').click();
      expect((await refused).status()).toBe(400);
      await waitForAttribute(byTestId(defaults, 'policy-maximum'), 'aria-invalid', 'true');
    });

    expect(errors).toEqual([]);
  });
});
