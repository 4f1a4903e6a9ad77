import type { Locator, Page } from 'playwright-core';
import { BASE_URL } from './browser';

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
  await byTestId(page, selectTestId).click();
  const option = byTestId(page, optionTestId).first();
  await option.waitFor({ state: 'visible', timeout: 20_000 });
  await option.click();
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
