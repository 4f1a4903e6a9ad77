import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MillwrightConfig } from '../config/env';
import { embeddedPostgresUrl, startEmbeddedPostgres } from './postgres';
import { assertPortFree } from './ports';
import { startTemporalDevServer } from './temporal-server';

/** The servers the doctor checks, how it reached each (for the report), and how to stop what it started. */
export interface DoctorServers {
  databaseUrl: string;
  temporalAddress: string;
  routes: { database: string; temporal: string };
  stop(): Promise<void>;
}

async function portInUse(port: number): Promise<boolean> {
  return assertPortFree(port, 'a check').then(
    () => false,
    () => true,
  );
}

/**
 * Finds the servers to check, in this order: DATABASE_URL / TEMPORAL_ADDRESS when set; else the embedded servers of
 * a running `npm start` (their ports are taken); else the embedded servers' data in MILLWRIGHT_DATA_DIR, started just
 * for the check and stopped after it. Without any of these there is nothing to check, and it says so.
 */
export async function doctorServers(config: MillwrightConfig, log: (line: string) => void): Promise<DoctorServers> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const database = await findDatabase(config, log, stops);
    const temporal = await findTemporal(config, log, stops);
    return {
      databaseUrl: database.url,
      temporalAddress: temporal.address,
      routes: { database: database.route, temporal: temporal.route },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function findDatabase(config: MillwrightConfig, log: (line: string) => void, stops: Array<() => Promise<void>>) {
  if (config.databaseUrl) return { url: config.databaseUrl, route: 'DATABASE_URL' };
  if (await portInUse(config.pgPort)) {
    return {
      url: embeddedPostgresUrl(config.pgPort),
      route: `the running platform's PostgreSQL (port ${config.pgPort})`,
    };
  }
  const dataDir = join(config.dataDir, 'pg');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw nothingToCheck(config, `no PostgreSQL data in ${dataDir}`);
  log(`starting the stopped platform's PostgreSQL from ${dataDir} for the check`);
  const pg = await startEmbeddedPostgres(dataDir, config.pgPort, () => undefined);
  stops.push(() => pg.stop());
  return { url: pg.url, route: `PostgreSQL in ${dataDir} (started for the check)` };
}

async function findTemporal(config: MillwrightConfig, log: (line: string) => void, stops: Array<() => Promise<void>>) {
  if (config.temporalAddress) return { address: config.temporalAddress, route: 'TEMPORAL_ADDRESS' };
  if (await portInUse(config.temporalPort)) {
    const address = `127.0.0.1:${config.temporalPort}`;
    return { address, route: `the running platform's Temporal (${address})` };
  }
  const dataDir = join(config.dataDir, 'temporal');
  if (!existsSync(join(dataDir, 'temporal.db'))) throw nothingToCheck(config, `no Temporal data in ${dataDir}`);
  log(`starting the stopped platform's Temporal from ${dataDir} for the check`);
  const temporal = await startTemporalDevServer({
    cacheDir: config.cacheDir,
    dataDir,
    port: config.temporalPort,
    uiPort: config.temporalUiPort,
    namespace: config.namespace,
    log: (line) => (/^(building|go install)/.test(line) ? log(line) : undefined),
  });
  stops.push(() => temporal.stop());
  return { address: temporal.address, route: `Temporal in ${dataDir} (started for the check)` };
}

function nothingToCheck(config: MillwrightConfig, what: string): Error {
  return new Error(
    `Nothing to check: ${what}. Run \`npm start\` once (data directory ${config.dataDir}), ` +
      'or set DATABASE_URL and TEMPORAL_ADDRESS to the servers to check.',
  );
}
