import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DEMO_PASSWORD } from '../db/seeds/demo-data';
import { query } from '../db/sql';
import { ensureChromium, INSTALL_CHROMIUM_SENTENCE } from '../scripts/chromium';
import { CONSOLE_DIR, ensureConsoleBuilt } from '../scripts/console-build';
import { launchBrowser } from '../ui/e2e/support/browser';
import { visitFirstPage, type FirstPageVisit } from '../ui/e2e/support/first-page';
import { benchApp } from './bench-app';
import { note, percentile, report } from './harness';

/** The console is served as the API serves it; the process list reads PostgreSQL only, so Temporal is never dialled. */
async function consoleApp(orm: MikroORM, compressed: boolean): Promise<{ app: FastifyInstance; url: string }> {
  const app = await benchApp(orm, { consoleDir: CONSOLE_DIR, consoleCompressed: compressed });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Fifty finished and running processes, so the list has a first page to show. */
async function seedProcesses(orm: MikroORM): Promise<void> {
  await query(
    orm.em.fork(),
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                   updated_at)
     select 'bench-first-page-' || g, '', 'order-fulfillment', 'SO-BENCH-' || g,
            case when g % 3 = 0 then 'completed' else 'running' end, 'pick', now() - g * interval '1 minute', now()
       from generate_series(1, 50) g
     on conflict (workflow_id) do nothing`,
  );
}

/**
 * The console's first page, cold, in Chromium: bytes over the wire to sign in and see the process list, and the time
 * from "Sign in" to the first process row, served compressed (brotli copies written at build) against the same
 * console served uncompressed in the same run. `samples` cold visits of each, alternated.
 */
export async function consoleFirstPageBench(orm: MikroORM, samples = 5): Promise<void> {
  process.env.CHROMIUM_PATH ||= ensureChromium((line) => note(line));
  if (!process.env.CHROMIUM_PATH) throw new Error(INSTALL_CHROMIUM_SENTENCE);
  await ensureConsoleBuilt((line) => note(line));
  await seedProcesses(orm);
  const [compressed, plain] = [await consoleApp(orm, true), await consoleApp(orm, false)];
  const browser = await launchBrowser();
  try {
    const visits = { compressed: [] as FirstPageVisit[], plain: [] as FirstPageVisit[] };
    const credentials = { username: 'controller', password: DEMO_PASSWORD };
    await visitFirstPage(browser, compressed.url, credentials); // warm the server side (plans, bcrypt's first run)
    for (let i = 0; i < samples; i += 1) {
      visits.plain.push(await visitFirstPage(browser, plain.url, credentials));
      visits.compressed.push(await visitFirstPage(browser, compressed.url, credentials));
    }
    const median = (list: FirstPageVisit[], pick: (visit: FirstPageVisit) => number) => percentile(list.map(pick), 50);
    const kb = (bytes: number) => bytes / 1024;
    report(
      'console first page (sign-in + process list), cold, transferred',
      kb(median(visits.compressed, (v) => v.bytes)),
      'KB',
      { name: 'uncompressed', value: kb(median(visits.plain, (v) => v.bytes)), unit: 'KB' },
      { text: '< 350 KB', met: (value) => value < 350 },
    );
    report(
      'console first process row after sign-in, cold',
      median(visits.compressed, (v) => v.firstRowMs),
      'ms',
      { name: 'uncompressed', value: median(visits.plain, (v) => v.firstRowMs), unit: 'ms' },
      { text: '< 1000 ms', met: (value) => value < 1000 },
    );
    note(`${samples} cold visits of each, alternated; ${visits.compressed[0]?.requests ?? 0} requests per visit`);
  } finally {
    await browser.close();
    await compressed.app.close();
    await plain.app.close();
  }
}
