import { num, query } from '../../db/sql';
import { eventually, intEnv, useTestApp } from '../../test/support/int-env';
import { itemWithStock } from '../../test/support/stock';
import { ensureAlertsSweepSchedule } from '../../worker/alerts-sweep-schedule';

jest.setTimeout(300_000);

/**
 * Issue 20's proof: each alert kind raised by the sweep (its Temporal Schedule triggered, the workflow run on the real
 * worker), acknowledged by a person it concerns (audited), left acknowledged while the re-raise interval runs, raised
 * again on the same row once it has passed with the cause still there, resolved when the cause is gone, and raised as
 * a new alert when the cause comes back. The wave-at-risk kind has its own test below (same schedule, same steps).
 */
// Declared before useTestApp: Jest runs afterAll hooks in declaration order, and this one needs the app's database.
afterAll(async () => {
  await t.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  // Nothing of the test's left to alert on for other runs' sweeps.
  await sql(`update production_order set status = 'cancelled' where number = ?`, [orderNumber]);
  await sql(`update item set reorder_point = null where sku = ?`, [sku.reorder]);
  await sql(`update process_instance set status = 'completed' where workflow_id = ?`, [waveWorkflowId]);
});
const t = useTestApp({ histories: 'alerts-sweep' });
const planner = t.headers('planner');
const clerk = t.headers('clerk');
const quality = t.headers('quality');
const controller = t.headers('controller');
const supervisor = t.headers('supervisor');

const suffix = `${process.pid}-${Date.now() % 100_000}`;
const scheduleId = `alerts-sweep-test-${suffix}`;
/** Seconds after an acknowledgement that a persisting cause raises the alert again (the schedule's input). */
const RERAISE_SECONDS = 30;
const BIN = 'MAIN-C08';
const sku = { reorder: `ALR-RP-${suffix}`, expiry: `ALR-EX-${suffix}`, made: `ALR-PO-${suffix}` };
const lotCode = `ALX-${suffix}`;
const orderNumber = `PRD-AL${suffix}`.slice(0, 20);
const subjects = {
  'late-production': orderNumber,
  'below-reorder-point': `${sku.reorder}@MAIN`,
  'near-expiry': `${sku.expiry}/${lotCode}`,
} as const;
type Kind = keyof typeof subjects;
const KINDS = Object.keys(subjects) as Kind[];
/** Who acknowledges each kind (a role it concerns), and one it does not concern. */
const ACKNOWLEDGER = { 'late-production': planner, 'below-reorder-point': clerk, 'near-expiry': quality };
const USERNAME = { 'late-production': 'planner', 'below-reorder-point': 'clerk', 'near-expiry': 'quality' };
const NOT_CONCERNED = { 'late-production': clerk, 'below-reorder-point': quality, 'near-expiry': planner };

const waveId = `ALW${suffix}`.slice(0, 40);
const waveWorkflowId = `pick-wave:${waveId}`;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sql = (text: string, params: unknown[] = []) => query<Record<string, unknown>>(t.orm.em.fork(), text, params);

interface AlertRow {
  id: number;
  kind: Kind;
  subject: string;
  status: string;
  reason: string;
  facts: Record<string, unknown>;
  raiseCount: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  roles: string[];
}

/** Every alert row of the test's subjects, oldest first. */
async function rowsOf(kind: Kind) {
  return sql(
    `select id, status, raise_count, acknowledged_by, resolved_at from alert where kind = ? and subject = ? order by id`,
    [kind, subjects[kind]],
  );
}

let actions = 0;

/** Triggers the test's schedule and waits for the sweep it started to finish; returns the run's workflow id. */
async function sweep(): Promise<string> {
  const schedule = t.temporal.schedule.getHandle(scheduleId);
  await schedule.trigger();
  const before = actions;
  const workflowId = await eventually(
    async () => {
      const recent = (await schedule.describe()).info.recentActions;
      return recent.length > before ? recent.at(-1)?.action.workflow.workflowId : undefined;
    },
    60_000,
    'the triggered sweep',
  );
  actions += 1;
  await t.temporal.workflow.getHandle(workflowId).result();
  return workflowId;
}

async function acknowledge(id: number, headers: { authorization: string }) {
  return t.app.inject({ method: 'POST', url: `/api/alerts/${id}/acknowledge`, headers });
}

async function listed(headers: { authorization: string }, params: string): Promise<AlertRow[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/alerts?q=${suffix}&${params}`, headers });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: AlertRow[] }>().items;
}

beforeAll(async () => {
  // A reorder-point item with 6 free of its reorder point 10; a lot 10 days from expiry (the default expiry policy's
  // window is wider); an order in progress with 101 hours of work left, due today.
  await itemWithStock(t.orm, sku.reorder, [{ location: BIN, lot: `ALR-${suffix}`, quantity: 6, expiresOn: day(300) }]);
  await sql(`update item set reorder_point = 10 where sku = ?`, [sku.reorder]);
  await itemWithStock(t.orm, sku.expiry, [{ location: BIN, lot: lotCode, quantity: 4, expiresOn: day(10) }]);
  await itemWithStock(t.orm, sku.made, []);
  const [centre] = await sql(
    `insert into work_centre (code, name, active, created_at) values (?, 'Alerts', true, now())
    returning id`,
    [`ALR${suffix}`.slice(0, 20)],
  );
  const [order] = await sql(
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                   created_at, updated_at, released_at)
     select ?, i.id, 10, w.id, ?, ?, 'in-progress', 'planner', now(), now(), now()
       from item i, warehouse w where i.sku = ? and w.code = 'MAIN' returning id`,
    [orderNumber, day(0), day(-1), sku.made],
  );
  await sql(
    `insert into production_order_operation (production_order_id, seq, work_centre_id, description, setup_hours,
                                             run_hours_per_unit, good_quantity, scrap_quantity, labour_hours, status)
     values (?, 10, ?, 'Weld', 1, 10, 0, 0, 0, 'open'), (?, 20, ?, 'Paint', 2, 1, 10, 0, 12, 'done')`,
    [order?.id, centre?.id, order?.id, centre?.id],
  );
  await ensureAlertsSweepSchedule(t.temporal, {
    taskQueue: intEnv().taskQueue,
    // Yearly: the test triggers every run itself.
    cron: '0 0 1 1 *',
    scheduleId,
    input: { reraiseAfterMinutes: RERAISE_SECONDS / 60 },
  });
});

describe('alerts people act on, swept on their Temporal Schedule', () => {
  test('each kind: raised, acknowledged (audited), raised again after the interval, resolved, raised anew', async () => {
    // Raised: one open alert per kind, its reason and the figures behind it.
    t.record('raise', await sweep());
    const raised = await listed(planner, 'live=true&sort=kind');
    const byKind = new Map(raised.map((alert) => [alert.kind, alert]));
    expect(KINDS.map((kind) => byKind.get(kind)?.subject)).toEqual(KINDS.map((kind) => subjects[kind]));
    for (const alert of raised) expect(alert).toMatchObject({ status: 'open', raiseCount: 1, acknowledgedBy: null });
    expect(byKind.get('late-production')?.facts).toMatchObject({ remainingHours: 101, dueDate: day(0) });
    expect(byKind.get('late-production')?.reason).toContain('101 h of work left on 1 operation(s)');
    expect(byKind.get('below-reorder-point')?.facts).toMatchObject({ available: 6, onOrder: 0, reorderPoint: 10 });
    expect(byKind.get('near-expiry')?.facts).toMatchObject({ daysLeft: 10, quantity: 4 });
    // The home page's panel: only the kinds the caller's roles concern.
    expect((await listed(planner, 'forMe=true')).map((a) => a.kind).sort()).toEqual([
      'below-reorder-point',
      'late-production',
    ]);
    expect((await listed(quality, 'forMe=true')).map((a) => a.kind)).toEqual(['near-expiry']);
    expect(await listed(controller, 'forMe=true')).toEqual([]);

    // A second sweep at once raises nothing twice.
    await sweep();
    for (const kind of KINDS) expect(await rowsOf(kind)).toHaveLength(1);

    // Acknowledged by a person the kind concerns; another role is refused; the acknowledgement is audited.
    const acknowledgedAt = Date.now();
    for (const kind of KINDS) {
      const id = num(byKind.get(kind)?.id);
      const refused = await acknowledge(id, NOT_CONCERNED[kind]);
      expect(refused.statusCode).toBe(403);
      expect((await acknowledge(id, controller)).statusCode).toBe(403);
      const done = await acknowledge(id, ACKNOWLEDGER[kind]);
      expect(done.statusCode).toBe(200);
      expect(done.json<AlertRow>()).toMatchObject({ status: 'acknowledged', acknowledgedBy: USERNAME[kind] });
      // Again: nothing changes, nothing more is audited.
      expect((await acknowledge(id, ACKNOWLEDGER[kind])).statusCode).toBe(200);
      const audit = await sql(
        `select actor, details from audit_log where entity_type = 'alert' and entity_id = ? and action = 'alert.acknowledged'`,
        [String(id)],
      );
      expect(audit).toEqual([
        { actor: USERNAME[kind], details: expect.objectContaining({ kind, subject: subjects[kind], raiseCount: 1 }) },
      ]);
    }

    const lastAcknowledgedAt = Date.now();

    // Within the re-raise interval the cause persists but the alerts stay acknowledged.
    await sweep();
    expect(Date.now() - acknowledgedAt).toBeLessThan(RERAISE_SECONDS * 1000);
    for (const kind of KINDS) {
      expect(await rowsOf(kind)).toEqual([expect.objectContaining({ status: 'acknowledged', raise_count: 1 })]);
    }

    // Past it, with the cause still there: raised again on the same row (open, raise count 2), the re-raise audited.
    await new Promise((resolve) =>
      setTimeout(resolve, lastAcknowledgedAt + RERAISE_SECONDS * 1000 + 1000 - Date.now()),
    );
    t.record('raise-again', await sweep());
    for (const kind of KINDS) {
      const rows = await rowsOf(kind);
      expect(rows).toEqual([expect.objectContaining({ status: 'open', raise_count: 2, acknowledged_by: null })]);
      const [reraised] = await sql(
        `select actor, details from audit_log where entity_type = 'alert' and entity_id = ? and action = 'alert.raised-again'`,
        [String(rows[0]?.id)],
      );
      expect(reraised).toEqual({
        actor: 'alerts-sweep',
        details: expect.objectContaining({ kind, acknowledgedBy: USERNAME[kind] }),
      });
    }
    expect((await listed(planner, 'kind=late-production'))[0]?.reason).toContain('after its due date');

    // The causes go: the order is completed, the reorder point lowered, the lot's expiry corrected. Resolved.
    await sql(`update production_order set status = 'completed' where number = ?`, [orderNumber]);
    await sql(`update item set reorder_point = 5 where sku = ?`, [sku.reorder]);
    await sql(`update lot set expires_on = ? where code = ?`, [day(200), lotCode]);
    t.record('resolve', await sweep());
    for (const kind of KINDS) {
      const [row] = await rowsOf(kind);
      expect(row).toMatchObject({ status: 'resolved', raise_count: 2 });
      expect(row?.resolved_at).not.toBeNull();
      const late = await acknowledge(num(row?.id), ACKNOWLEDGER[kind]);
      expect(late.statusCode).toBe(409);
      expect(late.json<{ error: { code: string } }>().error.code).toBe('ALERT_NOT_OPEN');
    }
    expect(await listed(planner, 'forMe=true&live=true')).toEqual([]);

    // A cause that comes back is a new alert; the resolved one stays as history.
    await sql(`update item set reorder_point = 10 where sku = ?`, [sku.reorder]);
    await sweep();
    const [resolved, fresh] = await rowsOf('below-reorder-point');
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(fresh).toMatchObject({ status: 'open', raise_count: 1 });
    expect(num(fresh?.id)).toBeGreaterThan(num(resolved?.id));
  });

  test('an unknown alert is a 404 naming the id; the list refuses an unknown kind naming the field', async () => {
    const missing = await acknowledge(2_000_000_000, planner);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { field: string } }>().error.field).toBe('id');
    const bad = await t.app.inject({ method: 'GET', url: '/api/alerts?kind=no-such-kind', headers: planner });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('kind');
  });
});

describe('a released wave at risk of missing its carrier cut-off', () => {
  test('raised with its reason, on the supervisor and clerk home pages, acknowledged (audited), raised again', async () => {
    // A released wave as its workflow projects it: running, one open zone pick with 3 item lines, cut-off in 10 min.
    // At the default 2 min a line the work ends in 6 min, inside the 15 min margin before the cut-off: at risk.
    const cutoffAt = new Date(Date.now() + 10 * 60_000).toISOString();
    await sql(
      `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                     updated_at)
       values (?, 'alerts-test', 'pick-wave', ?, 'running', 'picking', now(), now())`,
      [waveWorkflowId, waveId],
    );
    const item = (itemSku: string) => ({ itemSku, lotCode: null, quantity: 1, orders: [] });
    const stops = [
      { stop: 1, locationCode: BIN, pickSequence: 1, items: [item('A'), item('B')] },
      { stop: 2, locationCode: 'MAIN-C09', pickSequence: 2, items: [item('C')] },
    ];
    await sql(
      `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, status,
                               priority, form_kind, payload, created_at, updated_at)
       values (?, ?, 'pick-wave', ?, 'wave-pick', ?, 'clerk', 'open', 'normal', 'wave-pick', ?, now(), now())`,
      [
        `${waveWorkflowId}:pick:A`,
        waveWorkflowId,
        waveId,
        `Pick wave ${waveId}, zone A`,
        JSON.stringify({ waveId, stops, cutoffAt }),
      ],
    );
    const waveAlerts = async (headers: { authorization: string }, params = 'kind=wave-at-risk') =>
      (await listed(headers, params)).filter((alert) => alert.subject === waveId);

    await sweep();
    const [raised] = await waveAlerts(supervisor, 'forMe=true&live=true');
    expect(raised).toMatchObject({ kind: 'wave-at-risk', status: 'open', raiseCount: 1, roles: expect.any(Array) });
    expect(raised?.facts).toMatchObject({ openTasks: 1, remainingLines: 3, remainingMinutes: 6, cutoffAt });
    expect(raised?.reason).toContain('1 open task(s) with 3 line(s) left, about 6 min');
    expect(await waveAlerts(clerk, 'forMe=true')).toHaveLength(1);
    expect(await waveAlerts(planner, 'forMe=true')).toEqual([]);

    const id = num(raised?.id);
    expect((await acknowledge(id, planner)).statusCode).toBe(403);
    const done = await acknowledge(id, supervisor);
    expect(done.statusCode).toBe(200);
    expect(done.json<AlertRow>()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'supervisor' });
    const acknowledgedAt = Date.now();
    const audited = await sql(
      `select actor, details from audit_log where entity_type = 'alert' and entity_id = ? and action = 'alert.acknowledged'`,
      [String(id)],
    );
    expect(audited).toEqual([
      { actor: 'supervisor', details: expect.objectContaining({ kind: 'wave-at-risk', subject: waveId }) },
    ]);
    const rows = () =>
      sql(`select status, raise_count from alert where kind = 'wave-at-risk' and subject = ? order by id`, [waveId]);
    await sweep();
    expect(Date.now() - acknowledgedAt).toBeLessThan(RERAISE_SECONDS * 1000);
    expect(await rows()).toEqual([{ status: 'acknowledged', raise_count: 1 }]);

    // The cause persists past the re-raise interval: open again on the same row, the re-raise audited.
    await new Promise((resolve) => setTimeout(resolve, acknowledgedAt + RERAISE_SECONDS * 1000 + 1000 - Date.now()));
    await sweep();
    expect(await rows()).toEqual([{ status: 'open', raise_count: 2 }]);
    const [reraised] = await sql(
      `select actor, details from audit_log where entity_type = 'alert' and entity_id = ? and action = 'alert.raised-again'`,
      [String(id)],
    );
    expect(reraised).toEqual({
      actor: 'alerts-sweep',
      details: expect.objectContaining({ kind: 'wave-at-risk', acknowledgedBy: 'supervisor' }),
    });

    // The pick is done (the task completed): nothing left open, the alert is resolved.
    await sql(`update human_task set status = 'completed' where workflow_id = ?`, [waveWorkflowId]);
    await sweep();
    expect(await rows()).toEqual([{ status: 'resolved', raise_count: 2 }]);
  });
});
