/**
 * Zod's default messages are written for developers ("Invalid input: expected string, received undefined");
 * the console shows these messages under their fields, so the common ones are said the way a clerk would read
 * them. Messages a schema wrote itself pass through unchanged.
 */
/** 1000000000 -> "1,000,000,000": a bound a person can read at a glance. */
function readable(bound: string | undefined): string {
  const value = Number(bound);
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(bound);
}

const REWRITES: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^Invalid input: expected \w+, received undefined$/, () => 'is required'],
  [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `must be a ${m[1]}, not a ${m[2]}`],
  [/^Too big: expected number to be <=?(-?[\d.e+]+)$/, (m) => `at most ${readable(m[1])}`],
  [/^Too small: expected number to be >=?(-?[\d.e+]+)$/, (m) => `at least ${readable(m[1])}`],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (m) => `at most ${m[1]} characters`],
  [
    /^Too small: expected string to have >=?(\d+) characters?$/,
    (m) => (m[1] === '1' ? 'is required' : `at least ${m[1]} characters`),
  ],
  [
    /^Invalid option: expected one of (.+)$/,
    (m) => `must be one of ${(m[1] ?? '').replace(/"/g, '').split('|').join(', ')}`,
  ],
];

/** The message a person reads for one validation problem. */
export function humanValidationMessage(message: string): string {
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(message);
    if (match) return rewrite(match);
  }
  return message;
}
