/**
 * The engine's path resolver: a tiny dot/bracket syntax (`storage.temperature`, `limits[0].max`) instead of
 * json-rules-engine's default JSONPath, which is far more than rules need and harder to validate and explain.
 */

import { isFactPath } from '../rule-sets';

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/**
 * Reads `path` from `object`: `a.b[0].c`. Returns undefined when the path is malformed or any step is missing. Only
 * own properties are followed, so `constructor` or `__proto__` never reach into prototypes.
 */
export function resolvePath(object: unknown, path: string): unknown {
  if (!isFactPath(path)) return undefined;
  let current: unknown = object;
  for (const match of path.matchAll(SEGMENT)) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = match[1] ?? Number(match[2]);
    if (typeof key === 'number' && !Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
