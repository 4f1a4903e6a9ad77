import { query } from '../../db/sql';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const PREFIX = `takeover-${Date.now().toString(36)}-`;
let t: TestApp;
const headers: Record<string, { authorization: string }> = {};

async function insertTask(id: string, workflowId: string, options: { assignee?: string; dueAt?: string } = {}) {
  await query(
    t.orm.em.fork(),
    `insert into human_task (id, workflow_id, process_type, business_key, task_type, title, candidate_role, assignee,
                             status, priority, due_at, form_kind, payload, created_at, updated_at)
     values (?, ?, 'takeover-test', ?, 'check', ?, 'clerk', ?, ?, 'normal', ?, 'none', '{}', now(), now())`,
    [
      `${PREFIX}${id}`,
      `${PREFIX}${workflowId}`,
      `${PREFIX}${id}`,
      `Check ${id}`,
      options.assignee ?? null,
      options.assignee ? 'claimed' : 'open',
      options.dueAt ?? null,
    ],
  );
}

function call(method: 'GET' | 'POST', url: string, who: string, payload?: object) {
  return t.app.inject({ method, url, headers: headers[who], ...(payload ? { payload } : {}) });
}

async function auditOf(taskId: string) {
  return query<{ actor: string; action: string; details: { from: string | null; to: string | null } }>(
    t.orm.em.fork(),
    `select actor, action, details from audit_log where entity_type = 'human_task' and entity_id = ? order by id`,
    [`${PREFIX}${taskId}`],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  for (const user of ['clerk', 'admin', 'supervisor', 'planner']) headers[user] = await login(t.app, user);
  // Due long ago too (after 'elsewhere'): other suites leave open clerk tasks behind in the shared database.
  await insertTask('held', 'wf-a', { assignee: 'clerk', dueAt: '2001-01-02T00:00:00Z' });
  await insertTask('same-process', 'wf-a');
  // Due long ago, so it is the earliest due of every clerk task in the database.
  await insertTask('elsewhere', 'wf-b', { dueAt: '2001-01-01T00:00:00Z' });
});

afterAll(async () => {
  await query(t.orm.em.fork(), 'delete from human_task where id like ?', [`${PREFIX}%`]).catch(() => undefined);
  await t?.close();
});

describe('who may take over a task', () => {
  test("an admin without the clerk role and a fellow clerk cannot take a clerk's claimed task; a supervisor can, audited", async () => {
    const id = `${PREFIX}held`;
    const byAdmin = await call('POST', `/api/tasks/${id}/claim`, 'admin');
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.message).toBe('This task is for the clerk role');
    expect((await call('POST', `/api/tasks/${id}/complete`, 'admin', { payload: {} })).statusCode).toBe(403);

    const bySupervisor = await call('POST', `/api/tasks/${id}/claim`, 'supervisor');
    expect(bySupervisor.statusCode).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ assignee: 'supervisor', status: 'claimed' });

    // The clerk lost it: completing is refused, taking it back needs a supervisor.
    expect((await call('POST', `/api/tasks/${id}/complete`, 'clerk', { payload: {} })).statusCode).toBe(409);
    const back = await call('POST', `/api/tasks/${id}/claim`, 'clerk');
    expect(back.statusCode).toBe(403);
    expect(back.json().error.message).toContain('only a supervisor or an admin can take it over');

    expect(await auditOf('held')).toEqual([
      { actor: 'supervisor', action: 'task.taken-over', details: { from: 'clerk', to: 'supervisor' } },
    ]);
  });

  test('supervisors and admins assign a task to someone holding its role, audited; others may not', async () => {
    const id = `${PREFIX}same-process`;
    expect((await call('POST', `/api/tasks/${id}/assign`, 'clerk', { assignee: 'clerk' })).statusCode).toBe(403);
    const planner = await call('POST', `/api/tasks/${id}/assign`, 'admin', { assignee: 'planner' });
    expect(planner.statusCode).toBe(400);
    expect(planner.json().error).toMatchObject({ field: 'assignee' });

    const choices = await call('GET', `/api/tasks/${id}/assignees`, 'supervisor');
    // Other files add clerks of their own to the shared database: the seeded users without the role must be absent.
    const usernames: string[] = choices.json().items.map((user: { username: string }) => user.username);
    expect(usernames).toEqual(expect.arrayContaining(['clerk', 'supervisor']));
    expect(usernames.filter((name) => ['admin', 'planner', 'controller', 'auditor'].includes(name))).toEqual([]);

    const assigned = await call('POST', `/api/tasks/${id}/assign`, 'admin', { assignee: 'supervisor' });
    expect(assigned.json()).toMatchObject({ assignee: 'supervisor', status: 'claimed' });
    const moved = await call('POST', `/api/tasks/${id}/assign`, 'supervisor', { assignee: 'clerk' });
    expect(moved.json()).toMatchObject({ assignee: 'clerk' });
    const freed = await call('POST', `/api/tasks/${id}/assign`, 'supervisor', { assignee: null });
    expect(freed.json()).toMatchObject({ assignee: null, status: 'open' });
    expect(await auditOf('same-process')).toEqual([
      { actor: 'admin', action: 'task.assigned', details: { from: null, to: 'supervisor' } },
      { actor: 'supervisor', action: 'task.assigned', details: { from: 'supervisor', to: 'clerk' } },
      { actor: 'supervisor', action: 'task.unclaimed', details: { from: 'clerk', to: null } },
    ]);
  });

  test('the board lists every task with its assignee for supervisors only', async () => {
    expect((await call('GET', `/api/tasks/board`, 'clerk')).statusCode).toBe(403);
    const board = await call('GET', `/api/tasks/board?q=${PREFIX}&assignee=supervisor&sort=-title`, 'supervisor');
    expect(board.statusCode).toBe(200);
    expect(board.json().items.map((task: { id: string }) => task.id)).toEqual([`${PREFIX}held`]);
    const free = await call('GET', `/api/tasks/board?q=${PREFIX}&assignee=none&sort=-title`, 'admin');
    expect(free.json().items.map((task: { id: string }) => task.id)).toEqual([
      `${PREFIX}same-process`,
      `${PREFIX}elsewhere`,
    ]);
    const csv = await call('GET', `/api/tasks/board/export.csv?q=${PREFIX}&sort=title`, 'supervisor');
    expect(csv.body.split('\r\n')[0]).toMatch(/^id,businessKey,title,/);
    expect(csv.body.split('\r\n').filter((line) => line.startsWith(PREFIX))).toHaveLength(3);
  });

  test("the next task is the same process's first, then the earliest due one the user can do", async () => {
    const sameProcess = await call('GET', `/api/tasks/next?after=${PREFIX}held`, 'clerk');
    expect(sameProcess.json()).toMatchObject({ sameProcess: true, task: { id: `${PREFIX}same-process` } });
    // The supervisor holds the other task of wf-a; for the supervisor that one comes first.
    const other = await call('GET', `/api/tasks/next?after=${PREFIX}elsewhere`, 'supervisor');
    expect(other.json()).toMatchObject({ sameProcess: false, task: { id: `${PREFIX}held` } });
    const none = await call('GET', `/api/tasks/next?after=${PREFIX}held`, 'planner');
    expect(none.json().task?.candidateRole ?? 'planner').toBe('planner');
  });
});
