/**
 * Scheduled wave release in the console (issue 20): a supervisor opens the release schedule from the wave board,
 * picks a warehouse of the test's own (so its runs touch no other journey's orders), sees it has none, is refused a bad
 * interval on the interval field (the client's range check, then the server's whole-minutes check through the shared
 * field errors), sets the schedule (carrier, cut-off, zone, SLA) and reads it back with its next run, then pauses and
 * resumes it; every state is waited for, and the API agrees.
 */
import { query } from '../../db/sql';
import { api, apiLogin } from './rules-api';
import { BASE_URL, eventually, step, useBrowser } from './support/browser';
import { withE2eOrm } from './support/mrp-world';
import { byTestId, chooseOption, login, textOf } from './support/pages';
import { waitForAttribute, waitForEnabled } from './support/waits';

jest.setTimeout(240_000);

const journeys = useBrowser();
const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`.toUpperCase();
const warehouse = `WS${suffix}`.slice(0, 20);
const zone = `WSZ${suffix}`.slice(0, 20);

interface ScheduleView {
  intervalMinutes: number;
  carrier: string;
  cutoffTime: string;
  zones?: string[];
  pickSlaMinutes: number;
  paused: boolean;
  nextRunAt: string | null;
}

/** A physical warehouse of the test's own with one zone (and a dock, as every warehouse that ships has). */
async function ownWarehouse(): Promise<void> {
  await withE2eOrm(async (orm) => {
    const em = orm.em.fork();
    const [row] = await query<{ id: number }>(
      em,
      `insert into warehouse (code, name, priority, virtual) values (?, 'Schedule E2E warehouse', 90, false)
       returning id`,
      [warehouse],
    );
    const [zoneRow] = await query<{ id: number }>(
      em,
      `insert into zone (warehouse_id, code, name) values (?, ?, 'Schedule E2E zone') returning id`,
      [row!.id, zone],
    );
    await query(
      em,
      `insert into location (code, warehouse_id, zone_id, type, pick_sequence) values (?, ?, ?, 'dock', 0)`,
      [`${warehouse}-DOCK`, row!.id, zoneRow!.id],
    );
  });
}

async function scheduleOf(token: string): Promise<{ status: number; body: ScheduleView }> {
  return api<ScheduleView>('GET', `/api/waves/schedules/${warehouse}`, token);
}

let supervisor = '';

beforeAll(async () => {
  supervisor = await apiLogin('supervisor');
  await ownWarehouse();
});

afterAll(async () => {
  // Left paused: the schedule's runs have nothing to do in this warehouse, but no run should outlive the journey.
  if (supervisor) await api('POST', `/api/waves/schedules/${warehouse}/pause`, supervisor, { paused: true });
});

test('a supervisor sets a warehouse’s wave release schedule, is refused a bad interval, pauses and resumes it', async () => {
  const { page, errors } = await journeys.newPage();
  await login(page, 'supervisor');
  const current = byTestId(page, 'wave-schedule-current');
  const interval = byTestId(page, 'wave-schedule-interval-input');
  const intervalError = byTestId(page, 'wave-schedule-interval-error');

  await step(page, 'ws-01-none-yet', async () => {
    await page.goto(`${BASE_URL}/waves`);
    await byTestId(page, 'waves-schedule-link').click();
    await page.waitForURL(/\/waves\/schedules\/[^/]+$/);
    await chooseOption(page, 'wave-schedule-warehouse', 'wave-schedule-warehouse-option', warehouse);
    await page.waitForURL(`**/waves/schedules/${warehouse}`);
    await byTestId(page, 'wave-schedule-none').waitFor({ state: 'visible' });
  });

  await step(page, 'ws-02-bad-interval-on-its-field', async () => {
    await byTestId(page, 'wave-schedule-carrier-input').fill(`DHL-${suffix}`);
    await byTestId(page, 'wave-schedule-cutoff-input').fill('17:30');
    await byTestId(page, 'wave-schedule-zones-input').fill(zone);
    await byTestId(page, 'wave-schedule-sla-input').fill('45');
    // Out of range: the client's check, on the field, and nothing is sent.
    await interval.fill('0');
    await byTestId(page, 'wave-schedule-save').click();
    await eventually(
      () => textOf(intervalError),
      (text) => text === 'At least 1',
      { timeoutMs: 20_000, intervalMs: 200, what: 'the client’s range error on the interval' },
    );
    // Not whole minutes: the server refuses it (400) naming intervalMinutes; the message lands on the field.
    await interval.fill('1.5');
    const answered = page.waitForResponse(
      (res) => new URL(res.url()).pathname === `/api/waves/schedules/${warehouse}` && res.request().method() === 'PUT',
    );
    await waitForEnabled(byTestId(page, 'wave-schedule-save'));
    await byTestId(page, 'wave-schedule-save').click();
    expect((await answered).status()).toBe(400);
    await eventually(
      () => textOf(intervalError),
      (text) => text.includes('whole number'),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the server’s error on the interval field' },
    );
    await eventually(
      () => textOf(byTestId(page, 'form-error-summary')),
      (text) => text.includes('Check the marked field'),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the summary pointing at the field' },
    );
    expect((await scheduleOf(supervisor)).status).toBe(404);
  });

  await step(page, 'ws-03-set', async () => {
    await interval.fill('720');
    await waitForEnabled(byTestId(page, 'wave-schedule-save'));
    await byTestId(page, 'wave-schedule-save').click();
    await waitForAttribute(current, 'data-paused', 'false');
    await eventually(
      () => textOf(byTestId(page, 'wave-schedule-interval')),
      (text) => text === '720 min',
      { timeoutMs: 20_000, intervalMs: 200, what: 'the saved interval' },
    );
    expect(await textOf(byTestId(page, 'wave-schedule-carrier'))).toBe(`DHL-${suffix}`);
    expect(await textOf(byTestId(page, 'wave-schedule-cutoff'))).toBe('17:30');
    expect(await textOf(byTestId(page, 'wave-schedule-zones'))).toBe(zone);
    expect(await textOf(byTestId(page, 'wave-schedule-sla'))).toBe('45 min');
    await eventually(
      () => textOf(byTestId(page, 'wave-schedule-next-run')),
      (text) => text !== '' && text !== '—' && !text.includes('paused'),
      { timeoutMs: 20_000, intervalMs: 200, what: 'the next run' },
    );
    const saved = await scheduleOf(supervisor);
    expect(saved.body).toMatchObject({
      intervalMinutes: 720,
      carrier: `DHL-${suffix}`,
      cutoffTime: '17:30',
      zones: [zone],
      pickSlaMinutes: 45,
      paused: false,
    });
    expect(saved.body.nextRunAt).not.toBeNull();
  });

  await step(page, 'ws-04-paused', async () => {
    await byTestId(page, 'wave-schedule-pause').click();
    await waitForAttribute(current, 'data-paused', 'true');
    await eventually(
      () => textOf(byTestId(page, 'wave-schedule-state')),
      (text) => text === 'paused',
      { timeoutMs: 20_000, intervalMs: 200, what: 'the paused chip' },
    );
    expect(await textOf(byTestId(page, 'wave-schedule-next-run'))).toBe('none while paused');
    await byTestId(page, 'wave-schedule-resume').waitFor({ state: 'visible' });
    expect((await scheduleOf(supervisor)).body.paused).toBe(true);
  });

  await step(page, 'ws-05-resumed', async () => {
    await byTestId(page, 'wave-schedule-resume').click();
    await waitForAttribute(current, 'data-paused', 'false');
    await eventually(
      () => textOf(byTestId(page, 'wave-schedule-state')),
      (text) => text === 'active',
      { timeoutMs: 20_000, intervalMs: 200, what: 'the active chip' },
    );
    await byTestId(page, 'wave-schedule-pause').waitFor({ state: 'visible' });
    const resumed = await scheduleOf(supervisor);
    expect(resumed.body).toMatchObject({ paused: false, intervalMinutes: 720 });
  });

  expect(errors).toEqual([]);
});
