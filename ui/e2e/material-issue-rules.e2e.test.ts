/**
 * The material-issue rules in the console: an admin opens the seeded version in force, drafts a new one, switches
 * the default issue mode with the form's select, saves, and dry-runs it: a fastener is backflushed by the seeded
 * rule, anything else takes the new default. A bad short-kit value typed into the JSON is refused on its field.
 */
import type { Locator, Page } from 'playwright-core';
import { step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf } from './support/pages';
import { waitForAttribute, waitForValue } from './support/waits';

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

describe('material-issue rules in the console', () => {
  test('an admin drafts a version with merged as the default and dry-runs a fastener and a casting', async () => {
    const { page, errors } = await newPage();
    const row = page.locator(`[data-testid="rule-set-row"]${attr('data-code', 'material-issue')}`);
    let draftVersion = 0;

    await step(page, 'material-issue-01-in-force', async () => {
      await login(page, 'admin');
      await byTestId(page, 'nav-rules').click();
      await page.waitForURL((url) => url.pathname === '/rules');
      const inForce = row.locator('[data-testid="version-row"][data-in-force="true"]');
      await inForce.waitFor({ state: 'visible' });
      const version = Number(await inForce.getAttribute('data-version'));
      await byTestId(inForce, 'version-open').click();
      await page.waitForURL((url) => url.pathname === `/rules/material-issue/versions/${version}`);
      // The seeded default shows in the form: kit, and a short kit waits.
      const defaults = byTestId(page, 'default-policy');
      await byTestId(defaults, 'policy-mode').filter({ hasText: 'kit' }).waitFor();
      await byTestId(defaults, 'policy-whenShort').filter({ hasText: 'wait' }).waitFor();
    });

    await step(page, 'material-issue-02-draft-merged', async () => {
      const created = page.waitForResponse(
        (res) => isPath('/api/rule-sets/material-issue/drafts')(res.url()) && res.request().method() === 'POST',
      );
      await byTestId(page, 'new-draft').click();
      const response = await created;
      expect(response.status()).toBe(201);
      draftVersion = ((await response.json()) as { version: number }).version;
      await page.waitForURL((url) => url.pathname === `/rules/material-issue/versions/${draftVersion}`);
      await byTestId(page, 'version-status').filter({ hasText: 'draft' }).waitFor();
      const defaults = byTestId(page, 'default-policy');
      await choosePolicy(page, byTestId(defaults, 'policy-mode'), 'merged');
      await waitForValue(byTestId(page, 'rules-json'), (json) => JSON.parse(json).defaultPolicy?.mode === 'merged');
      const saved = page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/material-issue/versions/${draftVersion}`)(res.url()) &&
          res.request().method() === 'PUT',
      );
      await byTestId(page, 'save-draft').click();
      const body = (await (await saved).json()) as { content: { defaultPolicy: { mode: string } } };
      expect(body.content.defaultPolicy.mode).toBe('merged');
      await byTestId(page, 'save-draft').filter({ hasText: 'Saved' }).waitFor();
    });

    await step(page, 'material-issue-03-dry-run', async () => {
      await byTestId(page, 'tab-test').click();
      const facts = byTestId(page, 'dry-run-facts');
      const sample = await waitForValue(facts, (value) => value.includes('"component.category": "fastener"'));
      await byTestId(page, 'dry-run').click();
      const result = byTestId(page, 'dry-run-result');
      await waitForAttribute(result, 'data-rule', 'fasteners-backflushed');
      await expect(textOf(byTestId(result, 'dry-run-policy'))).resolves.toContain('"backflush"');
      await facts.fill(sample.replace('"fastener"', '"casting"'));
      await byTestId(page, 'dry-run').click();
      await waitForAttribute(result, 'data-used-default', 'true');
      await byTestId(result, 'dry-run-policy').filter({ hasText: '"merged"' }).waitFor();
    });

    await step(page, 'material-issue-04-bad-value-on-its-field', async () => {
      await byTestId(page, 'tab-rules').click();
      const json = byTestId(page, 'rules-json');
      const content = JSON.parse(await json.inputValue());
      content.defaultPolicy.whenShort = 'shrug';
      await json.fill(JSON.stringify(content, null, 2));
      const refused = page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/material-issue/versions/${draftVersion}`)(res.url()) &&
          res.request().method() === 'PUT',
      );
      await byTestId(page, 'save-draft').click();
      expect((await refused).status()).toBe(400);
      await waitForAttribute(byTestId(byTestId(page, 'default-policy'), 'policy-whenShort'), 'aria-invalid', 'true');
    });

    expect(errors).toEqual([]);
  });
});
