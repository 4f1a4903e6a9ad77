import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { prepareDatabase } from '../scripts/platform';
import { startEmbeddedPostgres } from '../scripts/postgres';
import { findFreePort } from '../scripts/ports';

/**
 * A throw-away migrated and seeded PostgreSQL for one bench run: embedded, in a fresh temp dir on a free port,
 * stopped and deleted by `stop()` (also on Ctrl-C / SIGTERM, so an interrupted run leaves no server behind).
 */
export async function benchDatabase(): Promise<{ orm: MikroORM; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'millwright-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(join(dir, 'pg'), await findFreePort(), () => undefined).catch(
    (error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    },
  );
  let orm: MikroORM | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      await orm?.close().catch(() => undefined);
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the bench database`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    orm = (await prepareDatabase(pg.url)).orm;
  } catch (error) {
    await stop();
    throw error;
  }
  return { orm, stop };
}

/**
 * Throughput of `work` and of its `baseline`, each run for about `seconds` in total, alternating in `rounds`
 * slices so that load from other processes on a shared machine hits both alike. Returns the median rate over
 * the slices of each (operations per second), so a burst of someone else's disk or CPU load in one slice does
 * not swing the ratio. The operation index keeps counting across slices.
 */
export async function compareThroughput(
  seconds: number,
  baseline: (i: number) => Promise<void>,
  work: (i: number) => Promise<void>,
  rounds = Math.max(4, Math.round(seconds * 2)),
): Promise<{ baseline: number; work: number }> {
  const runs = [
    { fn: baseline, done: 0, rates: [] as number[] },
    { fn: work, done: 0, rates: [] as number[] },
  ];
  const slice = (seconds * 1000) / rounds;
  for (let round = 0; round < rounds; round += 1) {
    for (const run of runs) {
      const [started, before] = [performance.now(), run.done];
      while (performance.now() - started < slice) {
        await run.fn(run.done);
        run.done += 1;
      }
      run.rates.push((run.done - before) / ((performance.now() - started) / 1000));
    }
  }
  return { baseline: percentile(runs[0]?.rates ?? [], 50), work: percentile(runs[1]?.rates ?? [], 50) };
}

/** Milliseconds `work` takes, by the wall clock. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The p-th percentile (nearest rank) of a set of samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** A small deterministic PRNG (mulberry32), so every run samples the same items. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Baseline {
  name: string;
  value: number;
  unit: string;
}

/** A goal printed beside a result; a miss is reported, never thrown, so one slow number does not hide the rest. */
export interface Target {
  /** How the goal reads, e.g. `>= 0.25x` or `< 20 ms`. */
  text: string;
  met: (value: number, ratio: number) => boolean;
}

const fixed = (value: number) => value.toFixed(Math.abs(value) < 10 ? 2 : 1);

/**
 * The one output format: `name: value unit (ratio x vs baseline)`, plus `(target ...: PASS|FAIL)` when there is
 * a goal. The ratio divides like by like: for rates higher is better, for times lower is.
 */
export function report(name: string, value: number, unit: string, baseline: Baseline, target?: Target): void {
  const ratio = value / baseline.value;
  const base = `${baseline.name} ${fixed(baseline.value)} ${baseline.unit}`;
  const goal = target ? ` (target ${target.text}: ${target.met(value, ratio) ? 'PASS' : 'FAIL'})` : '';
  // Three decimals below 1x, so a ratio just under a target never prints as the target itself.
  const times = ratio.toFixed(ratio < 1 ? 3 : 2);
  console.log(`${name}: ${fixed(value)} ${unit} (${times}x vs ${base})${goal}`);
}

/** Details under a result line, indented so they read as part of it. */
export function note(text: string): void {
  console.log(`  (${text})`);
}
