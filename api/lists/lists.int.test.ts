import Ajv from 'ajv';
import { query } from '../../db/sql';
import { createTestApp, eventually, login, type TestApp } from '../../test/support/int-env';
import { EXPORT_CHUNK } from './sql-list';

jest.setTimeout(120_000);

let t: TestApp;
let clerk: { authorization: string };
let planner: { authorization: string };

const PREFIX = 'lists-test-';
const COUNT = EXPORT_CHUNK + 37; // more than one export chunk
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const indexes = Array.from({ length: COUNT }, (_, i) => i);

async function insertTask(i: number, role = 'clerk'): Promise<void> {
  await query(
    t.orm.em.fork(),
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
                             status, priority, due_at, form_kind, payload, created_at, updated_at)
     values (?, ?, 'lists-test', ?, 'check', ?, ?, ?, ?, ?, ?, 'none', '{}', now(), now())`,
    [
      `${PREFIX}${String(i).padStart(4, '0')}`,
      `wf-${PREFIX}${i}`,
      `LT-${i}`,
      `Check ${i}`,
      role,
      i % 3 === 0 ? 'clerk' : null,
      i % 3 === 0 ? 'claimed' : 'open',
      PRIORITIES[i % 4],
      new Date(Date.UTC(2030, 0, 1 + (i % 60))).toISOString(),
    ],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  clerk = await login(t.app, 'clerk');
  planner = await login(t.app, 'planner');
  for (let i = 0; i < COUNT; i += 1) await insertTask(i);
});

afterAll(async () => {
  await query(t.orm.em.fork(), 'delete from human_task where id like ?', [`${PREFIX}%`]).catch(() => undefined);
  await query(t.orm.em.fork(), 'delete from saved_view').catch(() => undefined);
  await t?.close();
});

const tasks = (qs: string, headers = clerk) =>
  t.app.inject({ method: 'GET', url: `/api/tasks?processType=lists-test&${qs}`, headers });

describe('the task list', () => {
  it('sorts on the server by any column, both ways, and filters by priority, assignee and due date', async () => {
    const byDue = (await tasks('sort=dueAt&pageSize=200')).json<{ items: { dueAt: string }[]; total: number }>();
    expect(byDue.total).toBe(COUNT);
    const dues = byDue.items.map((task) => task.dueAt);
    expect(dues).toEqual([...dues].sort());
    const desc = (await tasks('sort=-businessKey&pageSize=5')).json<{ items: { businessKey: string }[] }>();
    const keys = desc.items.map((task) => task.businessKey);
    expect(keys).toEqual([...keys].sort().reverse());

    const urgent = (await tasks('priority=urgent&pageSize=200')).json<{
      items: { priority: string }[];
      total: number;
    }>();
    expect(urgent.total).toBe(indexes.filter((i) => i % 4 === 3).length);
    expect(urgent.items.every((task) => task.priority === 'urgent')).toBe(true);
    const unassigned = (await tasks('assignee=-&pageSize=200')).json<{ items: { assignee: null }[]; total: number }>();
    expect(unassigned.total).toBe(indexes.filter((i) => i % 3 !== 0).length);
    const dueDay = (await tasks('dueFrom=2030-01-02&dueTo=2030-01-02')).json<{ total: number }>();
    expect(dueDay.total).toBe(indexes.filter((i) => i % 60 === 1).length);
  });

  it('refuses a sort outside the whitelist, naming the field', async () => {
    const response = await tasks('sort=payload');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('sort');
  });

  it('exports every page of the filtered list as CSV, streamed in chunks', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/tasks/export.csv?processType=lists-test&sort=businessKey',
      headers: clerk,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^title,taskType,businessKey,priority,dueAt/);
    expect(lines).toHaveLength(COUNT + 1);
    const exportedKeys = lines.slice(1).map((line) => line.split(',')[2]);
    expect(exportedKeys).toEqual([...exportedKeys].sort());
    expect(new Set(exportedKeys).size).toBe(COUNT);
  });

  it('keeps another role out of the inbox scope', async () => {
    const response = await tasks('pageSize=1', planner);
    expect(response.json<{ total: number }>().total).toBe(0);
  });
});

describe('the other lists', () => {
  it.each([
    ['/api/processes?sort=-updatedAt&status=completed', '/api/processes/export.csv?status=completed'],
    ['/api/orders?sort=customer&customer=a', '/api/orders/export.csv?sort=-lineCount'],
    ['/api/purchase-orders?sort=-totalValue', '/api/purchase-orders/export.csv?status=open'],
  ])('%s sorts and filters, and %s exports', async (list, exported) => {
    expect((await t.app.inject({ method: 'GET', url: list, headers: clerk })).statusCode).toBe(200);
    const csv = await t.app.inject({ method: 'GET', url: exported, headers: clerk });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
  });
});

describe('saved views', () => {
  it('saves filters under a name per user, replaces by name, and deletes only its own', async () => {
    const save = (name: string, q: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/saved-views',
        headers: clerk,
        payload: { list: 'tasks', name, query: q },
      });
    expect((await save('Urgent', { priority: 'urgent', page: '3' })).statusCode).toBe(201);
    const replaced = (await save('Urgent', { priority: 'urgent', sort: 'dueAt' })).json<{ id: number }>();
    const mine = await t.app.inject({ method: 'GET', url: '/api/saved-views?list=tasks', headers: clerk });
    expect(mine.json()).toEqual([
      expect.objectContaining({ name: 'Urgent', query: { priority: 'urgent', sort: 'dueAt' } }),
    ]);
    const theirs = await t.app.inject({ method: 'GET', url: '/api/saved-views?list=tasks', headers: planner });
    expect(theirs.json()).toEqual([]);
    const stolen = await t.app.inject({ method: 'DELETE', url: `/api/saved-views/${replaced.id}`, headers: planner });
    expect(stolen.statusCode).toBe(404);
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/saved-views/${replaced.id}`, headers: clerk });
    expect(deleted.statusCode).toBe(204);
    const blank = await save('  ', {});
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('name');
  });
});

describe('live task events', () => {
  it('streams a task created and claimed in its role, and not one of another role', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/tasks/events`, { headers: clerk, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    const seen = (part: string) => eventually(async () => (text.includes(part) ? true : undefined), 20_000, part);
    await seen(': connected');
    await insertTask(9001, 'planner');
    await insertTask(9002, 'clerk');
    await query(t.orm.em.fork(), `update human_task set status = 'claimed', assignee = 'clerk' where id = ?`, [
      `${PREFIX}9002`,
    ]);
    await seen('"op":"update"');
    expect(text).toContain(`"id":"${PREFIX}9002","workflowId":"wf-${PREFIX}9002","status":"open"`);
    expect(text).toContain(`"id":"${PREFIX}9002","workflowId":"wf-${PREFIX}9002","status":"claimed"`);
    expect(text).not.toContain(`${PREFIX}9001`);
    controller.abort();

    // Each event as a client parses it keeps to the schema the OpenAPI document gives the stream (Schemathesis reads
    // every event it happens to receive against it; a stream documented as one string failed it).
    const events = text
      .split('\n\n')
      .map((block) => block.split('\n').filter((line) => line && !line.startsWith(':')))
      .filter((lines) => lines.some((line) => line.startsWith('data:')))
      .map((lines) => {
        const field = (name: string) =>
          lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).replace(/^ /, ''));
        return { event: field('event')[0] ?? 'message', data: field('data').join('\n') };
      });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const documented = (
      t.app.swagger() as unknown as {
        paths: Record<string, { get: { responses: { 200: { content: Record<string, { schema: object }> } } } }>;
      }
    ).paths['/api/tasks/events']!.get.responses[200].content['text/event-stream']!.schema;
    const validate = new Ajv({ strict: false }).compile(documented);
    for (const event of events) {
      expect({ event, valid: validate(event), errors: validate.errors ?? null }).toEqual({
        event,
        valid: true,
        errors: null,
      });
      expect(Object.keys(JSON.parse(event.data) as object).sort()).toEqual([
        'assignee',
        'candidateRole',
        'id',
        'op',
        'status',
        'workflowId',
      ]);
    }
  });
});
