import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { User } from '../db/entities';
import { checkPassword } from '../db/identity/password';
import { query } from '../db/sql';
import { adminStatement } from '../test/support/fresh-books';
import { intEnv, useTestApp } from '../test/support/int-env';
import { prepareDatabase } from './platform';

/** `npm run admin:create` against the integration database: its answer, exit status and what it stored. */
const t = useTestApp();
const username = `first-admin-${process.pid}-${Date.now() % 100_000}`;

function adminCreate(args: string[], options: { password?: string; stdin?: string; databaseUrl?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: options.databaseUrl ?? intEnv().databaseUrl };
  delete env.MILLWRIGHT_ADMIN_PASSWORD;
  if (options.password !== undefined) env.MILLWRIGHT_ADMIN_PASSWORD = options.password;
  const result = spawnSync(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), ['scripts/admin-create.ts', ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    env,
    input: options.stdin ?? '',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('npm run admin:create', () => {
  test('creates an administrator who can sign in, audited with the OS user; the password never on the command line', async () => {
    const created = adminCreate(['--username', username, '--display-name', 'Fiona First'], {
      password: 'first-admin-secret',
    });
    expect(created.out).toContain(`administrator ${username} created`);
    expect(created.status).toBe(0);
    const user = await t.orm.em.fork().findOneOrFail(User, { username });
    expect([user.displayName, user.roles, user.active]).toEqual(['Fiona First', ['admin'], true]);
    expect((await checkPassword('first-admin-secret', user.passwordHash)).valid).toBe(true);
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'first-admin-secret' },
    });
    expect(signedIn.statusCode).toBe(200);
    const [audit] = await query<{ actor: string; action: string }>(
      t.orm.em.fork(),
      `select actor, action from audit_log where entity_type = 'user' and entity_id = ?`,
      [username],
    );
    expect(audit?.action).toBe('user.created');
    expect(audit?.actor).toMatch(/^admin:create:\S+$/);
  });

  test('reads the password from standard input with --password-stdin', async () => {
    const second = `${username}-b`;
    const created = adminCreate(['--username', second, '--password-stdin'], { stdin: 'from-stdin-secret\n' });
    expect(created.status).toBe(0);
    const user = await t.orm.em.fork().findOneOrFail(User, { username: second });
    expect((await checkPassword('from-stdin-secret', user.passwordHash)).valid).toBe(true);
  });

  test('refusals exit 2 naming the option, and store nothing', async () => {
    const cases: Array<[string[], string | undefined, RegExp]> = [
      [['--username', username], 'another-secret', /\(--username\): A user .* already exists/],
      [['--username', 'Not Valid'], 'another-secret', /\(--username\): Use 1 to 64 lower-case/],
      [['--username', `${username}-c`], 'short', /\(password\): The password needs 8 to 200 characters/],
      [['--username', `${username}-c`], undefined, /\(password\): Give the password in MILLWRIGHT_ADMIN_PASSWORD/],
      [[], 'another-secret', /\(--username\): Name the administrator/],
    ];
    for (const [args, password, message] of cases) {
      const refused = adminCreate(args, { password });
      expect({ status: refused.status, out: refused.out }).toEqual({ status: 2, out: expect.stringMatching(message) });
    }
    expect(await t.orm.em.fork().count(User, { username: `${username}-c` })).toBe(0);
  });

  test('a production database (demo off) starts with no users; the first administrator is made by the command', async () => {
    const base = new URL(intEnv().databaseUrl);
    const name = `mw_first_admin_${process.pid}_${Date.now() % 1_000_000}`;
    await adminStatement(base, `create database "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    try {
      const first = await prepareDatabase(url.toString(), { demo: false });
      try {
        expect([first.seededNow, first.hasUsers]).toEqual([false, false]);
        expect(await first.orm.em.fork().count(User, {})).toBe(0);
        // No demo customers either; the default rule sets are there (every process needs them).
        const [counts] = await query<{ customers: string; rule_sets: string }>(
          first.orm.em.fork(),
          `select (select count(*) from customer) as customers, (select count(*) from rule_set) as rule_sets`,
        );
        expect(Number(counts?.customers)).toBe(0);
        expect(Number(counts?.rule_sets)).toBeGreaterThan(0);
      } finally {
        await first.orm.close();
      }
      const created = adminCreate(['--username', 'fiona'], {
        password: 'first-admin-secret',
        databaseUrl: url.toString(),
      });
      expect(created.status).toBe(0);
      const again = await prepareDatabase(url.toString(), { demo: false });
      try {
        expect([again.seededNow, again.hasUsers]).toEqual([false, true]);
      } finally {
        await again.orm.close();
      }
    } finally {
      await adminStatement(base, `drop database if exists "${name}" with (force)`);
    }
  });
});
