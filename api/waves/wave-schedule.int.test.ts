import { createActivities } from '../../activities';
import { query } from '../../db/sql';
import { eventually, useTestApp } from '../../test/support/int-env';
import { orderDriver } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';
import { companyClockIn, zoneOfItsOwn } from '../../test/support/waves';
import type { PickWaveState } from '../../workflows/pick-wave/pick-wave.contract';
import type { WaveReleaseResult } from '../../workflows/wave-release/wave-release.contract';

jest.setTimeout(240_000);

/**
 * Issue 20's scheduled wave release: a warehouse's Temporal Schedule (set by a supervisor, audited) plans waves from
 * the orders waiting for one under the published wave rules and releases them; a second run releases nothing for
 * orders a wave already took, and a retried plan of the same fire time returns the same waves.
 */
// Declared before useTestApp: Jest runs afterAll hooks in declaration order, and this one needs the app.
afterAll(async () => {
  if (!warehouseCode) return;
  await t.temporal.schedule
    .getHandle(`wave-release:${warehouseCode}`)
    .delete()
    .catch(() => undefined);
  for (const orderNumber of placed) {
    await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'wave schedule test done' },
    });
  }
});
const t = useTestApp({ histories: 'wave-release' });
const clerk = t.headers('clerk');
const supervisor = t.headers('supervisor');
const suffix = `${process.pid}${Date.now() % 100_000}`;
const zone = `WS${suffix}`.slice(0, 20);
let warehouseCode = '';
let sku = '';
const placed: string[] = [];

const sql = <T extends object>(text: string, params: unknown[] = []) => query<T>(t.orm.em.fork(), text, params);

/** A zone of its own with one bin holding the item, so the schedule (limited to the zone) sees only this test's orders. */
async function stockInOwnZone(): Promise<string> {
  const own = await zoneOfItsOwn(t.orm, zone, 'Wave schedule zone');
  warehouseCode = own.warehouseCode;
  const bin = `WS${suffix}-B1`;
  await sql(`insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'storage', 10)`, [
    bin,
    own.warehouseId,
    own.zoneId,
  ]);
  return itemWithStock(t.orm, `WS${suffix}-X`, [{ location: bin, lot: `LWS${suffix}`, quantity: 10 }]);
}

let runs = 0;
/** Triggers the schedule and waits for the run it started to finish; returns its workflow id and result. */
async function triggerRun(): Promise<{ workflowId: string; result: WaveReleaseResult }> {
  const schedule = t.temporal.schedule.getHandle(`wave-release:${warehouseCode}`);
  const before = runs;
  await schedule.trigger();
  const workflowId = await eventually(
    async () => {
      const recent = (await schedule.describe()).info.recentActions;
      return recent.length > before ? recent.at(-1)?.action.workflow.workflowId : undefined;
    },
    60_000,
    'the triggered wave release',
  );
  runs += 1;
  const handle = t.temporal.workflow.getHandle(workflowId);
  const done = await eventually(
    async () => ((await handle.describe()).status.name === 'RUNNING' ? undefined : true),
    90_000,
    'the wave release run finished',
  ).catch(async (error: unknown) => {
    // Say why it is still running (an activity retrying names its last failure).
    const pending = (await handle.describe()).raw.pendingActivities?.map((a) => a.lastFailure?.message);
    throw new Error(`${(error as Error).message}: ${JSON.stringify(pending)}`);
  });
  expect(done).toBe(true);
  return { workflowId, result: await handle.result() };
}

beforeAll(async () => {
  sku = await stockInOwnZone();
});

describe('scheduled wave release', () => {
  test('a supervisor sets the schedule (bad input named, audited); a run releases one wave of both waiting orders, the next releases nothing', async () => {
    const driver = orderDriver(t.app, clerk);
    for (const quantity of [2, 3]) {
      const order = await driver.place('C-BOLT', [{ itemSku: sku, quantity }]);
      placed.push(order.orderNumber);
      await driver.task(order.workflowId, 'pick');
    }
    const url = `/api/waves/schedules/${warehouseCode}`;
    const put = (payload: object, headers = supervisor) => t.app.inject({ method: 'PUT', url, headers, payload });
    const cutoffTime = await companyClockIn(t.orm, 45);
    const settings = { intervalMinutes: 1440, carrier: 'DHL', cutoffTime, zones: [zone], paused: true };

    // Refusals name their field; a clerk may not set it; nothing is created by a refusal.
    for (const [field, bad] of [
      ['intervalMinutes', { ...settings, intervalMinutes: 0 }],
      ['cutoffTime', { ...settings, cutoffTime: '24:10' }],
      ['carrier', { ...settings, carrier: ' ' }],
      ['zones[0]', { ...settings, zones: [`${zone}X`] }],
    ] as const) {
      const refused = await put(bad);
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json().error)).toContain(field.replace('[0]', ''));
    }
    expect((await put(settings, clerk)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url, headers: supervisor })).statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'PUT', url: `${url}NOPE`, headers: supervisor, payload: settings });
    expect(unknown.statusCode).toBe(404);
    expect(JSON.stringify(unknown.json().error)).toContain('warehouseCode');

    const created = await put(settings);
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ intervalMinutes: 1440, carrier: 'DHL', cutoffTime, paused: true });
    const resumed = await t.app.inject({
      method: 'POST',
      url: `${url}/pause`,
      headers: supervisor,
      payload: { paused: false },
    });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ paused: false, zones: [zone] });
    const audited = await sql<{ action: string; actor: string }>(
      `select action, actor from audit_log where entity_type = 'wave_schedule' and entity_id = ? order by id`,
      [warehouseCode],
    );
    expect(audited.slice(-2)).toEqual([
      { action: 'wave-schedule.saved', actor: 'supervisor' },
      { action: 'wave-schedule.resumed', actor: 'supervisor' },
    ]);

    // The first run: both orders (same carrier cut-off, same zone) in one wave, released now (cut-off within the hour).
    const first = await triggerRun();
    t.record('release-two-orders', first.workflowId);
    expect(first.result.held).toEqual([]);
    expect(first.result.released).toHaveLength(1);
    const wave = first.result.released[0]!;
    expect([...wave.orderNumbers].sort()).toEqual([...placed].sort());
    expect(wave.waveId).toMatch(new RegExp(`^W\\d{14}-${warehouseCode}-1$`));
    const progress = await eventually(
      async () => {
        const response = await t.app.inject({ method: 'GET', url: `/api/waves/${wave.waveId}`, headers: clerk });
        const state = response.statusCode === 200 ? response.json<PickWaveState>() : undefined;
        return state?.orders.every((o) => o.status === 'joined') && state.step === 'picking' ? state : undefined;
      },
      60_000,
      'the wave at picking with both orders joined',
    );
    expect(progress.orders.map((o) => o.orderNumber).sort()).toEqual([...placed].sort());
    const listed = await eventually(
      async () => {
        const page = (await t.app.inject({ method: 'GET', url: `/api/waves?q=${wave.waveId}`, headers: clerk })).json<{
          items: Array<{ waveId: string; currentStep: string }>;
        }>();
        return page.items[0]?.currentStep === 'picking' ? page.items : undefined;
      },
      60_000,
      'the wave listed at picking',
    );
    expect(listed.map((w) => w.waveId)).toEqual([wave.waveId]);

    // A retried plan of the same fire time finds the plan its first attempt committed: the same wave, nothing new.
    const activities = createActivities({ orm: t.orm });
    const again = await activities.planScheduledWaves({
      warehouseCode,
      zones: [zone],
      carrier: 'DHL',
      cutoffTime,
      pickSlaMinutes: 60,
      configuredBy: 'supervisor',
      scheduleWorkflowId: first.workflowId,
      firedAt: first.result.firedAt,
    });
    expect(again.released).toEqual(first.result.released);

    // The second run: the orders are in their wave, so nothing is released for them again.
    const second = await triggerRun();
    expect(second.result.released).toEqual([]);
    const waves = await sql<{ wave_id: string }>(
      `select distinct wave_id from scheduled_wave_order where order_number in (?)`,
      [placed],
    );
    expect(waves.map((w) => w.wave_id)).toEqual([wave.waveId]);
  });

  test('a wave released with a cut-off already past, or not a time, is refused naming cutoffAt; nothing starts', async () => {
    const waveId = `WC${suffix}`;
    for (const cutoffAt of [new Date(Date.now() - 60_000).toISOString(), '2026-13-40T25:00:00Z', 'tonight']) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/waves',
        headers: supervisor,
        payload: { waveId, orderNumbers: ['SO-NONE'], cutoffAt },
      });
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json().error)).toContain('cutoffAt');
    }
    const progress = await t.app.inject({ method: 'GET', url: `/api/waves/${waveId}`, headers: supervisor });
    expect(progress.statusCode).toBe(404);
  });

  test('an order a scheduled wave still invites is not planned again; once that wave is lost for an hour it is', async () => {
    const driver = orderDriver(t.app, clerk);
    const order = await driver.place('C-BOLT', [{ itemSku: sku, quantity: 1 }]);
    placed.push(order.orderNumber);
    await driver.task(order.workflowId, 'pick');
    // A wave an earlier run recorded for the order whose workflow has not shown up yet (its start under way).
    const pending = `WP${suffix}`;
    await sql(
      `insert into scheduled_wave_order (wave_id, order_number, schedule_id, fired_at, created_at)
       values (?, ?, ?, now(), now())`,
      [pending, order.orderNumber, `wave-release:${warehouseCode}`],
    );
    const activities = createActivities({ orm: t.orm });
    const cutoffSoon = await companyClockIn(t.orm, 45);
    const plan = (firedAt: string) =>
      activities.planScheduledWaves({
        warehouseCode,
        zones: [zone],
        carrier: 'DHL',
        cutoffTime: cutoffSoon,
        pickSlaMinutes: 60,
        configuredBy: 'supervisor',
        scheduleWorkflowId: `wave-release:${warehouseCode}-test`,
        firedAt,
      });
    const taken = await plan(new Date().toISOString());
    expect(taken.released.flatMap((w) => w.orderNumbers)).not.toContain(order.orderNumber);

    await sql(`update scheduled_wave_order set created_at = now() - interval '61 minutes' where wave_id = ?`, [
      pending,
    ]);
    const freed = await plan(new Date(Date.now() + 1000).toISOString());
    expect(freed.released.flatMap((w) => w.orderNumbers)).toEqual([order.orderNumber]);
  });
});
