import { Client as PgClient } from 'pg';
import { Client } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { HumanTask, ProcessInstance } from '../../db/entities';
import { openOrm } from '../../db/orm';
import { findFreePort } from '../../scripts/ports';
import { createTestApp, eventually, intEnv, login, type TestApp } from '../../test/support/int-env';
import { LogLines, startOwnPostgres, startOwnTemporal, type OwnPostgres } from '../../test/support/own-servers';
import { TaskEventHub, type TaskChange } from '../tasks/task-event-hub';
import { lazyTemporalConnection } from '../temporal';

// Outages on real servers: a PostgreSQL of this file's own that the test stops and starts again, and a Temporal
// client pointed at a port where nothing listens until the test starts a dev server of its own there. The suite's
// shared servers are never stopped.
jest.setTimeout(300_000);

let pg: OwnPostgres;
beforeAll(async () => {
  pg = await startOwnPostgres();
});
afterAll(async () => {
  await pg?.remove();
});

const newCustomer = (code: string) => ({
  code,
  name: 'Outage Test Customer',
  creditLimit: 1000,
  paymentTermsDays: 14,
  minShelfLifeDays: 0,
  shipToAddresses: [{ code: 'MAIN', address: '1 Main St' }],
});

/** The outage lines of a log: each must be one warning naming the dependency, with no error object or stack. */
function outageLines(logs: LogLines, dependency: string) {
  expect(logs.lines.filter((line) => line.msg === 'unhandled error')).toEqual([]);
  const lines = logs.lines.filter((line) => line.dependency !== undefined);
  for (const line of lines) {
    expect(line).toMatchObject({ level: 40, dependency });
    expect(line).not.toHaveProperty('err');
    expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
  }
  return lines;
}

function expect503(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, who: RegExp) {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('5');
  expect(response.json()).toEqual({
    error: { code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringMatching(who) as unknown },
  });
}

describe('PostgreSQL down', () => {
  const logs = new LogLines();
  let t: TestApp;
  let holder: PgClient | undefined;
  beforeAll(async () => {
    // No relay passes: a pass meeting the shutdown logs its own line (once per outage), which is not the request's.
    t = await createTestApp({ databaseUrl: pg.url, logStream: logs, outboxRelayMs: 3_600_000 });
  });
  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await t?.close();
  });

  test('stopped mid-request -> 503 and one log line; while down 503 (also at sign-in checks); back -> the next request succeeds', async () => {
    const admin = await login(t.app, 'admin');
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({
      ok: true,
      dependencies: { postgres: 'up', temporal: 'up' },
      migrations: 'current',
    });

    // Hold the customer table so the create waits inside its transaction; then stop the server under it.
    holder = new PgClient({ connectionString: pg.url });
    holder.on('error', () => undefined); // the shutdown ends this session too
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table customer in access exclusive mode');
    logs.clear();
    const code = `C-OUT-${Date.now().toString(36).toUpperCase()}`;
    const inFlight = t.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: admin,
      payload: newCustomer(code),
    });
    await eventually(
      async () => {
        const waiting = await holder?.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        );
        return Number(waiting?.rows[0]?.n) > 0 ? true : undefined;
      },
      30_000,
      'the create to wait for the lock',
    );
    await pg.stop();

    expect503(await inFlight, /^The database \(PostgreSQL\) is unreachable; try again shortly$/);
    expect(outageLines(logs, 'postgres')).toEqual([
      expect.objectContaining({
        // The reason is the driver's: 57P01 ("terminating connection due to administrator command") when the query
        // meets the shutdown, "not queryable" when the pooled connection heard of it first.
        msg: expect.stringMatching(
          /^The database \(PostgreSQL\) is unreachable: (terminating connection due to administrator command \(SQLSTATE 57P01\)|Client has encountered a connection error and is not queryable)$/,
        ),
      }),
    ]);

    // While it is down: the session lookup of the auth hook meets a refused connection; the probe says which is down.
    logs.clear();
    expect503(await t.app.inject({ method: 'GET', url: '/api/customers', headers: admin }), /PostgreSQL/);
    expect(outageLines(logs, 'postgres')).toEqual([
      expect.objectContaining({ msg: expect.stringMatching(/ECONNREFUSED|not queryable/) }),
    ]);
    const down = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    // Whether migrations are pending cannot be known without the database, whatever an earlier probe found.
    expect(down.json()).toEqual({
      ok: false,
      dependencies: { postgres: 'down', temporal: 'up' },
      migrations: 'unknown',
    });

    // Back on the same port and data: the very next request succeeds (no dead connection is handed out), the
    // interrupted create left nothing behind, and the same create now goes through.
    await pg.start();
    const list = await t.app.inject({ method: 'GET', url: '/api/customers', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: Array<{ code: string }> }>().items.map((c) => c.code)).not.toContain(code);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/customers',
      headers: admin,
      payload: newCustomer(code),
    });
    expect(created.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('Temporal down', () => {
  const logs = new LogLines();
  let t: TestApp;
  let port: number;
  let ownTemporal: Awaited<ReturnType<typeof startOwnTemporal>> | undefined;
  beforeAll(async () => {
    port = await findFreePort();
    // A lazy connection, as the API's client is once Temporal goes away after start-up: nothing listens there yet.
    const temporal = new Client({
      connection: lazyTemporalConnection({ address: `127.0.0.1:${port}` }),
      namespace: intEnv().namespace,
    });
    t = await createTestApp({ databaseUrl: pg.url, temporal, logStream: logs, outboxRelayMs: 3_600_000 });
  });
  afterAll(async () => {
    await t?.close();
    await ownTemporal?.remove();
  });

  test('a read that needs Temporal -> 503 naming it; /readyz names it; once it is up the next request succeeds', async () => {
    const clerk = await login(t.app, 'clerk');
    const workflowId = `outage-test-${Date.now()}`;
    const em = t.orm.em.fork();
    em.create(ProcessInstance, {
      workflowId,
      runId: 'none',
      processType: 'orderFulfillment',
      businessKey: 'SO-OUTAGE',
      currentStep: 'allocate',
      status: 'running',
      startedAt: new Date(),
      updatedAt: new Date(),
    });
    await em.flush();

    logs.clear();
    const detail = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: clerk });
    expect503(detail, /^The process engine \(Temporal\) is unreachable; try again shortly$/);
    expect(outageLines(logs, 'temporal')).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/^The process engine \(Temporal\) is unreachable: 14 UNAVAILABLE/),
      }),
    ]);
    const down = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({
      ok: false,
      dependencies: { postgres: 'up', temporal: 'down' },
      migrations: 'current',
    });

    ownTemporal = await startOwnTemporal(port);
    const back = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: clerk });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ instance: { workflowId }, history: [] });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      ok: true,
      dependencies: { postgres: 'up', temporal: 'up' },
      migrations: 'current',
    });
  });
});

describe('migrations not current', () => {
  const logs = new LogLines();
  let t: TestApp | undefined;
  let sql: PgClient | undefined;
  let removed: { id: number; name: string; executed_at: Date } | undefined;
  beforeAll(async () => {
    sql = new PgClient({ connectionString: pg.url });
    await sql.connect();
  });
  afterAll(async () => {
    // The row goes back whatever the test found, so the file's database stays migrated for the others.
    if (removed) await restore();
    await sql?.end();
    await t?.close();
  });
  async function restore() {
    const row = removed!;
    await sql!.query('insert into mikro_orm_migrations (id, name, executed_at) values ($1, $2, $3)', [
      row.id,
      row.name,
      row.executed_at,
    ]);
    removed = undefined;
  }

  test('a committed migration the database has not applied -> 503 migrations pending; applied -> ready again', async () => {
    // As if the new code were deployed before the migration job ran: the latest migration is not recorded as applied.
    const latest = await sql!.query<{ id: number; name: string; executed_at: Date }>(
      'delete from mikro_orm_migrations where id = (select max(id) from mikro_orm_migrations) returning *',
    );
    removed = latest.rows[0];
    expect(removed?.name).toMatch(/^Migration\d{14}/);
    t = await createTestApp({ databaseUrl: pg.url, logStream: logs, outboxRelayMs: 3_600_000 });

    const pending = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(pending.statusCode).toBe(503);
    expect(pending.headers['retry-after']).toBe('5');
    expect(pending.json()).toEqual({
      ok: false,
      dependencies: { postgres: 'up', temporal: 'up' },
      migrations: 'pending',
    });
    // The names are for the log, once per change of state, not for the anonymous caller.
    expect(pending.body).not.toContain(removed!.name);
    await t.app.inject({ method: 'GET', url: '/readyz' });
    const warned = logs.lines.filter((line) => Array.isArray(line.pendingMigrations));
    expect(warned).toEqual([
      expect.objectContaining({ level: 40, pendingMigrations: [removed!.name.replace(/\.(ts|js)$/, '')] }),
    ]);

    await restore();
    // The check's answer is reused for a few seconds; then the probe sees the schema current.
    const ready = await eventually(
      async () => {
        const response = await t!.app.inject({ method: 'GET', url: '/readyz' });
        return response.statusCode === 200 ? response : undefined;
      },
      30_000,
      '/readyz to say ready once the migration is recorded',
    );
    expect(ready.json()).toEqual({ ok: true, dependencies: { postgres: 'up', temporal: 'up' }, migrations: 'current' });
  });
});

describe('task events after an outage', () => {
  let orm: MikroORM;
  let hub: TaskEventHub | undefined;
  beforeAll(async () => {
    orm = await openOrm(pg.url);
  });
  afterAll(async () => {
    await hub?.close();
    await orm?.close();
  });

  test('the stream listens again once PostgreSQL is back, however long it was away', async () => {
    hub = new TaskEventHub(orm);
    const seen: TaskChange[] = [];
    await hub.subscribe((change) => seen.push(change));
    await pg.stop();
    // Longer than the hub's reconnect delay, so its first attempts meet a server that is not there.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await pg.start();

    const id = `outage-task-${Date.now()}`;
    await eventually(
      async () => {
        const em = orm.em.fork();
        const now = new Date();
        em.create(HumanTask, {
          id: `${id}-${seen.length}-${Date.now()}`,
          workflowId: 'outage-test',
          processType: 'orderFulfillment',
          businessKey: 'SO-OUTAGE',
          taskType: 'pick',
          title: 'Outage test task',
          candidateRole: 'clerk',
          status: 'open',
          priority: 'normal',
          formKind: 'pick',
          payload: {},
          assignee: null,
          dueAt: null,
          escalatedAt: null,
          outcome: null,
          completedBy: null,
          completedAt: null,
          createdAt: now,
          updatedAt: now,
        });
        await em.flush();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return seen.some((change) => change.id.startsWith(id)) ? true : undefined;
      },
      30_000,
      'a task change to reach the subscriber after the restart',
    );
  });
});
