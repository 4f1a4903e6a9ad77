import { legacyScryptHash } from '../../db/identity/legacy-scrypt';
import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

const t = useTestApp({ worker: false });
const username = `legacy-${process.pid}-${Date.now() % 100_000}`;
const password = 'old-scrypt-secret-1';

async function storedHash(): Promise<string | undefined> {
  const [row] = await query<{ password_hash: string }>(
    t.orm.em.fork(),
    'select password_hash from app_user where username = ?',
    [username],
  );
  return row?.password_hash;
}

const signIn = (as: string, secret: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: as, password: secret } });

describe('sign-in with a password hashed before Argon2id', () => {
  beforeAll(async () => {
    await query(
      t.orm.em.fork(),
      `insert into app_user (username, display_name, password_hash, roles, active, created_at)
       values (?, 'Legacy Lena', ?, '["clerk"]', true, now())`,
      [username, legacyScryptHash(password)],
    );
  });

  test('a wrong password is refused and leaves the old hash alone', async () => {
    const before = await storedHash();
    expect(before).toMatch(/^scrypt\$131072\$8\$1\$/);
    const refused = await signIn(username, 'not-the-password');
    expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(await storedHash()).toBe(before);
  });

  test('the right password signs in and stores an Argon2id hash in its place, which then signs in', async () => {
    const first = await signIn(username, password);
    expect(first.statusCode).toBe(200);
    expect(first.json().user).toMatchObject({ username, displayName: 'Legacy Lena', roles: ['clerk'] });
    const rehashed = await storedHash();
    expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rehashed).not.toContain(password);

    const again = await signIn(username, password);
    expect(again.statusCode).toBe(200);
    expect(await storedHash()).toBe(rehashed); // a current hash is kept as it is
    expect((await signIn(username, 'not-the-password')).statusCode).toBe(401);
  });

  test('an unknown user name is refused like a wrong password', async () => {
    const refused = await signIn(`nobody-${process.pid}`, password);
    expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });
});
