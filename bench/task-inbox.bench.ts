import { availableParallelism, loadavg } from 'node:os';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { num, query } from '../db/sql';
import { benchApp, benchLogin } from './bench-app';
import { note, percentile, report, timed } from './harness';

/** The console's task list opens on the inbox view, first page, 20 rows (ui/src/app/features/tasks). */
const CONSOLE_FIRST_PAGE = '/api/tasks?scope=inbox&page=1&pageSize=20';
const PAGE_SIZE = 20;

/**
 * The cheapest honest read of a page of the same table: the same columns, 20 rows of one role's open tasks in
 * the order of the (candidate_role, status, created_at) index the entity has always had, so no sort and no count.
 */
const BARE_PAGE = `select id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
  status, priority, due_at, escalated_at, form_kind, payload, outcome, completed_by, completed_at, created_at
  from human_task where candidate_role = 'clerk' and status = 'open' order by created_at limit ${PAGE_SIZE}`;

/** The total of the same inbox, as api/tasks/task-routes.ts counts it. */
const INBOX_COUNT =
  "select count(*) as n from human_task where status in ('open', 'claimed') and (candidate_role in ('clerk'))";

/**
 * Bulk-loads `open` open or claimed tasks and `done` finished ones with set-based SQL, spread as a busy site's
 * inbox is: half for clerks (picks, receipts, putaways), a quarter each for controllers and planners; 5% urgent,
 * 20% high, 55% normal, 20% low; created over the last 90 days with due dates 4 to 72 hours later; one in seven
 * open tasks claimed, some of those by the seeded clerk; overdue urgent and high tasks escalated. Then vacuums
 * and analyzes the table, as autovacuum would have by the time an inbox grew this large.
 */
export async function loadInboxTasks(orm: MikroORM, open: number, done: number): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    await query(em, 'select setseed(0.1122)'); // the same tasks every run
    await insertTasks(em, open, done);
  });
  await query(orm.em.fork(), 'vacuum analyze human_task');
}

async function insertTasks(em: EntityManager, open: number, done: number): Promise<void> {
  await query(
    em,
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
                             status, priority, due_at, escalated_at, form_kind, payload, outcome, completed_by,
                             completed_at, created_at, updated_at)
     select 'bench-inbox-' || g || ':' || kind.task_type, 'bench-inbox-' || g, kind.process_type, 'BK-' || g,
            kind.task_type, initcap(kind.task_type) || ' BK-' || g, role, assignee,
            state, priority, due, case when due < now() and priority in ('urgent', 'high') then due end,
            kind.task_type || '-form',
            jsonb_build_object('reference', 'BK-' || g, 'lines', jsonb_build_array(
              jsonb_build_object('sku', 'SKU-' || (g % 500), 'quantity', 1 + g % 12, 'location', 'MAIN-A0' || g % 8),
              jsonb_build_object('sku', 'SKU-' || (g % 311), 'quantity', 1 + g % 5, 'location', 'EAST-B0' || g % 8))),
            case when g > ? then '{"confirmed": true}'::jsonb end, case when g > ? then 'clerk' end,
            case when g > ? then created + interval '3 hours' end, created, created
       from (select g, created, created + make_interval(hours => 4 + (random() * 68)::int) as due,
                    case when r1 < 0.5 then 'clerk' when r1 < 0.75 then 'controller' else 'planner' end as role,
                    case when r2 < 0.05 then 'urgent' when r2 < 0.25 then 'high' when r2 < 0.8 then 'normal'
                         else 'low' end as priority,
                    case when g > ? then (case when r3 < 0.9 then 'completed' else 'cancelled' end)
                         when r3 < 1.0 / 7 then 'claimed' else 'open' end as state,
                    case when g > ? then 'clerk' when r3 < 0.02 then 'clerk' when r3 < 1.0 / 7 then 'colleague-' || g % 9
                         end as assignee
               from (select g, random() as r1, random() as r2, random() as r3,
                            now() - make_interval(secs => random() * 90 * 86400) as created
                       from generate_series(1, ? + ?) g) raw) t
       cross join lateral (select * from (values
              ('clerk', 0, 'order-fulfillment', 'pick'), ('clerk', 1, 'purchase-receipt', 'receipt'),
              ('clerk', 2, 'purchase-receipt', 'putaway'), ('controller', 0, 'period-close', 'approval'),
              ('controller', 1, 'period-close', 'approval'), ('controller', 2, 'credit-check', 'approval'),
              ('planner', 0, 'replenishment', 'plan'), ('planner', 1, 'replenishment', 'plan'),
              ('planner', 2, 'production', 'schedule')) k(for_role, variant, process_type, task_type)
              where k.for_role = t.role and k.variant = t.g % 3) kind`,
    [open, open, open, open, open, open, done],
  );
}

/**
 * Latency of the console's first inbox page for the seeded clerk (`GET /api/tasks?scope=inbox`, through the whole
 * Fastify app: auth hook, validation, the route's SQL, serialization) with `open` open tasks loaded, against the
 * bare indexed page query on the same pool, alternated request by request, `samples` of each after a warm-up.
 */
export async function taskInboxBench(orm: MikroORM, options: { open: number; done: number; samples: number }) {
  const started = performance.now();
  await loadInboxTasks(orm, options.open, options.done);
  const loadSeconds = (performance.now() - started) / 1000;
  const app = await benchApp(orm);
  await app.ready();
  try {
    const headers = await benchLogin(app, 'clerk');
    let total = 0;
    const page = async () => {
      const response = await app.inject({ method: 'GET', url: CONSOLE_FIRST_PAGE, headers });
      if (response.statusCode !== 200) throw new Error(`inbox: ${response.statusCode} ${response.body}`);
      total = response.json<{ total: number; items: unknown[] }>().total;
    };
    const bare = () => query(orm.em.fork(), BARE_PAGE);
    // What is left of the request once the page comes off an index: the exact total the envelope carries.
    const count = () => query(orm.em.fork(), INBOX_COUNT);
    for (let i = 0; i < 20; i += 1) await Promise.all([page(), bare(), count()]); // warm the pool, plans, caches
    const times = { api: [] as number[], base: [] as number[], count: [] as number[] };
    for (let i = 0; i < options.samples; i += 1) {
      times.base.push(await timed(bare));
      times.api.push(await timed(page));
      if (i % 4 === 0) times.count.push(await timed(count));
    }
    for (const p of [50, 95, 99]) {
      const baseline = { name: `bare indexed page query p${p}`, value: percentile(times.base, p), unit: 'ms' };
      const target = p === 95 ? { text: '< 50 ms', met: (value: number) => value < 50 } : undefined;
      report(`task inbox, clerk's first page p${p}`, percentile(times.api, p), 'ms', baseline, target);
    }
    const [counts] = await query<{ open: string; all: string }>(
      orm.em.fork(),
      "select count(*) filter (where status in ('open', 'claimed')) as open, count(*) as all from human_task",
    );
    const [load] = loadavg();
    note(
      `${options.samples} requests of ${CONSOLE_FIRST_PAGE} as the seeded clerk; ${num(counts?.open)} open tasks ` +
        `of ${num(counts?.all)}, ${total} in the clerk's inbox; loaded in ${loadSeconds.toFixed(1)} s`,
    );
    note(
      `of which the exact total, count(*) of the clerk's open tasks: p50 ${percentile(times.count, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(times.count, 95).toFixed(1)} ms; load average ${load?.toFixed(1)} on ${availableParallelism()} CPUs`,
    );
  } finally {
    await app.close();
  }
}
