/**
 * Canonical JSON (canonical.ts: keys sorted by UTF-16 code units at every depth, no whitespace, numbers as JavaScript
 * writes them) straight from a JSON text such as PostgreSQL writes a jsonb value (`{"n": 1, "lines": [1, 2]}`), without
 * building the value: verifying a million audit rows spent more on JSON.parse and walking each row's details than on
 * hashing them. It reorders members, drops whitespace and rewrites numbers; strings are kept as written, which is what
 * JSON.stringify writes for them when only its own escapes occur (PostgreSQL escapes exactly those: \" \\ \b \f \n \r
 * \t, and \u00XX for other control characters).
 *
 * Returns null for anything it does not take (another escape, a key holding an escape, a repeated key, text that is
 * not JSON): the caller then parses and uses canonicalJson. Whatever it returns parses to the same value as the text,
 * so a hash over it can only match a sealed hash of that same value; canonical-text.test.ts holds it to canonicalJson.
 */
export function canonicalFromJsonText(text: string): string | null {
  src = text;
  at = 0;
  const result = value();
  if (result === null) return null;
  skipSpace();
  return at === src.length ? result : null;
}

// The text being read and the position in it (module state: one call at a time, no allocation per call).
let src = '';
let at = 0;

const QUOTE = 34;
const BACKSLASH = 92;

function skipSpace(): void {
  while (at < src.length) {
    const c = src.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    at += 1;
  }
}

function value(): string | null {
  skipSpace();
  const c = src.charCodeAt(at);
  if (c === 123) return object();
  if (c === 91) return array();
  if (c === QUOTE) return string();
  if (c === 116) return literal('true');
  if (c === 102) return literal('false');
  if (c === 110) return literal('null');
  return number();
}

function literal(word: string): string | null {
  if (!src.startsWith(word, at)) return null;
  at += word.length;
  return word;
}

/** A string as written, quotes included, when its escapes are all ones JSON.stringify writes itself. */
function string(): string | null {
  const start = at;
  return skipString() ? src.slice(start, at) : null;
}

/** Whether the last string skipped held an escape. */
let escaped = false;

/** Moves past a string from its opening quote; false when it is not one {@link string} takes. */
function skipString(): boolean {
  escaped = false;
  at += 1;
  while (at < src.length) {
    const c = src.charCodeAt(at);
    if (c === QUOTE) {
      at += 1;
      return true;
    }
    if (c < 32) return false;
    if (c === BACKSLASH) {
      if (!ownEscape(at + 1)) return false;
      escaped = true;
      at += src.charCodeAt(at + 1) === 117 ? 6 : 2;
    } else at += 1;
  }
  return false;
}

/** Whether the escape after a backslash at `i` is one JSON.stringify writes: \" \\ \b \f \n \r \t or \u00XX below 0x20. */
function ownEscape(i: number): boolean {
  const c = src.charCodeAt(i);
  if (c === QUOTE || c === BACKSLASH || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) return true;
  if (c !== 117 || src.charCodeAt(i + 1) !== 48 || src.charCodeAt(i + 2) !== 48) return false;
  const high = src.charCodeAt(i + 3);
  const low = src.charCodeAt(i + 4);
  const lowHex = (low >= 48 && low <= 57) || (low >= 97 && low <= 102);
  if (!lowHex || (high !== 48 && high !== 49)) return false;
  // \b \t \n \f \r have short forms, which JSON.stringify writes instead.
  const code = (high - 48) * 16 + (low <= 57 ? low - 48 : low - 87);
  return code !== 8 && code !== 9 && code !== 10 && code !== 12 && code !== 13;
}

/** A number as JavaScript writes it: `3.0` -> `3`, `1E2` -> `100`, `1e21` -> `1e+21`, `-0` -> `0`. */
function number(): string | null {
  const start = at;
  while (at < src.length) {
    const c = src.charCodeAt(at);
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) at += 1;
    else break;
  }
  if (at === start) return null;
  const text = src.slice(start, at);
  if (writtenAsJavaScriptWrites(text)) return text;
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? JSON.stringify(parsed) : null;
}

/**
 * Whether JavaScript writes this number back unchanged: digits with at most one point, a minus first at most, no
 * exponent, at most 15 significant digits (a double tells all such decimals apart, so none has a shorter form), no
 * leading zero before other integer digits, no trailing zero after the point, not -0, and not below 0.000001 (written
 * with an exponent). Anything else goes through Number and JSON.stringify.
 */
function writtenAsJavaScriptWrites(text: string): boolean {
  const first = text.charCodeAt(0) === 45 ? 1 : 0;
  let point = -1;
  let significant = 0;
  let leading = true;
  for (let i = first; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (point >= 0) return false;
      point = i;
    } else if (c < 48 || c > 57) return false;
    else if (c !== 48 || !leading) {
      leading = false;
      significant += 1;
    } else if (point >= 0 && i - point > 5) return false;
  }
  if (significant === 0 || significant > 15 || point === first || point === text.length - 1) return false;
  const integerDigits = (point < 0 ? text.length : point) - first;
  if (text.charCodeAt(first) === 48 && integerDigits > 1) return false;
  if (point >= 0 && text.charCodeAt(text.length - 1) === 48) return false;
  // Trailing zeros of an integer are digits JavaScript writes too: they count as significant.
  if (point < 0) significant = integerDigits;
  return significant <= 15;
}

function array(): string | null {
  at += 1;
  skipSpace();
  if (src.charCodeAt(at) === 93) {
    at += 1;
    return '[]';
  }
  let out = '[';
  for (;;) {
    const item = value();
    if (item === null) return null;
    out += item;
    skipSpace();
    const c = src.charCodeAt(at);
    at += 1;
    if (c === 93) return `${out}]`;
    if (c !== 44) return null;
    out += ',';
  }
}

function object(): string | null {
  at += 1;
  skipSpace();
  if (src.charCodeAt(at) === 125) {
    at += 1;
    return '{}';
  }
  const keys: string[] = [];
  const values: string[] = [];
  for (;;) {
    skipSpace();
    if (src.charCodeAt(at) !== QUOTE) return null;
    const start = at;
    // A key with an escape would sort by its text, not by what it says: left to JSON.parse and canonicalJson.
    if (!skipString() || escaped) return null;
    const key = src.slice(start + 1, at - 1);
    skipSpace();
    if (src.charCodeAt(at) !== 58) return null;
    at += 1;
    const item = value();
    if (item === null) return null;
    if (!insertSorted(keys, values, key, item)) return null;
    skipSpace();
    const c = src.charCodeAt(at);
    at += 1;
    if (c === 125) break;
    if (c !== 44) return null;
  }
  let out = '{';
  for (let i = 0; i < keys.length; i += 1) out += `${i === 0 ? '"' : ',"'}${keys[i]}":${values[i]}`;
  return `${out}}`;
}

/**
 * Inserts a member keeping the keys in code-unit order (objects hold a handful of keys: a plain insertion); false for a
 * key already there (JSON.parse would keep the last one only).
 */
function insertSorted(keys: string[], values: string[], key: string, item: string): boolean {
  // Shifted by hand: splice cost more than the rest of the object's reading (bench/audit-chain.bench.ts).
  let i = keys.length;
  while (i > 0 && (keys[i - 1] as string) > key) {
    keys[i] = keys[i - 1] as string;
    values[i] = values[i - 1] as string;
    i -= 1;
  }
  if (i > 0 && keys[i - 1] === key) return false;
  keys[i] = key;
  values[i] = item;
  return true;
}
