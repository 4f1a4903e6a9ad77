import { availableParallelism, loadavg } from 'node:os';
import type { MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';
import { benchApp, benchLogin } from './bench-app';
import { note, percentile, prng, report, timed } from './harness';
import { seedProcessInstances } from './process-list-world';

const PAGE_SIZE = 20;

/** Type and status filters a controller or an operator picks: the biggest bucket, running work, failures. */
const FILTERS = [
  ['order-fulfillment', 'completed'],
  ['order-fulfillment', 'running'],
  ['purchase-receipt', 'completed'],
  ['supplier-invoice', 'failed'],
  ['quality-inspection', 'cancelled'],
  ['production-order', 'running'],
] as const;

/** The cheapest honest read of the same first page: its rows straight off the (type, status, started_at) index. */
const BARE_FILTERED = `select p.* from process_instance p where p.process_type = ? and p.status = ?
  order by p.started_at desc limit ${PAGE_SIZE}`;

/** The same for a search: the business-key match off the trigram index, newest first. */
const BARE_SEARCH = `select p.* from process_instance p where p.process_type = ? and p.business_key ilike ?
  order by p.started_at desc limit ${PAGE_SIZE}`;

/** The console's landing page, no filter: newest first off the started_at index. */
const BARE_ALL = `select p.* from process_instance p order by p.started_at desc limit ${PAGE_SIZE}`;

/**
 * The shape of the list's query before this bench (kept here to show what the fix bought): `desc nulls last`,
 * which keeps PostgreSQL off the index, and an exact count of every match.
 */
const OLD_PAGE = `select p.* from process_instance p where p.process_type = ? and p.status = ?
  order by p.started_at desc nulls last, p.workflow_id limit ${PAGE_SIZE}`;
const OLD_COUNT = 'select count(*) as n from process_instance p where p.process_type = ? and p.status = ?';

interface Page {
  total: number;
  totalEstimated?: boolean;
  items: unknown[];
}

/**
 * Latency of the process list API (`GET /api/processes`, through the whole Fastify app: auth hook, validation, the
 * list's page and total, serialization) over `instances` process instances (bench/process-list-world.ts), as the
 * seeded controller: a first page filtered by process type and status, newest first (the goal: p95 under
 * 100 ms), a search for a business-key fragment within a type, and the unfiltered landing page, each against the
 * bare indexed page query on the same pool, alternated request by request, `samples` of each after a warm-up.
 */
export async function processListBench(orm: MikroORM, options: { instances: number; samples: number }) {
  const started = performance.now();
  await seedProcessInstances(orm, options.instances);
  const loadSeconds = (performance.now() - started) / 1000;
  const app = await benchApp(orm);
  await app.ready();
  try {
    const headers = await benchLogin(app, 'controller');
    const pages: Page[] = [];
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      pages.push(response.json<Page>());
    };
    const bare = (sql: string, params: unknown[] = []) => query(orm.em.fork(), sql, params);
    const random = prng(19);
    // A business-key fragment a person types: prefix and the first five digits, about 45 sales orders.
    const fragment = () => `SO-0${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;

    const scenarios = [
      {
        name: 'process list, type + status filter, newest first, first page',
        api: (i: number) => {
          const [type, status] = FILTERS[i % FILTERS.length] ?? FILTERS[0];
          return get(
            `/api/processes?processType=${type}&status=${status}&sort=-startedAt&page=1&pageSize=${PAGE_SIZE}`,
          );
        },
        base: (i: number) => bare(BARE_FILTERED, [...(FILTERS[i % FILTERS.length] ?? FILTERS[0])]),
        baseName: 'bare indexed page query',
      },
      {
        name: 'process list, type + business-key search (q), newest first, first page',
        api: (i: number) => {
          void i;
          return get(
            `/api/processes?processType=order-fulfillment&q=${fragment()}&sort=-startedAt&pageSize=${PAGE_SIZE}`,
          );
        },
        base: () => bare(BARE_SEARCH, ['order-fulfillment', `%${fragment()}%`]),
        baseName: 'bare trigram-indexed page query',
      },
      {
        name: 'process list, no filter (the landing page), newest first',
        api: () => get(`/api/processes?sort=-startedAt&pageSize=${PAGE_SIZE}`),
        base: () => bare(BARE_ALL),
        baseName: 'bare indexed page query',
      },
    ];

    for (const scenario of scenarios) {
      for (let i = 0; i < 10; i += 1) await Promise.all([scenario.api(i), scenario.base(i)]); // warm plans, caches
      const times = { api: [] as number[], base: [] as number[] };
      pages.length = 0;
      for (let i = 0; i < options.samples; i += 1) {
        times.base.push(await timed(() => scenario.base(i)));
        times.api.push(await timed(() => scenario.api(i)));
      }
      for (const p of [50, 95]) {
        const baseline = { name: `${scenario.baseName} p${p}`, value: percentile(times.base, p), unit: 'ms' };
        const target = p === 95 ? { text: '< 100 ms', met: (value: number) => value < 100 } : undefined;
        report(`${scenario.name} p${p}`, percentile(times.api, p), 'ms', baseline, target);
      }
      const estimated = pages.filter((page) => page.totalEstimated).length;
      const totals = pages.map((page) => page.total);
      note(
        `${options.samples} requests; totals ${Math.min(...totals)} to ${Math.max(...totals)}, ` +
          `${estimated} of them estimated (over the list's exact-count cap)`,
      );
    }

    // What the same filtered page cost in the list's old query shape (sorted every match, counted every match).
    const old: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const filter = [...(FILTERS[i % FILTERS.length] ?? FILTERS[0])];
      old.push(
        await timed(async () => {
          await bare(OLD_PAGE, filter);
          await bare(OLD_COUNT, filter);
        }),
      );
    }
    const [counts] = await query<{ all: string; biggest: string }>(
      orm.em.fork(),
      `select count(*) as all, count(*) filter (where process_type = 'order-fulfillment' and status = 'completed')
         as biggest from process_instance`,
    );
    const [load] = loadavg();
    note(
      `the old query shape (desc nulls last, exact count) of the same filtered pages, bare SQL, 10 runs: p50 ` +
        `${percentile(old, 50).toFixed(1)} ms, max ${Math.max(...old).toFixed(1)} ms`,
    );
    note(
      `${num(counts?.all)} process instances, ${num(counts?.biggest)} completed sales orders (the biggest filter); ` +
        `seeded in ${loadSeconds.toFixed(1)} s; load average ${load?.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
  } finally {
    await app.close();
  }
}
