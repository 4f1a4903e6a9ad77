import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { prepareDatabase } from '../scripts/platform';
import { startEmbeddedPostgres } from '../scripts/postgres';
import { findFreePort } from '../scripts/ports';

/** A throw-away migrated and seeded PostgreSQL for one bench run (or DATABASE_URL's server when set). */
export async function benchDatabase(): Promise<{ orm: MikroORM; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(join(dir, 'pg'), await findFreePort(), () => undefined);
  const { orm } = await prepareDatabase(pg.url);
  return {
    orm,
    stop: async () => {
      await orm.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` for about `seconds` and returns operations per second. */
export async function throughput(seconds: number, work: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < seconds * 1000) {
    await work(done);
    done += 1;
  }
  return done / ((performance.now() - started) / 1000);
}

export interface Baseline {
  name: string;
  value: number;
  unit: string;
}

/** The one output format: `name: value unit (ratio x vs baseline)`; the ratio compares rates of the same thing. */
export function report(name: string, value: number, unit: string, baseline: Baseline): void {
  const ratio = value / baseline.value;
  const base = `${baseline.name} ${baseline.value.toFixed(1)} ${baseline.unit}`;
  console.log(`${name}: ${value.toFixed(1)} ${unit} (${ratio.toFixed(2)}x vs ${base})`);
}
