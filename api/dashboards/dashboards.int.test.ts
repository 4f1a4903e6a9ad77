import { hashPassword } from '../../db/identity/password';
import { num, query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(180_000);

/**
 * The home page's figures per role (issue 19, dashboards) on the shared test database: the test writes its own tasks,
 * process instances, rule decisions, a late production order, a period close under way and stock under names no one
 * else uses (a clerk of its own, a task type, a process type, a rule-set type and an item category of its own), so the
 * exact figures it checks are its own; figures over everyone's rows are checked to include its rows.
 */
// Declared before useTestApp: Jest runs afterAll hooks in declaration order, and this one needs the app's database.
afterAll(async () => {
  await sql(`update human_task set status = 'cancelled' where task_type = ? and status in ('open', 'claimed')`, [
    taskType,
  ]);
  await sql(`update process_instance set status = 'cancelled', closed_at = now() where workflow_id = ?`, [
    `${processType}:close`,
  ]);
  await sql(`update production_order set status = 'cancelled' where number = ?`, [orderNumber]);
  await sql(`update app_user set active = false where username = ?`, [clerkName]);
});
const t = useTestApp({ worker: false });
const admin = t.headers('admin');
const planner = t.headers('planner');
const controller = t.headers('controller');
const demoClerk = t.headers('clerk');

const suffix = `${process.pid}-${Date.now() % 100_000}`;
const clerkName = `dash-clerk-${suffix}`;
const taskType = `dash-${suffix}`;
const processType = `dash-${suffix}`;
const ruleSetType = `dsh${suffix}`.slice(0, 24);
const category = `dash-${suffix}`;
const sku = `DASH-${suffix}`;
const orderNumber = `PRD-DS${suffix}`.slice(0, 20);
const clerk = { authorization: '' };

const sql = (text: string, params: unknown[] = []) => query<Record<string, unknown>>(t.orm.em.fork(), text, params);

async function get<T>(url: string, headers: { authorization: string }): Promise<{ status: number; body: T }> {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json<T>() };
}

/** A task row as a workflow's task activity writes it; `dueMinutes` from now (negative: past due). */
async function task(
  n: number,
  dueMinutes: number,
  status: string,
  completedMinutesAgo?: number,
  assignee: string | null = clerkName,
) {
  await sql(
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
                             status, priority, due_at, form_kind, payload, completed_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 'clerk', ?, ?, 'normal', now() + make_interval(mins => ?), 'none', '{}'::jsonb,
             case when ?::int is null then null else now() - make_interval(mins => ?::int) end,
             now() - interval '2 days', now())`,
    [
      `${taskType}:${n}`,
      `${processType}:${n}`,
      processType,
      `DASH-${n}`,
      taskType,
      `Dashboard task ${n}`,
      assignee,
      status,
      dueMinutes,
      completedMinutesAgo ?? null,
      completedMinutesAgo ?? null,
    ],
  );
}

beforeAll(async () => {
  const password = `dash-secret-${suffix}`;
  await sql(
    `insert into app_user (username, display_name, password_hash, roles, active, created_at)
     values (?, 'Dashboard clerk', ?, '["clerk"]'::jsonb, true, now())`,
    [clerkName, await hashPassword(password)],
  );
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: clerkName, password },
  });
  clerk.authorization = `Bearer ${login.json<{ token: string }>().token}`;

  // The clerk's day: one due in 30 minutes, one 10 minutes past due, one due in two days, one done (late, yesterday).
  await task(1, 30, 'claimed');
  await task(2, -10, 'claimed');
  await task(3, 2 * 24 * 60, 'claimed');
  await task(4, -24 * 60, 'completed', 23 * 60);
  // Someone else's: in the clerks' inbox unclaimed, past due longer than the caller's (listed after the caller's own).
  await task(8, -20, 'open', undefined, null);

  // Processes completed: two today, one yesterday; and a period close stopped at its reconciliations.
  for (const [n, daysAgo] of [
    [5, 0],
    [6, 0],
    [7, 1],
  ] as const) {
    await sql(
      `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step,
                                     started_at, updated_at, closed_at)
       values (?, 'run', ?, ?, 'completed', 'done', now() - interval '3 days', now(),
               now() - make_interval(days => ?))`,
      [`${processType}:${n}`, processType, `DASH-${n}`, daysAgo],
    );
  }
  await sql(
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step,
                                   started_at, updated_at)
     values (?, 'run', 'period-close', ?, 'running', 'reconciliations-blocked', '2000-01-01', now())`,
    [`${processType}:close`, `DASH-CLOSE-${suffix}`],
  );

  // Rule decisions: version 1 twice today, version 2 once today.
  for (const version of [1, 1, 2]) {
    await sql(
      `insert into rule_decision (rule_set_id, rule_set_type, version, content_hash, facts, fired_rules, result,
                                  created_at)
       values (987654, ?, ?, 'hash', '{}'::jsonb, '[]'::jsonb, '{}'::jsonb, now())`,
      [ruleSetType, version],
    );
  }

  // Stock of a category of its own, received 100 days ago, and a production order long overdue.
  await itemWithStock(t.orm, sku, [{ location: 'MAIN-C03', lot: `${sku}-L1`, quantity: 5 }]);
  await sql(`update item set category = ? where sku = ?`, [category, sku]);
  await sql(
    `update lot set received_at = now() - interval '100 days' where item_id = (select id from item where sku = ?)`,
    [sku],
  );
  await sql(
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                   created_at, updated_at, released_at)
     select ?, i.id, 10, w.id, '2001-01-02', '2001-01-01', 'released', 'planner', now(), now(), now()
       from item i, warehouse w where i.sku = ? and w.code = 'MAIN'`,
    [orderNumber, sku],
  );
});

interface TaskPanel {
  mine: { open: number; dueSoon: number; breached: number };
  inbox: { open: number; dueSoon: number; breached: number };
  urgent: Array<{ id: string; breached: boolean }>;
}
type Series = Array<{ name: string; values: number[] }>;
interface AdminBody {
  days: string[];
  tasks: { open: number; breached: number };
  throughput: Series;
  slaBreaches: Series;
  ruleDecisions: Series;
  stockAging: Array<{ bucket: string; lots: number; value: number }>;
  valueByCategory: Array<{ category: string; value: number }>;
  inventoryValue: number[];
}

describe('role dashboards', () => {
  test("a clerk sees their own tasks due soon and breached, the most pressing first, and the clerks' inbox", async () => {
    const { status, body } = await get<{ tasks: TaskPanel }>('/api/dashboards/clerk?dueSoonMinutes=60', clerk);
    expect(status).toBe(200);
    expect(body.tasks.mine).toEqual({ open: 3, dueSoon: 1, breached: 1 });
    expect(body.tasks.urgent.slice(0, 2)).toEqual([
      expect.objectContaining({ id: `${taskType}:2`, breached: true }),
      expect.objectContaining({ id: `${taskType}:1`, breached: false }),
    ]);
    expect(body.tasks.inbox.open).toBeGreaterThanOrEqual(4);
    expect(body.tasks.inbox.breached).toBeGreaterThanOrEqual(2);
    // A wider window takes the task due in two days in too.
    const wide = await get<{ tasks: TaskPanel }>(`/api/dashboards/clerk?dueSoonMinutes=${3 * 24 * 60}`, clerk);
    expect(wide.body.tasks.mine).toEqual({ open: 3, dueSoon: 2, breached: 1 });
  });

  test('a planner sees the production orders late; a controller the period close stopped at a step', async () => {
    const plan = await get<{ lateProductionOrders: number; late: Array<{ number: string; itemSku: string }> }>(
      '/api/dashboards/planner',
      planner,
    );
    expect(plan.status).toBe(200);
    expect(plan.body.lateProductionOrders).toBeGreaterThanOrEqual(1);
    expect(plan.body.late).toContainEqual(expect.objectContaining({ number: orderNumber, itemSku: sku }));

    const books = await get<{
      periodClosesRunning: number;
      periodClosesBlocked: number;
      closes: Array<{ businessKey: string; currentStep: string }>;
    }>('/api/dashboards/controller', controller);
    expect(books.status).toBe(200);
    expect(books.body.periodClosesBlocked).toBeGreaterThanOrEqual(1);
    expect(books.body.periodClosesRunning).toBeGreaterThanOrEqual(books.body.periodClosesBlocked);
    expect(books.body.closes).toContainEqual({
      businessKey: `DASH-CLOSE-${suffix}`,
      currentStep: 'reconciliations-blocked',
    });
  });

  test('an admin sees throughput, SLA breaches and rule decisions per day, stock aging and value', async () => {
    const { status, body } = await get<AdminBody>('/api/dashboards/admin', admin);
    expect(status).toBe(200);
    expect(body.days).toHaveLength(14);
    const today = body.days.length - 1;
    const throughput = body.throughput.find((s) => s.name === processType);
    expect(throughput?.values[today]).toBe(2);
    expect(throughput?.values[today - 1]).toBe(1);
    expect(throughput?.values.reduce((a, b) => a + b, 0)).toBe(3);
    // Tasks 2 and 8 still open past due, task 4 completed after its due time; tasks 1 and 3 not due yet.
    const breaches = body.slaBreaches.find((s) => s.name === taskType);
    expect(breaches?.values.reduce((a, b) => a + b, 0)).toBe(3);
    expect(body.ruleDecisions.find((s) => s.name === `${ruleSetType} v1`)?.values[today]).toBe(2);
    expect(body.ruleDecisions.find((s) => s.name === `${ruleSetType} v2`)?.values[today]).toBe(1);
    expect(body.stockAging.map((b) => b.bucket)).toEqual(['0-30', '31-90', '91-180', '180+']);
    expect(body.stockAging.find((b) => b.bucket === '91-180')?.value).toBeGreaterThanOrEqual(20);
    // Five received at 4 each.
    expect(body.valueByCategory).toContainEqual({ category, value: 20 });
    expect(body.inventoryValue).toHaveLength(14);
    expect(body.tasks.breached).toBeGreaterThanOrEqual(1);
  });

  test("inventory at the end of today is the ledger's 1300 balance", async () => {
    // Other files post meanwhile: read until two reads agree with the ledger between them.
    await eventually(async () => {
      const { body } = await get<AdminBody>('/api/dashboards/admin?days=3', admin);
      const [ledger] = await sql(
        `select coalesce(sum(debit - credit), 0) as balance from journal_line where account_code = '1300'`,
      );
      return Math.abs((body.inventoryValue.at(-1) ?? NaN) - num(ledger?.balance)) < 0.005 ? true : undefined;
    }, 30_000);
  });

  test('each panel refuses the roles it is not for (admins read every one)', async () => {
    expect((await get('/api/dashboards/admin', clerk)).status).toBe(403);
    expect((await get('/api/dashboards/admin', controller)).status).toBe(403);
    expect((await get('/api/dashboards/clerk', planner)).status).toBe(403);
    expect((await get('/api/dashboards/planner', demoClerk)).status).toBe(403);
    expect((await get('/api/dashboards/controller', planner)).status).toBe(403);
    for (const panel of ['clerk', 'planner', 'controller']) {
      expect((await get(`/api/dashboards/${panel}`, admin)).status).toBe(200);
    }
    const bad = await get<{ code: string }>('/api/dashboards/clerk?dueSoonMinutes=0', clerk);
    expect(bad.status).toBe(400);
  });
});
