/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, undefined object members dropped. Two
 * documents that differ only in key order or formatting (PostgreSQL's jsonb reorders keys) serialise identically,
 * which is what makes content hashes and stored decisions reproducible.
 */

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null) return true;
  // Compare by shape, not identity: objects parsed in another realm (a test sandbox, a worker) have another Object.
  const parentOfPrototype: unknown = Object.getPrototypeOf(prototype);
  return parentOfPrototype === null && Object.prototype.toString.call(value) === '[object Object]';
}

function notJson(value: unknown, where: string): TypeError {
  return new TypeError(`not JSON data at ${where}: ${typeof value}`);
}

/**
 * Deep copy of JSON data with object keys in canonical order. Throws a TypeError for anything JSON cannot carry
 * faithfully (undefined in an array, NaN, Infinity, functions, bigint, class instances), so nothing is silently
 * changed by a round trip through the database.
 */
export function canonicalCopy<T>(value: T, where = '$'): T {
  return copy(value, where) as T;
}

function copy(value: unknown, where: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(value, where);
    return value === 0 ? 0 : value; // -0 and 0 are the same JSON number
  }
  if (Array.isArray(value)) {
    return value.map((entry: unknown, index) => {
      if (entry === undefined) throw notJson(entry, `${where}[${index}]`);
      return copy(entry, `${where}[${index}]`);
    });
  }
  if (typeof value !== 'object' || !isPlainObject(value)) throw notJson(value, where);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = value[key];
    if (member !== undefined) out[key] = copy(member, `${where}.${key}`);
  }
  return out;
}

/** The canonical JSON text of `value` (see canonicalCopy for what is refused). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalCopy(value));
}

/** Freezes JSON data in place, all the way down, so a cached rule set cannot be changed by a caller. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach((member) => deepFreeze(member));
  }
  return value;
}
