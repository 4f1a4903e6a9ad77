import { ROLES, type Role } from '../../db/entities';
import { hashPassword } from '../../db/identity/password';
import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';
import { routeTable, type GuardedRoute } from './route-guard';

jest.setTimeout(600_000);

/**
 * The role-by-route matrix, generated from the route table the app registered (api/security/route-guard.ts): every
 * /api route is called anonymously and as a user holding exactly one role, for every role, and must answer what its
 * declared roles promise. Anonymous: 401 (public routes: neither 401 nor 403). A role outside the declared ones, or
 * an auditor on a changing route: 403. A permitted role: the request gets past the auth hook (anything but 401/403)
 * and never makes the API fail (no 5xx): path parameters are dummies and bodies are absent, so most end in a 400 or 404.
 */
// The test's users leave the shared database inactive, so lists of users (e.g. the admins) in other files stay theirs.
// Declared before useTestApp: Jest runs afterAll hooks in declaration order, and this one needs the app's database.
afterAll(async () => {
  await query(t.orm.em.fork(), 'update app_user set active = false where username in (?)', [
    ROLES.map((role) => `matrix-${role}-${suffix}`),
  ]);
});

const t = useTestApp({ worker: false });
const suffix = `${process.pid}-${Date.now() % 100_000}`;
const password = `matrix-secret-${suffix}`;
const tokens = new Map<Role, string>();

/** A dummy that every path parameter's schema reads (a number and a code alike) and no record has. */
const DUMMY_PARAM = '987654321';

function permitted(route: GuardedRoute, role: Role): boolean {
  if (route.roles === 'public') return true;
  // Auditors read only: a changing route refuses them whatever it declares (the session's own logout aside).
  const changes = route.method !== 'GET' && route.url !== '/api/auth/logout';
  return route.roles.includes(role) && !(role === 'auditor' && changes);
}

let base = '';

/**
 * Calls the route over a real socket (the app listens on a free port): a server-sent event stream never ends, so its
 * answer is read as soon as its head arrives and the connection is then dropped, which ends the stream server-side.
 */
async function statusOf(route: GuardedRoute, authorization?: string): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const response = await fetch(`${base}${route.url.replace(/:[A-Za-z]+/g, DUMMY_PARAM)}`, {
    method: route.method,
    headers: authorization ? { authorization } : {},
    signal: controller.signal,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status, body: '(event stream)' };
  }
  return { status: response.status, body: (await response.text()).slice(0, 300) };
}

/** Runs `work` over `items`, `width` at a time (the 2-core machine and the pool are shared). */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
}

beforeAll(async () => {
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const hash = await hashPassword(password);
  for (const role of ROLES) {
    const username = `matrix-${role}-${suffix}`;
    await query(
      t.orm.em.fork(),
      `insert into app_user (username, display_name, password_hash, roles, active, created_at)
       values (?, ?, ?, ?::jsonb, true, now())`,
      [username, `Matrix ${role}`, hash, JSON.stringify([role])],
    );
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login as ${role}: ${response.statusCode} ${response.body}`);
    tokens.set(role, `Bearer ${response.json<{ token: string }>().token}`);
  }
});

describe('the role-by-route matrix', () => {
  test('every /api route declares its roles (a route without them cannot even be registered)', () => {
    const routes = routeTable(t.app);
    expect(routes.length).toBeGreaterThan(200);
    const undeclared = routes.filter((r) => r.roles !== 'public' && !(Array.isArray(r.roles) && r.roles.length > 0));
    expect(undeclared).toEqual([]);
    // Only sign-in and the health probe need no sign-in.
    const open = routes.filter((r) => r.roles === 'public').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual(['GET /api/health', 'POST /api/auth/login']);
  });

  test('every route x anonymous and every role answers as its declared roles say', async () => {
    // Logout ends the caller's session, so it is called last (below); everything else in the table order.
    const routes = routeTable(t.app).filter((r) => r.url !== '/api/auth/logout');
    const cells: Array<{ route: GuardedRoute; role: Role | 'anonymous' }> = routes.flatMap((route) => [
      { route, role: 'anonymous' as const },
      ...ROLES.map((role) => ({ route, role })),
    ]);
    const wrong: string[] = [];
    await inBatches(cells, 6, async ({ route, role }) => {
      const { status, body } = await statusOf(route, role === 'anonymous' ? undefined : tokens.get(role));
      const name = `${route.method} ${route.url} as ${role}: ${status}`;
      if (role === 'anonymous') {
        const ok = route.roles === 'public' ? status !== 401 && status !== 403 && status < 500 : status === 401;
        if (!ok) wrong.push(`${name} ${body}`);
      } else if (permitted(route, role)) {
        if (status === 401 || status === 403 || status >= 500) wrong.push(`${name} ${body}`);
      } else if (status !== 403) {
        wrong.push(`${name} (expected 403) ${body}`);
      }
    });
    expect(wrong).toEqual([]);
    // The matrix's size, for the record: routes x (roles + anonymous).
    expect(cells.length).toBe(routes.length * (ROLES.length + 1));
  });

  test('logout: anonymous is refused, every role may sign itself out, and the token then stops working', async () => {
    const logout = routeTable(t.app).find((r) => r.url === '/api/auth/logout' && r.method === 'POST');
    expect(logout).toBeDefined();
    expect((await statusOf(logout!)).status).toBe(401);
    for (const role of ROLES) {
      const authorization = tokens.get(role)!;
      expect([role, (await statusOf(logout!, authorization)).status]).toEqual([role, 204]);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect([role, me.statusCode, me.json().error.code]).toEqual([role, 401, 'UNAUTHENTICATED']);
    }
  });
});
