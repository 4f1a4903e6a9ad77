import { randomBytes, scrypt as scryptCallback, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, parseOptions, verify as argon2Verify, type Options } from '@node-rs/argon2';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * Argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane): about a tenth of the time of the scrypt
 * (N=2^17) it replaces, which was most of the wait between "Sign in" and the first page. `algorithm: 2` is
 * `Algorithm.Argon2id`, an ambient const enum that isolated modules cannot read; version defaults to 0x13 (19).
 */
const ARGON2: Options & { memoryCost: number; timeCost: number; parallelism: number } = {
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};
const ARGON2_VERSION_19 = 1; // Version.V0x13, another ambient const enum

/** scrypt hashes stored before Argon2id still verify; scrypt may use at most this much memory for them. */
const SCRYPT_MAXMEM = 256 * 1024 * 1024;

/** What checking a password found: whether it matches, and whether its stored hash should be replaced. */
export interface PasswordCheck {
  valid: boolean;
  /** The hash is an older scheme (scrypt) or weaker parameters than today's: store a fresh {@link hashPassword}. */
  needsRehash: boolean;
}

/** Hashes a password as a PHC string, `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`, parameters travelling with it. */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

/**
 * Checks a password against a stored hash: today's Argon2id PHC strings, and the `scrypt$N$r$p$salt$hash` form
 * stored before them (valid, but to be rehashed). Anything else never matches.
 */
export async function checkPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith('$argon2')) {
    const valid = await argon2Verify(stored, password).catch(() => false);
    return { valid, needsRehash: valid && !isCurrentArgon2(stored) };
  }
  const valid = await verifyScrypt(password, stored);
  return { valid, needsRehash: valid };
}

/** A hash of a random password, made once, for {@link checkNobody}. */
let dummyHash: Promise<string> | undefined;

/**
 * Spends what checking a real user's password would, for a user name that does not exist (or is inactive), so the
 * answer's timing does not tell which user names do. Never matches.
 */
export async function checkNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64'));
  await argon2Verify(await dummyHash, password).catch(() => false);
  return false;
}

function isCurrentArgon2(stored: string): boolean {
  try {
    const used = parseOptions(stored);
    return (
      used.algorithm === ARGON2.algorithm &&
      used.version === ARGON2_VERSION_19 &&
      used.memoryCost >= ARGON2.memoryCost &&
      used.timeCost >= ARGON2.timeCost &&
      used.parallelism >= ARGON2.parallelism
    );
  } catch {
    return false;
  }
}

/** The scrypt scheme of old hashes, checked in constant time. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  }).catch(() => undefined);
  return actual !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A fresh bearer token and the SHA-256 digest we store instead of it. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
