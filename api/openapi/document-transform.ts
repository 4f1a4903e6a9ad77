import { jsonSchemaTransform } from 'fastify-type-provider-zod';

type Transform = typeof jsonSchemaTransform;
type JsonSchema = Record<string, unknown>;

/** What every free-text input promises: no NUL character, which PostgreSQL cannot store (see input-guard.ts). */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

const INPUTS = ['body', 'querystring', 'params'] as const;

/**
 * Marks every free-text string of a request schema (and every name of a free-form map) as NUL-free, so the
 * document says what the input guard enforces. Strings that already carry a pattern, a format or a fixed set of
 * values are left as they are: those cannot hold a NUL anyway.
 */
export function withoutNul(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNul);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    const nested = key === 'properties' || key === '$defs' || key === 'definitions';
    out[key] = nested ? mapValues(value, withoutNul) : withoutNul(value);
  }
  const free = !('pattern' in out || 'format' in out || 'enum' in out || 'const' in out);
  if (out.type === 'string' && free) out.pattern = NO_NUL_PATTERN;
  if (out.type === 'object' && out.additionalProperties && !out.propertyNames) {
    out.propertyNames = { pattern: NO_NUL_PATTERN };
  }
  return out;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, fn(v)]));
}

/**
 * Error bodies are JSON whatever the route produces on success (a CSV export refuses a bad sort with JSON), so
 * each error response names its media type itself instead of inheriting the route's `produces`.
 */
function errorsAsJson(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, schema]) => {
      // A 204 has no body and no media type (a documented JSON null would promise a Content-Type it never sends).
      if (status === '204') return [status, { type: 'null', description: descriptionOf(schema) }];
      if (Number(status) < 400 || !schema || typeof schema !== 'object') return [status, schema];
      const { description } = schema as { description?: string };
      return [status, { description, content: { 'application/json': { schema } } }];
    }),
  );
}

function descriptionOf(schema: unknown): string {
  const { description } = (schema ?? {}) as { description?: string };
  return description ?? 'No content';
}

/** The zod-to-OpenAPI transform, with the request schemas marked NUL-free and error bodies declared as JSON. */
export const documentTransform: Transform = (input) => {
  const result = jsonSchemaTransform(input);
  const schema = result.schema as Record<string, unknown> | undefined;
  if (!schema) return result;
  for (const part of INPUTS) if (schema[part]) schema[part] = withoutNul(schema[part]);
  if (schema.response) schema.response = errorsAsJson(schema.response as Record<string, unknown>);
  return result;
};
