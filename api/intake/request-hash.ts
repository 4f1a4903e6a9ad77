import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so two requests that mean the same (keys in another order) read the
 * same. Values JSON cannot hold are written as JSON.stringify writes them (undefined properties left out).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => compareKeys(a, b));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * What a stored idempotency key is compared by: the sha256 (hex) of the canonical JSON of the request's route
 * parameters and body, as validated by the route's schema.
 */
export function requestHash(request: { params?: unknown; body?: unknown }): string {
  const canonical = canonicalJson({ params: request.params ?? {}, body: request.body ?? null });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Code-unit order, the same on every platform and locale. */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
