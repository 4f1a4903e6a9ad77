/**
 * Rules admin journey against the full platform: an admin drafts a new allocation version, edits it in the
 * structured editor, meets the server's validation through the raw JSON, dry-runs and back-tests it, and cannot
 * publish what they wrote; a second admin publishes it; an order placed afterwards is allocated by it and says so.
 */
import type { Locator, Page } from 'playwright-core';
import { api, apiLogin, placeOrder, waitForDecision } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { attr, byTestId, login, textOf, waitForInstancePage } from './support/pages';
import { expectStaysAbsent, waitForAttribute, waitForCount, waitForEnabled, waitForValue } from './support/waits';

jest.setTimeout(180_000);

const { newPage } = useBrowser({ viewport: { width: 1440, height: 1000 } });

const rulesJson = async (page: Page) => JSON.parse(await byTestId(page, 'rules-json').inputValue());
const isPath = (path: string) => (url: string) => new URL(url).pathname === path;

/** Opens a Material select and clicks the option with `data-value` (options render in an overlay). */
async function choose(page: Page, select: Locator, optionTestId: string, value: string): Promise<void> {
  await select.click();
  const option = page.locator(`[data-testid="${optionTestId}"]${attr('data-value', value)}`);
  await option.waitFor({ state: 'visible' });
  await option.click();
}

describe('rules admin console', () => {
  let baseVersion = 0;
  let draftVersion = 0;

  test('an admin drafts, edits, validates, dry-runs and back-tests a version but cannot publish it', async () => {
    const { page, errors } = await newPage();
    // A recorded decision under the version in force, so the back-test has something to re-decide.
    const adminToken = await apiLogin('admin');
    const earlier = await placeOrder('C-BOLT', 'HW-003', 1);

    const allocation = page.locator(`[data-testid="rule-set-row"]${attr('data-code', 'allocation')}`);
    await step(page, 'rules-01-list', async () => {
      await login(page, 'admin');
      await byTestId(page, 'nav-rules').click();
      await page.waitForURL((url) => url.pathname === '/rules');
      await allocation.waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'rule-set-row'), (count) => count >= 4);
      const inForce = allocation.locator('[data-testid="version-row"][data-in-force="true"]');
      await expect(textOf(byTestId(inForce, 'version-status'))).resolves.toBe('published');
      baseVersion = Number(await inForce.getAttribute('data-version'));
      await byTestId(inForce, 'version-open').click();
      await page.waitForURL((url) => url.pathname === `/rules/allocation/versions/${baseVersion}`);
      await expect(textOf(byTestId(page, 'version-status'))).resolves.toBe('published');
      await waitForCount(byTestId(page, 'save-draft'), 0);
    });

    await step(page, 'rules-02-draft-created', async () => {
      const created = page.waitForResponse(
        (res) => isPath('/api/rule-sets/allocation/drafts')(res.url()) && res.request().method() === 'POST',
      );
      await byTestId(page, 'new-draft').click();
      const response = await created;
      expect(response.status()).toBe(201);
      draftVersion = ((await response.json()) as { version: number }).version;
      expect(draftVersion).toBeGreaterThan(baseVersion);
      await page.waitForURL((url) => url.pathname === `/rules/allocation/versions/${draftVersion}`);
      await eventually(
        () => textOf(byTestId(page, 'version-status')),
        (status) => status === 'draft',
        { timeoutMs: 15_000, intervalMs: 300, what: 'the draft to load' },
      );
      await expect(textOf(byTestId(page, 'version-author'))).resolves.toBe('admin');
    });

    const firstRule = page.locator('[data-testid="rule-card"][data-index="0"]');
    const defaults = byTestId(page, 'default-policy');
    await step(page, 'rules-03-edited-in-the-form', async () => {
      const before = await rulesJson(page);
      await byTestId(firstRule, 'rule-priority').fill(String(before.rules[0].priority + 10));
      await byTestId(firstRule, 'rule-priority').press('Tab');
      // A tie-breaker at the end of the default order: the default now also prefers fewer locations.
      await choose(page, byTestId(defaults, 'sort-key-add'), 'sort-key-option', 'fewest-locations');
      await eventually(
        () => byTestId(defaults, 'policy-sort-keys').getAttribute('data-keys'),
        (keys) => (keys ?? '').endsWith(',fewest-locations'),
        { timeoutMs: 5_000, intervalMs: 200, what: 'the new sort key chip' },
      );
      // The raw JSON follows the form; wait for both edits to reach it rather than read it once.
      const after = await eventually(
        () => rulesJson(page),
        (json) => json.rules[0].priority === before.rules[0].priority + 10 && json.defaultPolicy.sortKeys.length > 0,
        { timeoutMs: 5_000, intervalMs: 200, what: 'the raw JSON to show the edits' },
      );
      expect(after.rules[0].priority).toBe(before.rules[0].priority + 10);
      expect(after.defaultPolicy.sortKeys).toEqual([...before.defaultPolicy.sortKeys, 'fewest-locations']);
    });

    await step(page, 'rules-04-saved', async () => {
      const saved = page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/allocation/versions/${draftVersion}`)(res.url()) && res.request().method() === 'PUT',
      );
      await byTestId(page, 'save-draft').click();
      expect((await saved).status()).toBe(200);
      await eventually(
        () => textOf(byTestId(page, 'save-draft')),
        (label) => label === 'Saved',
        { timeoutMs: 10_000, intervalMs: 200, what: 'the save to finish' },
      );
    });

    // The first condition's operator, the first rule's priority and a key the content does not have: two problems
    // the form shows on their fields, one it shows in the summary.
    let conditionPath = '';
    let savedPriority = 0;
    const conditionRow = () => firstRule.locator(`[data-testid="condition-row"]${attr('data-path', conditionPath)}`);
    const operatorSelect = () => byTestId(conditionRow(), 'condition-operator');
    const operatorField = () => conditionRow().locator('mat-form-field:has([data-testid="condition-operator"])');
    const priority = byTestId(firstRule, 'rule-priority');
    const priorityField = firstRule.locator('mat-form-field:has([data-testid="rule-priority"])');
    const summary = byTestId(page, 'form-error-summary');
    await step(page, 'rules-05-validation-errors-on-their-fields', async () => {
      const content = await rulesJson(page);
      const conditions = content.rules[0].conditions;
      const kind = 'all' in conditions ? 'all' : 'any';
      conditionPath = `$.rules[0].conditions.${kind}[0]`;
      savedPriority = content.rules[0].priority;
      conditions[kind][0].operator = 'sortOf';
      content.rules[0].priority = 0;
      await byTestId(page, 'rules-json').fill(JSON.stringify({ ...content, note: 'typed by hand' }, null, 2));
      // The form follows the JSON at once.
      await eventually(
        () => textOf(operatorSelect()),
        (text) => text.includes('sortOf'),
        { timeoutMs: 5_000, intervalMs: 200, what: 'the form to show the operator from the JSON' },
      );
      const refused = page.waitForResponse(
        (res) =>
          isPath(`/api/rule-sets/allocation/versions/${draftVersion}`)(res.url()) && res.request().method() === 'PUT',
      );
      await byTestId(page, 'save-draft').click();
      expect((await refused).status()).toBe(400);
      // Each problem on the field it names, marked invalid, in words a person reads ...
      await waitForAttribute(operatorSelect(), 'aria-invalid', 'true');
      await byTestId(operatorField(), 'field-error').filter({ hasText: 'unknown operator "sortOf"' }).waitFor();
      await waitForAttribute(priority, 'aria-invalid', 'true');
      await byTestId(priorityField, 'field-error').filter({ hasText: 'at least 1' }).waitFor();
      await expectStaysAbsent(page.getByText(/Too small|expected number/));
      // ... said once: the summary lists only what no field shows.
      await waitForCount(page.getByText('unknown operator "sortOf"'), 1);
      await waitForCount(page.getByText('at least 1', { exact: true }), 1);
      await summary.waitFor({ state: 'visible' });
      await waitForCount(byTestId(summary, 'form-error-item'), 1);
      await byTestId(summary, 'form-error-item').filter({ hasText: 'unknown key "note"' }).waitFor();
      await waitForAttribute(byTestId(summary, 'form-error-item'), 'data-path', 'note');
    });

    await step(page, 'rules-06-fixed-in-the-form', async () => {
      // Changing a field clears its error only: the priority and the summary still say what is left.
      await choose(page, operatorSelect(), 'condition-operator-option', 'in');
      await waitForAttribute(operatorSelect(), 'aria-invalid', 'false');
      await waitForCount(byTestId(operatorField(), 'field-error'), 0);
      await waitForAttribute(priority, 'aria-invalid', 'true');
      await waitForCount(byTestId(summary, 'form-error-item'), 1);
      await priority.fill(String(savedPriority));
      await priority.press('Tab');
      await waitForAttribute(priority, 'aria-invalid', 'false');
      await waitForCount(byTestId(priorityField, 'field-error'), 0);
      // Without the stray key the content is the saved (valid) one again: nothing to save, nothing wrong.
      const content = await eventually(
        () => rulesJson(page),
        (json) => json.rules[0].priority === savedPriority,
        { timeoutMs: 5_000, intervalMs: 200, what: 'the raw JSON to show the fixed priority' },
      );
      delete content.note;
      await byTestId(page, 'rules-json').fill(JSON.stringify(content, null, 2));
      await waitForCount(summary, 0);
      await eventually(
        () => textOf(byTestId(page, 'save-draft')),
        (label) => label === 'Saved',
        { timeoutMs: 5_000, intervalMs: 200, what: 'the content to be the saved one again' },
      );
    });

    await step(page, 'rules-07-dry-run', async () => {
      await byTestId(page, 'tab-test').click();
      const facts = byTestId(page, 'dry-run-facts');
      await facts.waitFor({ state: 'visible' });
      const sample = await waitForValue(
        facts,
        (value) => value.includes('"item.category"') && JSON.parse(value)['item.category'] === 'food',
      );
      // A fact the rules read, left out: the server's refusal sits on the facts field, naming the fact.
      const { ['item.category']: _category, ...withoutCategory } = JSON.parse(sample) as Record<string, unknown>;
      await facts.fill(JSON.stringify(withoutCategory, null, 2));
      await byTestId(page, 'dry-run').click();
      const factsField = page.locator('mat-form-field:has([data-testid="dry-run-facts"])');
      await waitForAttribute(facts, 'aria-invalid', 'true');
      await byTestId(factsField, 'field-error').filter({ hasText: 'item.category: missing' }).waitFor();
      await facts.fill(sample);
      await waitForAttribute(facts, 'aria-invalid', 'false');
      await waitForCount(byTestId(factsField, 'field-error'), 0);
      await byTestId(page, 'dry-run').click();
      const result = byTestId(page, 'dry-run-result');
      await result.waitFor({ state: 'visible' });
      await waitForAttribute(result, 'data-rule', 'perishables-first-expiry-first-out');
      await waitForCount(result.locator('[data-testid="trace-rule"][data-fired="true"]'), (count) => count > 0);
      await waitForCount(byTestId(result, 'trace-leaf'), (count) => count > 0);
      await result.scrollIntoViewIfNeeded();
    });

    await step(page, 'rules-08-back-test', async () => {
      await waitForDecision(adminToken, baseVersion, earlier.orderNumber);
      await byTestId(page, 'back-test-limit').fill('200');
      await byTestId(page, 'back-test-limit').press('Tab');
      await byTestId(page, 'back-test').click();
      const result = byTestId(page, 'back-test-result');
      await result.waitFor({ state: 'visible' });
      await waitForAttribute(result, 'data-examined', (value) => Number(value) > 0);
      // The earlier order took the default policy, whose sort keys this version extends.
      await waitForAttribute(result, 'data-changed', (value) => Number(value) > 0);
      await waitForCount(byTestId(result, 'back-test-row'), (count) => count > 0);
      await result.scrollIntoViewIfNeeded();
    });

    await step(page, 'rules-09-diff', async () => {
      await byTestId(page, 'tab-diff').click();
      await byTestId(page, 'diff').click();
      const result = byTestId(page, 'diff-result');
      await result.waitFor({ state: 'visible' });
      await result.locator(`[data-testid="diff-change"]${attr('data-path', '$.rules[0].priority')}`).waitFor();
      await result.locator(`[data-testid="diff-change"]${attr('data-path', '$.defaultPolicy.sortKeys[2]')}`).waitFor();
    });

    await step(page, 'rules-10-publish-refused-for-author', async () => {
      const publish = byTestId(page, 'publish');
      await waitForEnabled(publish, false);
      await expect(textOf(byTestId(page, 'publish-hint'))).resolves.toContain('second admin');
      // The server refuses it too, whatever the console shows.
      const own = await api<{ error: { code: string } }>(
        'POST',
        `/api/rule-sets/allocation/versions/${draftVersion}/publish`,
        adminToken,
        {},
      );
      expect([own.status, own.body.error.code]).toEqual([403, 'RULE_FOUR_EYES']);
    });

    expect(errors).toEqual([]);
  });

  test('a second admin publishes it and the list shows it in force', async () => {
    if (!draftVersion) throw new Error('the first journey made no draft');
    const { page, errors } = await newPage();

    await step(page, 'rules-11-second-admin-publishes', async () => {
      await login(page, 'admin2');
      await page.goto(`${BASE_URL}/rules/allocation/versions/${draftVersion}`);
      const publish = byTestId(page, 'publish');
      await publish.waitFor({ state: 'visible' });
      await waitForCount(byTestId(page, 'publish-hint'), 0);
      const published = page.waitForResponse((res) =>
        isPath(`/api/rule-sets/allocation/versions/${draftVersion}/publish`)(res.url()),
      );
      await publish.click();
      expect((await published).status()).toBe(200);
      await eventually(
        () => textOf(byTestId(page, 'version-status')),
        (status) => status === 'published',
        { timeoutMs: 10_000, intervalMs: 200, what: 'the version to show as published' },
      );
      await byTestId(page, 'version-in-force').waitFor({ state: 'visible' });
    });

    await step(page, 'rules-12-list-in-force', async () => {
      await byTestId(page, 'nav-rules').click();
      const allocation = page.locator(`[data-testid="rule-set-row"]${attr('data-code', 'allocation')}`);
      const row = allocation.locator(`[data-testid="version-row"]${attr('data-version', String(draftVersion))}`);
      await row.waitFor({ state: 'visible' });
      await waitForAttribute(row, 'data-status', 'published');
      await waitForAttribute(row, 'data-in-force', 'true');
      await byTestId(row, 'version-in-force').waitFor({ state: 'visible' });
      await expect(textOf(byTestId(allocation, 'rule-set-in-force'))).resolves.toBe(`version ${draftVersion} in force`);
    });

    await step(page, 'rules-13-order-explains-allocation', async () => {
      const order = await placeOrder('C-BOLT', 'HW-003', 1);
      await page.goto(`${BASE_URL}/processes/${encodeURIComponent(order.workflowId)}`);
      await waitForInstancePage(page, order.workflowId);
      const reason = byTestId(page, 'allocation-reason').first();
      await reason.waitFor({ state: 'visible', timeout: 60_000 });
      await eventually(
        () => reason.getAttribute('data-version'),
        (version) => version === String(draftVersion),
        { timeoutMs: 60_000, intervalMs: 1_000, what: `line 1 allocated under v${draftVersion}` },
      );
      await expect(textOf(byTestId(reason, 'allocation-reason-rule'))).resolves.toBe('default policy');
      await expect(textOf(byTestId(reason, 'allocation-reason-sort-keys'))).resolves.toContain('fewest-locations');
      await waitForCount(byTestId(reason, 'allocation-pick'), (count) => count > 0);
      await reason.scrollIntoViewIfNeeded();
    });

    expect(errors).toEqual([]);
  });

  test('an auditor reads versions and their decisions but changes nothing', async () => {
    if (!draftVersion) throw new Error('the first journey made no draft');
    const { page, errors } = await newPage();

    await step(page, 'rules-14-auditor-read-only', async () => {
      await login(page, 'auditor');
      await page.goto(`${BASE_URL}/rules/allocation/versions/${draftVersion}`);
      await byTestId(page, 'read-only').waitFor({ state: 'visible' });
      for (const id of ['new-draft', 'save-draft', 'publish', 'retire', 'rule-add']) {
        await waitForCount(byTestId(page, id), 0);
      }
      await waitForAttribute(byTestId(page, 'rules-json'), 'readonly', (value) => value !== null);
      await byTestId(page, 'tab-decisions').click();
      await byTestId(page, 'decision-row').first().waitFor({ state: 'visible' });
    });

    expect(errors).toEqual([]);
  });
});
