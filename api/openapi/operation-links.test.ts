import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { buildApp } from '../app';
import { OPERATION_LINKS, linksOf, openApiPath, operationRef } from './operation-links';

type Schema = { properties?: Record<string, Schema>; items?: Schema; type?: string | string[] };
interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { links?: Record<string, Link>; content?: Record<string, { schema?: Schema }> }>;
}
interface Link {
  operationRef: string;
  parameters?: Record<string, string>;
  requestBody?: unknown;
}

let app: FastifyInstance;
let paths: Record<string, Record<string, Operation>>;

beforeAll(async () => {
  app = await buildApp({
    orm: {} as MikroORM,
    temporal: { options: { namespace: 'default' } } as unknown as Client,
    taskQueue: 'unit',
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: 60,
    logLevel: 'silent',
    consoleDir: '/nonexistent',
  });
  await app.ready();
  paths = (app.swagger() as unknown as { paths: typeof paths }).paths;
}, 60_000);

afterAll(() => app.close());

/** The operation a link's `operationRef` points at, undefined when the document has none there. */
function resolve(ref: string): Operation | undefined {
  const [, path, method] = /^#\/paths\/(.+)\/([a-z]+)$/.exec(ref) ?? [];
  if (!path || !method) return undefined;
  return paths[path.replace(/~1/g, '/').replace(/~0/g, '~')]?.[method];
}

/** Whether a JSON Pointer (`lines/0/lineNo`) names a property the response schema declares. */
function declares(schema: Schema | undefined, pointer: string): boolean {
  let at = schema;
  for (const part of pointer.split('/')) {
    if (!at) return false;
    at = /^\d+$/.test(part) ? at.items : at.properties?.[part];
  }
  return at !== undefined;
}

function bodyExpressions(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('$response.body#/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(bodyExpressions);
  if (value && typeof value === 'object') return Object.values(value).flatMap(bodyExpressions);
  return [];
}

describe('the OpenAPI links', () => {
  test('every declared link is in the document, on a status its operation answers', () => {
    const declared = Object.entries(OPERATION_LINKS).flatMap(([source, byStatus]) =>
      Object.entries(byStatus).flatMap(([status, links]) => Object.keys(links).map((name) => [source, status, name])),
    );
    const missing = declared.filter(([source, status, name]) => {
      const [method, path] = source!.split(' ') as [string, string];
      return !paths[path]?.[method.toLowerCase()]?.responses[status!]?.links?.[name!];
    });
    expect(declared.length).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  test('sales and purchase orders and items link their create to reading, changing and cancelling', () => {
    const targets = (path: string, method: string, status: string) =>
      Object.values(paths[path]?.[method]?.responses[status]?.links ?? {}).map((link) => link.operationRef);
    expect(targets('/api/orders/', 'post', '201')).toEqual(
      expect.arrayContaining([
        operationRef('GET /api/orders/{orderNumber}'),
        operationRef('PATCH /api/orders/{orderNumber}/lines'),
        operationRef('POST /api/orders/{orderNumber}/cancel'),
      ]),
    );
    expect(targets('/api/purchase-orders', 'post', '201')).toEqual(
      expect.arrayContaining([
        operationRef('GET /api/purchase-orders/{orderNumber}'),
        operationRef('POST /api/purchase-orders/{orderNumber}/close'),
      ]),
    );
    expect(targets('/api/items/', 'post', '201')).toEqual(
      expect.arrayContaining([operationRef('GET /api/items/{key}'), operationRef('PATCH /api/items/{key}')]),
    );
  });

  test("each link leads to an operation of the document, fills only that operation's path parameters, all of them, from fields the response declares", () => {
    const problems = Object.entries(paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).flatMap(([method, operation]) =>
        Object.entries(operation.responses).flatMap(([status, response]) =>
          Object.entries(response.links ?? {}).flatMap(([name, link]) => {
            const label = `${method.toUpperCase()} ${path} ${status} ${name}`;
            const target = resolve(link.operationRef);
            if (!target) return [`${label}: no operation at ${link.operationRef}`];
            const pathParams = (target.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
            const given = Object.keys(link.parameters ?? {});
            const schema = response.content?.['application/json']?.schema;
            const expressions = [...Object.values(link.parameters ?? {}), ...bodyExpressions(link.requestBody)];
            return [
              ...given.filter((p) => !pathParams.includes(p)).map((p) => `${label}: ${p} is no path parameter`),
              ...pathParams.filter((p) => !given.includes(p)).map((p) => `${label}: ${p} not filled`),
              ...expressions
                .filter((e) => !declares(schema, e.replace('$response.body#/', '')))
                .map((e) => `${label}: the response declares no ${e}`),
            ];
          }),
        ),
      ),
    );
    expect(problems).toEqual([]);
  });

  test('a route URL finds its links with or without the trailing slash of a prefix root', () => {
    expect(openApiPath('/api/orders/:orderNumber/lines')).toBe('/api/orders/{orderNumber}/lines');
    expect(Object.keys(linksOf('POST', '/api/orders')?.['201'] ?? {})).toContain('Cancel');
    expect(Object.keys(linksOf('POST', '/api/orders/')?.['201'] ?? {})).toContain('Cancel');
    expect(linksOf('GET', '/api/orders')).toBeUndefined();
    expect(operationRef('GET /api/orders/{orderNumber}')).toBe('#/paths/~1api~1orders~1{orderNumber}/get');
  });
});
