/**
 * The subcontract-consumption rules in the console: an admin opens the seeded version in force (by BOM ratio, 5%
 * over-delivery), drafts a new one whose default consumes as sent with 10% over-delivery (method select, then the
 * tolerance field), saves and dry-runs it: no rule matches the sample supplier, so the new default applies. A
 * tolerance above 100% is refused on the tolerance field.
 */
import type { Locator, Page } from 'playwright-core';
import { step, useBrowser } from './support/browser';
import { attr, byTestId, login } from './support/pages';
import { waitForAttribute, waitForValue } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const CODE = 'subcontract-consumption';
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

describe('subcontract-consumption rules in the console', () => {
  test('an admin drafts a version that consumes as sent with 10% over-delivery and dry-runs it', async () => {
    const { page, errors } = await newPage();
    const row = page.locator(`[data-testid="rule-set-row"]${attr('data-code', CODE)}`);
    let draftVersion = 0;
    const saveResponse = () =>
      page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/${CODE}/versions/${draftVersion}`)(res.url()) && res.request().method() === 'PUT',
      );

    await step(page, 'consumption-01-in-force', async () => {
      await login(page, 'admin');
      await byTestId(page, 'nav-rules').click();
      await page.waitForURL((url) => url.pathname === '/rules');
      const inForce = row.locator('[data-testid="version-row"][data-in-force="true"]');
      await inForce.waitFor({ state: 'visible' });
      const version = Number(await inForce.getAttribute('data-version'));
      await byTestId(inForce, 'version-open').click();
      await page.waitForURL((url) => url.pathname === `/rules/${CODE}/versions/${version}`);
      // The seeded default shows in the form: by BOM ratio, 5% over-delivery.
      const defaults = byTestId(page, 'default-policy');
      await byTestId(defaults, 'policy-method').filter({ hasText: 'bom-ratio' }).waitFor();
      await waitForValue(byTestId(defaults, 'policy-overDeliveryPercent'), (value) => value === '5');
    });

    await step(page, 'consumption-02-draft-as-sent', async () => {
      const created = page.waitForResponse(
        (res) => isPath(`/api/rule-sets/${CODE}/drafts`)(res.url()) && res.request().method() === 'POST',
      );
      await byTestId(page, 'new-draft').click();
      const response = await created;
      expect(response.status()).toBe(201);
      draftVersion = ((await response.json()) as { version: number }).version;
      await page.waitForURL((url) => url.pathname === `/rules/${CODE}/versions/${draftVersion}`);
      await byTestId(page, 'version-status').filter({ hasText: 'draft' }).waitFor();
      const defaults = byTestId(page, 'default-policy');
      await choosePolicy(page, byTestId(defaults, 'policy-method'), 'as-sent');
      await typeNumber(byTestId(defaults, 'policy-overDeliveryPercent'), '10');
      await waitForValue(byTestId(page, 'rules-json'), (json) => defaultPolicyOf(json)['overDeliveryPercent'] === 10);
      const saved = saveResponse();
      await byTestId(page, 'save-draft').click();
      const body = (await (await saved).json()) as { content: { defaultPolicy: unknown } };
      expect(body.content.defaultPolicy).toEqual({ method: 'as-sent', overDeliveryPercent: 10 });
      await byTestId(page, 'save-draft').filter({ hasText: 'Saved' }).waitFor();
    });

    await step(page, 'consumption-03-dry-run', async () => {
      await byTestId(page, 'tab-test').click();
      await waitForValue(byTestId(page, 'dry-run-facts'), (value) => value.includes('"supplier.trusted": true'));
      await byTestId(page, 'dry-run').click();
      const result = byTestId(page, 'dry-run-result');
      await waitForAttribute(result, 'data-used-default', 'true');
      await byTestId(result, 'dry-run-policy').filter({ hasText: '"method": "as-sent"' }).waitFor();
    });

    await step(page, 'consumption-04-tolerance-too-high', async () => {
      await byTestId(page, 'tab-rules').click();
      const defaults = byTestId(page, 'default-policy');
      const tolerance = byTestId(defaults, 'policy-overDeliveryPercent');
      await typeNumber(tolerance, '150');
      await waitForValue(byTestId(page, 'rules-json'), (json) => defaultPolicyOf(json)['overDeliveryPercent'] === 150);
      const refused = saveResponse();
      await byTestId(page, 'save-draft').click();
      expect((await refused).status()).toBe(400);
      await waitForAttribute(tolerance, 'aria-invalid', 'true');
    });

    expect(errors).toEqual([]);
  });
});
