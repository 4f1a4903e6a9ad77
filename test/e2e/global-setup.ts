import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, INSTALL_CHROMIUM_SENTENCE } from '../../scripts/chromium';
import { findFreePort } from '../../scripts/ports';
import { startChildService } from '../support/child-service';

/**
 * Starts the whole platform exactly as `npm start` does (same script), in a fresh data directory on free
 * ports, and hands its URL (and its database's, for test set-up) to the Playwright journeys.
 */
export default async function globalSetup(): Promise<void> {
  // `npm test` / `npm run e2e` export the Chromium they found or installed; a bare `jest` run finds its own.
  process.env.CHROMIUM_PATH ||= ensureChromium((line) => console.log(`[millwright] ${line}`));
  if (!process.env.CHROMIUM_PATH) throw new Error(INSTALL_CHROMIUM_SENTENCE);
  const dataDir = mkdtempSync(join(tmpdir(), 'millwright-e2e-'));
  chmodSync(dataDir, 0o755);
  const readyFile = join(dataDir, 'ready.json');
  const apiPort = await findFreePort();
  const { child, ready } = await startChildService('scripts/start.ts', ['--ready-file', readyFile], readyFile, {
    MILLWRIGHT_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    PG_PORT: String(await findFreePort()),
    TEMPORAL_PORT: String(await findFreePort()),
    TEMPORAL_UI_PORT: String(await findFreePort()),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
  });
  const state = globalThis as Record<string, unknown>;
  state.__MILLWRIGHT_PLATFORM__ = child;
  state.__MILLWRIGHT_E2E_DIR__ = dataDir;
  process.env.E2E_BASE_URL = `http://127.0.0.1:${apiPort}`;
  // For set-up the console cannot do (a controlled item with stock in known bins).
  if (ready.databaseUrl) process.env.E2E_DATABASE_URL = ready.databaseUrl;
}
