import { join } from 'node:path';
import type { MillwrightConfig } from '../config/env';
import { startEmbeddedPostgres, type PostgresHandle } from './postgres';
import { startTemporalDevServer, type TemporalHandle } from './temporal-server';

export type Log = (line: string) => void;

/** PostgreSQL at DATABASE_URL when set, otherwise embedded PostgreSQL in the data directory. */
export async function ensurePostgres(config: MillwrightConfig, log: Log): Promise<PostgresHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  return startEmbeddedPostgres(join(config.dataDir, 'pg'), config.pgPort, log);
}

/** Temporal at TEMPORAL_ADDRESS when set, otherwise the CLI dev server with its SQLite file in the data directory. */
export async function ensureTemporal(config: MillwrightConfig, log: Log): Promise<TemporalHandle> {
  if (config.temporalAddress) {
    return {
      address: config.temporalAddress,
      namespace: config.namespace,
      uiUrl: config.temporalUiUrl ?? `http://${config.temporalAddress.split(':')[0]}:8080`,
      route: `external Temporal at ${config.temporalAddress}`,
      stop: async () => undefined,
    };
  }
  return startTemporalDevServer({
    cacheDir: config.cacheDir,
    dataDir: join(config.dataDir, 'temporal'),
    port: config.temporalPort,
    uiPort: config.temporalUiPort,
    namespace: config.namespace,
    log,
  });
}
