import { query } from '../../db/sql';
import { countRows, createTestApp, login, type TestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

let t: TestApp;
let admin: { authorization: string };
const username = `user-${process.pid}-${Date.now() % 100_000}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
});

afterAll(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function signIn(password: string) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

const bearer = (response: { json: () => { token: string } }) => ({ authorization: `Bearer ${response.json().token}` });

describe('users and their roles (admin only)', () => {
  test('created with a hashed password, changed, reset and deactivated; every change audited with the admin', async () => {
    const clerk = await login(t.app, 'clerk');
    expect((await call('GET', '/api/users', undefined, clerk)).statusCode).toBe(403);
    const admins = (await call('GET', '/api/users?role=admin&sort=username')).json();
    // Other test files share this database and may add administrators (scripts/admin-create): check the filter and
    // the order, not the exact set.
    const adminNames: string[] = admins.items.map((u: { username: string }) => u.username);
    expect(adminNames).toEqual(expect.arrayContaining(['admin', 'admin2']));
    expect(adminNames).not.toContain('clerk');
    expect(adminNames.indexOf('admin')).toBeLessThan(adminNames.indexOf('admin2'));
    expect(admins.items.every((u: { roles: string[] }) => u.roles.includes('admin'))).toBe(true);
    expect(JSON.stringify(admins)).not.toMatch(/argon2|scrypt|passwordHash/);

    const refused = await call('POST', '/api/users', { username: 'Bad Name', displayName: '', roles: ['wizard'] });
    expect(refused.statusCode).toBe(400);
    const paths = refused.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'roles[0]']));
    const noPassword = await call('POST', '/api/users', { username, displayName: 'Nina New', roles: ['clerk'] });
    expect([noPassword.statusCode, noPassword.json().error.field]).toEqual([400, 'password']);

    const created = await call('POST', '/api/users', {
      username,
      displayName: 'Nina New',
      roles: ['clerk', 'planner'],
      password: 'first-secret-1',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      username,
      displayName: 'Nina New',
      roles: ['clerk', 'planner'],
      active: true,
    });
    expect(Object.keys(created.json())).not.toContain('passwordHash');
    const [stored] = await query<{ password_hash: string }>(
      t.orm.em.fork(),
      'select password_hash from app_user where username = ?',
      [username],
    );
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored?.password_hash).not.toContain('first-secret-1');
    expect(
      (await call('POST', '/api/users', { username, displayName: 'Twice', roles: ['clerk'], password: 'whatever-1' }))
        .statusCode,
    ).toBe(409);

    const first = await signIn('first-secret-1');
    expect(first.statusCode).toBe(200);
    const changed = await call('PATCH', `/api/users/${username}`, { displayName: 'Nina Planner', roles: ['planner'] });
    expect(changed.json()).toMatchObject({ displayName: 'Nina Planner', roles: ['planner'] });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first) });
    expect(me.json().user.roles).toEqual(['planner']);

    // A reset signs the user out everywhere; the old password stops working.
    expect(
      (await call('POST', `/api/users/${username}/reset-password`, { password: 'second-secret-2' })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first) })).statusCode).toBe(401);
    expect((await signIn('first-secret-1')).statusCode).toBe(401);
    const second = await signIn('second-secret-2');
    expect(second.statusCode).toBe(200);

    // Deactivated: the open session is revoked and the user cannot sign in again.
    const deactivated = await call('POST', `/api/users/${username}/deactivate`);
    expect(deactivated.json()).toMatchObject({ username, active: false });
    expect(
      await countRows(
        t.orm,
        'select count(*) as n from session s join app_user u on u.id = s.user_id where u.username = ?',
        [username],
      ),
    ).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second) })).statusCode).toBe(401);
    const locked = await signIn('second-secret-2');
    expect([locked.statusCode, locked.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const listed = (await call('GET', `/api/users?q=${username}`)).json();
    expect(listed.total).toBe(0);
    expect((await call('GET', `/api/users?q=${username}&active=false`)).json().total).toBe(1);

    // An admin cannot lock themselves out.
    const self = await call('POST', '/api/users/admin/deactivate');
    expect([self.statusCode, self.json().error.field]).toEqual([400, 'username']);
    const demote = await call('PATCH', '/api/users/admin', { roles: ['clerk'] });
    expect([demote.statusCode, demote.json().error.field]).toEqual([400, 'roles']);

    const actions = await query<{ action: string; actor: string }>(
      t.orm.em.fork(),
      `select action, actor from audit_log where entity_type = 'user' and entity_id = ? order by id`,
      [username],
    );
    expect(actions).toEqual(
      ['user.created', 'user.changed', 'user.password-reset', 'user.deactivated'].map((action) => ({
        action,
        actor: 'admin',
      })),
    );
    const exported = await call('GET', `/api/users/export.csv?q=${username}&active=all`);
    expect(exported.body.trim().split(/\r?\n/)).toEqual([
      'username,displayName,roles,password',
      `${username},Nina Planner,planner,`,
    ]);
  });
});
