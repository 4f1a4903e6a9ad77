import type { Page } from 'playwright-core';
import { BASE_URL } from './browser';
import { waitForInstancePage } from './pages';

/**
 * After a task's completion the console opens the user's next task (or the process page when none is left); journeys
 * that go on checking the process call this: it waits for the console to leave the finished task, then shows the
 * process page of `workflowId`. `finished` is the finished task's path (default: the page's path when called, right
 * after the click; the console moves on only after the server has answered).
 */
export async function processPageAfterCompletion(
  page: Page,
  workflowId: string,
  finished = new URL(page.url()).pathname,
): Promise<void> {
  await page.waitForURL((url) => url.pathname !== finished, { timeout: 60_000 });
  const processPath = `/processes/${workflowId}`;
  if (decodeURIComponent(new URL(page.url()).pathname) !== processPath) {
    await page.goto(`${BASE_URL}/processes/${encodeURIComponent(workflowId)}`);
  }
  await waitForInstancePage(page, workflowId);
}
