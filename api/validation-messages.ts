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

/** Zod's type names as a person says them ("int" -> "a whole number"). */
function kind(type: string | undefined): string {
  const words: Record<string, string> = {
    int: 'a whole number',
    number: 'a number',
    string: 'text',
    boolean: 'yes or no',
    array: 'a list',
    object: 'a set of fields',
    null: 'empty',
  };
  return words[type ?? ''] ?? `a ${type ?? 'value'}`;
}

const REWRITES: ReadonlyArray<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^Invalid input: expected \w+, received undefined$/, () => 'is required'],
  // 1.5 where a whole number belongs is "expected int, received number": "not a number" would read as nonsense.
  [/^Invalid input: expected int, received number$/, () => 'must be a whole number'],
  [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `must be ${kind(m[1])}, not ${kind(m[2])}`],
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
