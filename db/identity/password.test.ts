import { hash as argon2Hash } from '@node-rs/argon2';
import { legacyScryptHash } from './legacy-scrypt';
import { checkNobody, checkPassword, hashPassword, hashToken, newSessionToken } from './password';

describe('passwords and session tokens', () => {
  test('an Argon2id hash (OWASP parameters in the PHC string) verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain('correct horse');
    await expect(checkPassword('correct horse', hash)).resolves.toEqual({ valid: true, needsRehash: false });
    await expect(checkPassword('wrong horse', hash)).resolves.toEqual({ valid: false, needsRehash: false });
    await expect(checkPassword('correct horse', 'plain')).resolves.toEqual({ valid: false, needsRehash: false });
    await expect(checkPassword('correct horse', '$argon2id$v=19$broken')).resolves.toMatchObject({ valid: false });
  });

  test('a scrypt hash stored before Argon2id still verifies, and asks to be rehashed', async () => {
    const old = legacyScryptHash('correct horse');
    expect(old).toMatch(/^scrypt\$131072\$8\$1\$/);
    await expect(checkPassword('correct horse', old)).resolves.toEqual({ valid: true, needsRehash: true });
    await expect(checkPassword('wrong horse', old)).resolves.toEqual({ valid: false, needsRehash: false });
    await expect(checkPassword('correct horse', 'scrypt$0$8$1$c2FsdA==$aGFzaA==')).resolves.toMatchObject({
      valid: false,
    });
  });

  test('an Argon2 hash weaker than today asks to be rehashed', async () => {
    const weak = await argon2Hash('correct horse', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await expect(checkPassword('correct horse', weak)).resolves.toEqual({ valid: true, needsRehash: true });
    const argon2i = await argon2Hash('correct horse', { algorithm: 1, memoryCost: 19_456, timeCost: 2 });
    await expect(checkPassword('correct horse', argon2i)).resolves.toEqual({ valid: true, needsRehash: true });
  });

  test('an unknown user costs a verification too, and never matches', async () => {
    await checkNobody('warm-up'); // the dummy hash is made once
    const started = performance.now();
    await expect(checkNobody('anything')).resolves.toBe(false);
    // One Argon2id verify over 19 MiB takes tens of milliseconds on any machine; an early "no" takes well under 1.
    expect(performance.now() - started).toBeGreaterThan(5);
  });

  test('two hashes of one password differ (salted)', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  test('only the token digest is kept', () => {
    const { token, tokenHash } = newSessionToken();
    expect(tokenHash).toBe(hashToken(token));
    expect(tokenHash).not.toContain(token);
  });
});
