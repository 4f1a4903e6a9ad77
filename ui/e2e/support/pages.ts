import type { Locator, Page } from 'playwright-core';
import { BASE_URL, eventually } from './browser';

export const DEMO_PASSWORD = 'millwright-demo';

export const byTestId = (page: Page | Locator, id: string): Locator =>
  page.locator(`[data-testid=${JSON.stringify(id)}]`);

/** CSS attribute selector with a safely quoted value (business keys may contain odd characters). */
export const attr = (name: string, value: string): string => `[${name}=${JSON.stringify(value)}]`;

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(password);
  await byTestId(page, 'login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20_000 });
}

/** Opens a Material select and clicks its first option (options render in an overlay). */
export async function chooseFirstOption(page: Page, selectTestId: string, optionTestId: string): Promise<void> {
  await openUntilShown(page, selectTestId, byTestId(page, optionTestId).first(), 'the first option');
}

export function processPath(workflowId: string): string {
  return `/processes/${workflowId}`;
}

/** Waits until the router shows the instance page for `workflowId` (however the id is encoded). */
export async function waitForInstancePage(page: Page, workflowId: string): Promise<void> {
  await page.waitForURL((url) => decodeURIComponent(url.pathname) === processPath(workflowId), { timeout: 30_000 });
  await byTestId(page, 'instance-status').waitFor({ state: 'visible', timeout: 30_000 });
}

export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Opens a Material select and clicks the option whose text contains `text`. */
export async function chooseOption(
  page: Page,
  selectTestId: string,
  optionTestId: string,
  text: string,
): Promise<void> {
  const option = byTestId(page, optionTestId).filter({ hasText: text }).first();
  await openUntilShown(page, selectTestId, option, `"${text}"`);
}

/**
 * Opens a Material select and clicks `option`. A select clicked before its options arrived (a slow machine answers
 * the list later) opens nothing and stays shut when they do, so it is opened again until the option shows.
 */
async function openUntilShown(page: Page, selectTestId: string, option: Locator, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await byTestId(page, selectTestId).click();
    const shown = await option
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error(`no option ${what} in ${selectTestId}`);
    await page.keyboard.press('Escape');
  }
  await option.click();
}

/** Types into an autocomplete and clicks the option whose text contains `text`. */
export async function chooseAutocomplete(page: Page, inputTestId: string, optionTestId: string, text: string) {
  const input = byTestId(page, inputTestId);
  // The option list is re-rendered when each search answers; a click that lands on a list being replaced selects
  // nothing, so check that the control took the option (it is valid) and choose again if not.
  for (let attempt = 1; ; attempt++) {
    await input.fill(text);
    const option = byTestId(page, optionTestId).filter({ hasText: text }).first();
    await option.waitFor({ state: 'visible', timeout: 20_000 });
    await option.click();
    await option.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    await input.blur();
    // Validity follows the choice; give it a moment to settle rather than sample it once.
    const valid = await eventually(
      () => input.getAttribute('aria-invalid'),
      (invalid) => invalid !== 'true',
      { timeoutMs: 2_000, intervalMs: 100, what: `${inputTestId} to take ${text}` },
    ).then(
      () => true,
      () => false,
    );
    if (valid) return;
    if (attempt === 3) throw new Error(`the ${inputTestId} autocomplete did not take the option ${text}`);
  }
}

/** On an instance page: waits (the page polls) for a pending task of `taskType` and opens it. */
export async function openPendingTask(page: Page, taskType: string): Promise<void> {
  const task = page.locator(`[data-testid="instance-task"]${attr('data-task-type', taskType)}`).first();
  await task.waitFor({ state: 'visible', timeout: 60_000 });
  await byTestId(task, 'instance-task-open').click();
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
  await byTestId(page, 'task-title').waitFor({ state: 'visible' });
}

/** On an order's instance page: waits (the page polls) until the order's live step is `wanted`. */
export async function orderStepIs(page: Page, wanted: string): Promise<void> {
  await eventually(
    () => textOf(byTestId(page, 'order-step')),
    (current) => current === wanted,
    { timeoutMs: 60_000, intervalMs: 500, what: `order step ${wanted}` },
  );
}

/**
 * Opens a document's task of `formKind` from the inbox, with the inbox filtered to the document (`?businessKey=`):
 * the journeys before this one leave tasks open, so unfiltered the task may stand only on a later page. Refreshes
 * until the process has created it (a task whose page is in `done` does not count: a process may open the next
 * task of the same kind). Returns the task page's path.
 */
export async function openInboxTask(
  page: Page,
  businessKey: string,
  formKind: string,
  options: { done?: readonly string[]; timeoutMs?: number } = {},
): Promise<string> {
  const done = options.done ?? [];
  await page.goto(`${BASE_URL}/tasks?businessKey=${encodeURIComponent(businessKey)}`);
  const rows = page.locator(
    `[data-testid="task-row"]${attr('data-business-key', businessKey)}${attr('data-form-kind', formKind)}`,
  );
  const fresh = async () => {
    for (const row of await rows.all()) {
      const id = await row.getAttribute('data-task-id');
      if (id && !done.includes(`/tasks/${encodeURIComponent(id)}`) && !done.includes(`/tasks/${id}`)) return row;
    }
    return undefined;
  };
  const row = await eventually(
    async () => {
      await byTestId(page, 'task-refresh').click();
      await page.waitForTimeout(500);
      return fresh();
    },
    (found) => found !== undefined,
    {
      timeoutMs: options.timeoutMs ?? 60_000,
      intervalMs: 1_500,
      what: `the ${formKind} task of ${businessKey} in the inbox`,
    },
  );
  await byTestId(row!, 'task-open').click();
  await page.waitForURL((url) => url.pathname.startsWith('/tasks/') && !done.includes(url.pathname));
  return new URL(page.url()).pathname;
}
