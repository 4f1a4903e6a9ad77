import { num, query } from '../../db/sql';
import { eventually, intEnv, stockedItem, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, orderDriver, packAll, pickAll, shipAll } from '../../test/support/order-driver';

jest.setTimeout(240_000);

const t = useTestApp();
const clerk = t.headers('clerk');
const suffix = `${process.pid}-${Date.now().toString(36)}`;

/** One sample of the Prometheus text format: its metric name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text format (comments left out); label values are unescaped. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the series `name` whose labels include `labels` (summed when several match; 0 when none does). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

function has(samples: Sample[], name: string, labels: Record<string, string> = {}): boolean {
  return samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: response.body, samples: parse(response.body) };
}

/** Scrapes until `ready` holds (the database and Temporal readings are reused for a few seconds). */
async function scrapeUntil(ready: (samples: Sample[]) => boolean, label: string) {
  let last: Sample[] = [];
  return eventually(
    async () => {
      const { text, samples } = await scrape();
      last = samples;
      return ready(samples) ? { text, samples } : undefined;
    },
    30_000,
    label,
  ).catch((error: unknown) => {
    const millwright = last.filter((s) => s.name.startsWith('millwright_') && !s.name.includes('_bucket'));
    throw new Error(`${(error as Error).message}; last scrape: ${JSON.stringify(millwright).slice(0, 3000)}`);
  });
}

/** The SLA state label the gauge gives a task row (the same rule as the gauge's SQL). */
function slaState(row: { due_at: Date | string | null; escalated_at: Date | string | null }): string {
  if (row.escalated_at) return 'escalated';
  if (!row.due_at) return 'none';
  return new Date(row.due_at).getTime() < Date.now() ? 'breached' : 'on_track';
}

describe('/metrics after an order runs', () => {
  test('request rates and latencies per route, the open pick task, rule decisions per version and postings per type', async () => {
    const before = (await scrape()).samples;
    const driver = orderDriver(t.app, clerk);
    const sku = await stockedItem(t.orm, 3);
    const { orderNumber, workflowId } = await driver.place('C-BOLT', [{ itemSku: sku, quantity: 1 }]);

    // While the pick task is open it is counted under its type and SLA state.
    const pick = await driver.task(workflowId, 'pick');
    const [row] = await query<{ due_at: string | null; escalated_at: string | null }>(
      t.orm.em.fork(),
      'select due_at, escalated_at from human_task where id = ?',
      [pick.id],
    );
    const pickLabels = { task_type: 'pick', sla_state: slaState(row!) };
    await scrapeUntil((s) => value(s, 'millwright_open_human_tasks', pickLabels) >= 1, 'the open pick task');

    expect((await driver.complete(pick.id, { picks: pickAll(pick) })).statusCode).toBe(200);
    const pack = await driver.task(workflowId, 'pack');
    expect((await driver.complete(pack.id, packAll(pack))).statusCode).toBe(200);
    const ship = await driver.task(workflowId, 'ship');
    await driver.packCheck(ship);
    expect((await driver.complete(ship.id, shipAll(ship))).statusCode).toBe(200);
    await instanceCompleted(t.orm, workflowId, 90_000);

    // What this order wrote: its rule decisions by rule set and version, its postings by source type.
    const em = t.orm.em.fork();
    const decisions = await query<{ code: string; type: string; version: number; n: string }>(
      em,
      `select rs.code, d.rule_set_type as type, d.version, count(*) as n from rule_decision d
         join rule_set rs on rs.id = d.rule_set_id where d.workflow_id = ? group by 1, 2, 3`,
      [workflowId],
    );
    const postings = await query<{ source_type: string; n: string }>(
      em,
      `select source_type, count(*) as n from journal_entry
        where source_ref = ? or source_ref like ? or description like ? group by 1`,
      [orderNumber, `${orderNumber}/%`, `% for ${orderNumber} (%`],
    );
    expect(decisions.length).toBeGreaterThan(0);
    expect(postings.map((p) => p.source_type).sort()).toEqual(expect.arrayContaining(['customer-invoice']));

    // The gauges count what the database holds: after the order, each of its series grew by at least its share.
    const decisionLabels = decisions.map((d) => ({
      labels: { rule_set: d.code, rule_set_type: d.type, version: String(d.version) },
      n: num(d.n),
    }));
    const postingLabels = postings.map((p) => ({ labels: { source_type: p.source_type }, n: num(p.n) }));
    const grew = (s: Sample[], name: string, series: Array<{ labels: Record<string, string>; n: number }>) =>
      series.every(({ labels, n }) => value(s, name, labels) >= value(before, name, labels) + n);
    const { text, samples } = await scrapeUntil(
      (s) =>
        grew(s, 'millwright_rule_decisions', decisionLabels) &&
        grew(s, 'millwright_postings', postingLabels) &&
        value(s, 'millwright_processes', { process_type: 'order-fulfillment', status: 'completed' }) >= 1,
      "the order's decisions and postings",
    );
    for (const { labels } of [...decisionLabels, ...postingLabels])
      expect(Object.keys(labels).length).toBeGreaterThan(0);
    // The pick is done: this order's task no longer counts, and no series of an open pick grew because of it.
    expect(value(samples, 'millwright_open_human_tasks', pickLabels)).toBeLessThanOrEqual(
      value(before, 'millwright_open_human_tasks', pickLabels),
    );

    // Requests, by route pattern: the order's creation, its task completions and the process reads.
    const created = { method: 'POST', route: '/api/orders', status_code: '201' };
    expect(value(samples, 'millwright_http_requests_total', created)).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'millwright_http_request_duration_seconds_count', created)).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'millwright_http_request_duration_seconds_sum', created)).toBeGreaterThan(0);
    expect(
      value(samples, 'millwright_http_request_duration_seconds_bucket', { ...created, le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    const completions = { method: 'POST', route: '/api/tasks/:id/complete', status_code: '200' };
    expect(value(samples, 'millwright_http_requests_total', completions)).toBeGreaterThanOrEqual(3);
    const reads = { method: 'GET', route: '/api/processes/:workflowId', status_code: '200' };
    expect(value(samples, 'millwright_http_requests_total', reads)).toBeGreaterThanOrEqual(1);
    // Never the raw URL: no series carries the workflow id, the task id or the order number.
    expect(text).not.toContain(workflowId);
    expect(text).not.toContain(pick.id);
    expect(text).not.toContain(orderNumber);

    // The task queue as Temporal sees it: a backlog per task type, and the test's worker polling it.
    const queue = intEnv().taskQueue;
    for (const taskType of ['workflow', 'activity']) {
      expect(has(samples, 'millwright_task_queue_backlog', { task_queue: queue, task_type: taskType })).toBe(true);
      expect(
        has(samples, 'millwright_task_queue_backlog_age_seconds', { task_queue: queue, task_type: taskType }),
      ).toBe(true);
    }
    expect(
      value(samples, 'millwright_task_queue_pollers', { task_queue: queue, task_type: 'activity' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'millwright_metrics_source_up', { source: 'postgres' })).toBe(1);
    expect(value(samples, 'millwright_metrics_source_up', { source: 'temporal' })).toBe(1);
    // Periods: the seeded books have open months; MRP and period-close series exist once such processes run.
    expect(value(samples, 'millwright_accounting_periods', { status: 'open' })).toBeGreaterThan(0);
    // Node's own process metrics come along.
    expect(has(samples, 'process_cpu_user_seconds_total')).toBe(true);
    expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  test('open tasks by SLA state: none, on track, breached and escalated; finished tasks leave the gauge', async () => {
    const taskType = `metrics-${suffix}`.slice(0, 40);
    const rows: Array<{ status: string; due: string | null; escalated: boolean }> = [
      { status: 'open', due: null, escalated: false },
      { status: 'claimed', due: null, escalated: false },
      { status: 'open', due: '1 hour', escalated: false },
      { status: 'open', due: '-1 hour', escalated: false },
      { status: 'open', due: '-2 hours', escalated: false },
      { status: 'claimed', due: '-3 hours', escalated: true },
      { status: 'completed', due: '-1 hour', escalated: false },
      { status: 'cancelled', due: null, escalated: false },
    ];
    const em = t.orm.em.fork();
    try {
      for (const [index, row] of rows.entries()) {
        await query(
          em,
          `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role,
                                   assignee, status, priority, due_at, escalated_at, form_kind, payload,
                                   created_at, updated_at)
           values (?, ?, 'metricsTest', 'METRICS', ?, 'Metrics test task', 'clerk', null, ?, 'normal',
                   now() + ?::interval, ?, 'pick', '{}', now(), now())`,
          [
            `${taskType}-${index}`,
            `metrics-test-${suffix}`,
            taskType,
            row.status,
            row.due,
            row.escalated ? new Date() : null,
          ],
        );
      }
      const { samples } = await scrapeUntil(
        (s) => has(s, 'millwright_open_human_tasks', { task_type: taskType }),
        'the test tasks in the gauge',
      );
      const states = Object.fromEntries(
        samples
          .filter((s) => s.name === 'millwright_open_human_tasks' && s.labels.task_type === taskType)
          .map((s) => [s.labels.sla_state, s.value]),
      );
      expect(states).toEqual({ none: 2, on_track: 1, breached: 2, escalated: 1 });

      // Done and withdrawn: the series goes away with them.
      await query(em, `update human_task set status = 'completed', completed_at = now() where task_type = ?`, [
        taskType,
      ]);
      await scrapeUntil((s) => !has(s, 'millwright_open_human_tasks', { task_type: taskType }), 'the series to go');
    } finally {
      await query(em, 'delete from human_task where task_type = ?', [taskType]);
    }
  });

  test('unmatched URLs share one label; /metrics is public and outside the OpenAPI document', async () => {
    const probe = `/no-such-page-${suffix}`;
    expect((await t.app.inject({ method: 'GET', url: `/api${probe}` })).statusCode).toBe(404);
    const { text, samples } = await scrape();
    expect(text).not.toContain(probe);
    expect(
      value(samples, 'millwright_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    const openapi = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(openapi.json<{ paths: Record<string, unknown> }>().paths)).not.toContain('/metrics');
  });
});
