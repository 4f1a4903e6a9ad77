import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MillwrightConfig } from '../config/env';
import { embeddedPostgresUrl, startEmbeddedPostgres } from './postgres';
import { assertPortFree } from './ports';

/**
 * The platform's database for a command run beside it (audit:verify, admin:create): DATABASE_URL, else a running
 * `npm start`'s, else its stopped data started for the command (and stopped after it).
 */
export async function findDatabase(config: MillwrightConfig): Promise<{ url: string; stop(): Promise<void> }> {
  const none = { stop: async () => undefined };
  if (config.databaseUrl) return { url: config.databaseUrl, ...none };
  const running = await assertPortFree(config.pgPort, 'a check').then(
    () => false,
    () => true,
  );
  if (running) return { url: embeddedPostgresUrl(config.pgPort), ...none };
  const dataDir = join(config.dataDir, 'pg');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new Error(`no database: set DATABASE_URL or run npm start once`);
  const pg = await startEmbeddedPostgres(dataDir, config.pgPort, () => undefined);
  return { url: pg.url, stop: () => pg.stop() };
}
