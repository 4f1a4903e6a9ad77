import { randomBytes, scryptSync } from 'node:crypto';

/**
 * A password hash as the platform stored it before Argon2id: `scrypt$N$r$p$salt$hash` (N=2^17, r=8, p=1, 32 bytes).
 * Users whose hash is older still sign in (and are rehashed then); tests make such users with this.
 */
export function legacyScryptHash(password: string, N = 2 ** 17): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
  return ['scrypt', N, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}
