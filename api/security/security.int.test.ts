import { PassThrough } from 'node:stream';
import { hashPassword } from '../../db/identity/password';
import { query } from '../../db/sql';
import { createTestApp, type TestApp } from '../../test/support/int-env';
import { DEFAULT_THROTTLE } from '../auth/login-throttle';

jest.setTimeout(180_000);

/**
 * Security hardening (issue 18, item 3) against the real API and PostgreSQL: sign-in throttling and lockout (shared
 * by every API node through the database, audited), security headers, the request size limit, and log lines that
 * never carry passwords or tokens. The first app logs (at info level) into a buffer the last test reads.
 */
const logs: string[] = [];
const stream = new PassThrough();
stream.on('data', (chunk) => logs.push(String(chunk)));
let t: TestApp;
/** A second API app on the same database: a second node. */
let other: TestApp;
const suffix = `${process.pid}-${Date.now() % 100_000}`;
const password = `Throttle-secret-${suffix}`;

async function createUser(username: string): Promise<void> {
  await query(
    t.orm.em.fork(),
    `insert into app_user (username, display_name, password_hash, roles, active, created_at)
     values (?, 'Throttle Test', ?, '["clerk"]', true, now())`,
    [username, await hashPassword(password)],
  );
}

const signIn = (app: TestApp, username: string, secret: string) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: secret } });

async function auditActions(username: string): Promise<Array<{ action: string; details: Record<string, unknown> }>> {
  return query(
    t.orm.em.fork(),
    `select action, details from audit_log where entity_type = 'sign-in' and entity_id = ?
      order by id`,
    [username],
  );
}

beforeAll(async () => {
  t = await createTestApp({ logStream: stream });
  other = await createTestApp();
});

afterAll(async () => {
  await other?.close();
  await t?.close();
});

describe('sign-in throttling and lockout', () => {
  const max = DEFAULT_THROTTLE.maxFailures;

  test(`${max} failures lock the name across API nodes; even the right password then gets 429 until the lock ends`, async () => {
    const username = `throttle-${suffix}`;
    await createUser(username);
    // The failures alternate between two API nodes: the count is the database's, not a node's.
    for (let i = 1; i <= max; i += 1) {
      const failed = await signIn(i % 2 ? t : other, username, `wrong-${i}`);
      expect([i, failed.statusCode, failed.json().error.code]).toEqual([i, 401, 'INVALID_CREDENTIALS']);
    }
    for (const node of [t, other]) {
      const locked = await signIn(node, username, password);
      expect([locked.statusCode, locked.json().error]).toEqual([
        429,
        expect.objectContaining({ code: 'ACCOUNT_LOCKED', field: 'username' }),
      ]);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(DEFAULT_THROTTLE.lockMinutes * 60 - 60);
      expect(retryAfter).toBeLessThanOrEqual(DEFAULT_THROTTLE.lockMinutes * 60);
    }

    const audited = await auditActions(username);
    expect(audited.map((row) => row.action)).toEqual([
      ...Array.from({ length: max }, () => 'auth.login-failed'),
      'auth.account-locked',
      'auth.login-refused-locked',
      'auth.login-refused-locked',
    ]);
    expect(audited.map((row) => row.details.failures).slice(0, max)).toEqual(
      Array.from({ length: max }, (_, i) => i + 1),
    );
    expect(JSON.stringify(audited)).not.toContain('wrong-');
    expect(JSON.stringify(audited)).not.toContain(password);

    // The lock runs out (moved into the past, as time would): the right password signs in and clears the count.
    await query(
      t.orm.em.fork(),
      `update login_throttle set locked_until = now() - interval '1 second' where username = ?`,
      [username],
    );
    const after = await signIn(other, username, password);
    expect(after.statusCode).toBe(200);
    const [row] = await query(t.orm.em.fork(), 'select 1 from login_throttle where username = ?', [username]);
    expect(row).toBeUndefined();
  });

  test('failures spread beyond the window do not lock; a success starts the count afresh', async () => {
    const username = `window-${suffix}`;
    await createUser(username);
    for (let i = 1; i < max; i += 1) expect((await signIn(t, username, `wrong-${i}`)).statusCode).toBe(401);
    // The window ran out: the next failure is the first of a new one.
    await query(
      t.orm.em.fork(),
      `update login_throttle set window_started_at = now() - make_interval(mins => ?) where username = ?`,
      [DEFAULT_THROTTLE.windowMinutes + 1, username],
    );
    expect((await signIn(t, username, 'wrong-again')).statusCode).toBe(401);
    const [counted] = await query<{ failures: number }>(
      t.orm.em.fork(),
      'select failures from login_throttle where username = ?',
      [username],
    );
    expect(counted?.failures).toBe(1);
    for (let i = 2; i < max; i += 1) expect((await signIn(t, username, `wrong-${i}`)).statusCode).toBe(401);
    expect((await signIn(t, username, password)).statusCode).toBe(200); // max - 1 failures: still open
    for (let i = 1; i < max; i += 1) expect((await signIn(t, username, `wrong-${i}`)).statusCode).toBe(401);
    expect((await signIn(t, username, password)).statusCode).toBe(200); // the success had cleared the count
    expect((await auditActions(username)).map((row) => row.action)).not.toContain('auth.account-locked');
  });

  test('an unknown user name is locked the same way, so the answers never tell which names exist', async () => {
    const username = `nobody-${suffix}`;
    for (let i = 1; i <= max; i += 1) expect((await signIn(t, username, `wrong-${i}`)).statusCode).toBe(401);
    const locked = await signIn(t, username, 'anything');
    expect([locked.statusCode, locked.json().error.code]).toEqual([429, 'ACCOUNT_LOCKED']);
  });
});

describe('sessions', () => {
  test('a session past its expiry is refused like an unknown one; signing out revokes the token at once', async () => {
    const username = `session-${suffix}`;
    await createUser(username);
    const first = (await signIn(t, username, password)).json<{ token: string }>().token;
    const second = (await signIn(t, username, password)).json<{ token: string }>().token;
    const me = (token: string) =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me(first)).statusCode).toBe(200);
    // Issued with the configured lifetime (the test app's is 1 hour).
    const [row] = await query<{ hours: number }>(
      t.orm.em.fork(),
      `select extract(epoch from s.expires_at - s.created_at) / 3600 as hours
         from session s join app_user u on u.id = s.user_id where u.username = ? limit 1`,
      [username],
    );
    expect(Number(row?.hours)).toBeCloseTo(1, 5);

    await query(
      t.orm.em.fork(),
      `update session set expires_at = now() - interval '1 second'
        where user_id = (select id from app_user where username = ?) and token_hash = encode(sha256(?::bytea), 'hex')`,
      [username, first],
    );
    const expired = await me(first);
    expect([expired.statusCode, expired.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await me(second)).statusCode).toBe(200); // only that session ended

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${second}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(second)).statusCode).toBe(401);
  });
});

describe('security headers', () => {
  test('API answers, refusals and the OpenAPI docs carry helmet headers and a strict script policy', async () => {
    for (const url of ['/api/health', '/api/auth/me', '/docs/', '/docs/json']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect([url, response.statusCode < 500]).toEqual([url, true]);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('request size limits', () => {
  test('a body over the 1 MiB limit is refused with 413 REQUEST_TOO_LARGE naming the body; one under it is read', async () => {
    const big = { username: 'x'.repeat(1024 * 1024), password: 'y' };
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: big });
    expect([refused.statusCode, refused.json().error]).toEqual([
      413,
      expect.objectContaining({ code: 'REQUEST_TOO_LARGE', field: 'body' }),
    ]);
    expect(refused.json().error.message).toContain('1048576 bytes');
    // Under the limit the body reaches the route's schema, which refuses the over-long name as a 400.
    const read = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x'.repeat(1000), password: 'y' },
    });
    expect([read.statusCode, read.json().error.code, read.json().error.field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'username',
    ]);
  });
});

describe('logs', () => {
  test('no password, token or authorization header reaches the log, even in lines that log requests and bodies', async () => {
    const username = `logged-${suffix}`;
    await createUser(username);
    const wrong = `Wrong-${suffix}-pw`;
    expect((await signIn(t, username, wrong)).statusCode).toBe(401);
    const ok = await signIn(t, username, password);
    expect(ok.statusCode).toBe(200);
    const token = ok.json<{ token: string }>().token;
    const authorization = `Bearer ${token}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } })).statusCode).toBe(
      200,
    );
    // A malformed body holding a password (JSON parse errors quote their input).
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', authorization },
      payload: `{"password":"${password}",`,
    });
    // A line that logs a request's headers and a body, as a debugging line might.
    t.app.log.info({ req: { headers: { authorization } }, body: { username, password } }, 'request with body');
    t.app.log.info({ headers: { authorization }, user: { password, token } }, 'nested');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization } })).statusCode,
    ).toBe(204);

    const text = logs.join('');
    expect(text).toContain('request with body'); // the capture works
    expect(text).toContain(username);
    expect(text).toContain('[redacted]');
    for (const secret of [password, wrong, token]) expect(text).not.toContain(secret);
  });
});
