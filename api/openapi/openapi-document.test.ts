import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { buildApp } from '../app';

interface Operation {
  summary?: string;
  description?: string;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  'x-roles'?: string[];
  'x-error-codes'?: string[];
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
}

/** The OpenAPI document as the API serves it; building the routes needs no database or Temporal connection. */
async function openApiDocument(): Promise<{ app: FastifyInstance; paths: Record<string, Record<string, Operation>> }> {
  const app = await buildApp({
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
  return { app, paths: (app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }).paths };
}

let app: FastifyInstance;
let operations: Array<[string, Operation]>;

beforeAll(async () => {
  const document = await openApiDocument();
  app = document.app;
  operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      operation,
    ]),
  );
}, 60_000);

afterAll(() => app.close());

describe('the OpenAPI document', () => {
  test('documents every /api operation', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter(([name]) => !name.includes(' /api/')).map(([name]) => name)).toEqual([]);
  });

  test('every operation has a summary, a description that names its roles, and its roles', () => {
    const undocumented = operations
      .filter(
        ([, op]) => !op.summary?.trim() || !/\S.*\n\nRoles: /s.test(op.description ?? '') || !op['x-roles']?.length,
      )
      .map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  test('every operation declares a success status and its 4xx error responses with their codes', () => {
    const missing = operations.flatMap(([name, op]) => {
      const statuses = Object.keys(op.responses);
      const problems: string[] = [];
      if (!statuses.some((status) => /^2\d\d$/.test(status))) problems.push(`${name}: no success status`);
      if (!statuses.some((status) => /^4\d\d$/.test(status))) problems.push(`${name}: no 4xx status`);
      if (!statuses.includes('500')) problems.push(`${name}: no 500`);
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
        const described = op.responses[status]?.description ?? '';
        if (!/: [A-Z_]+/.test(described)) problems.push(`${name} ${status}: no error codes listed`);
      }
      return problems;
    });
    expect(missing).toEqual([]);
  });

  test('signed-in operations declare 401 and 403; operations with input declare 400 VALIDATION_FAILED', () => {
    const missing = operations.flatMap(([name, op]) => {
      const codes = op['x-error-codes'] ?? [];
      const problems: string[] = [];
      const isPublic = op['x-roles']?.includes('public');
      if (!isPublic && !(op.responses['401'] && op.responses['403'])) problems.push(`${name}: no 401/403`);
      if (!name.startsWith('GET ') && !codes.includes('VALIDATION_FAILED')) problems.push(`${name}: no 400`);
      return problems;
    });
    expect(missing).toEqual([]);
  });

  test('every create call documents the optional Idempotency-Key header, its 409 and the 503 of an unreachable engine', () => {
    const creates = [
      'POST /api/orders/',
      'POST /api/orders/{orderNumber}/merge',
      'POST /api/orders/{orderNumber}/split',
      'POST /api/purchase-orders',
      'POST /api/stock/moves',
    ];
    const missing = creates.flatMap((name) => {
      const op = operations.find(([candidate]) => candidate === name)?.[1];
      if (!op) return [`${name}: not documented`];
      const header = op.parameters?.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
      const codes = op['x-error-codes'] ?? [];
      return [
        ...(header && !header.required ? [] : [`${name}: no optional Idempotency-Key header`]),
        ...(codes.includes('IDEMPOTENCY_KEY_REUSED') ? [] : [`${name}: no 409 IDEMPOTENCY_KEY_REUSED`]),
        ...(codes.includes('PROCESS_UNAVAILABLE') && op.responses['503']
          ? []
          : [`${name}: no 503 PROCESS_UNAVAILABLE`]),
      ];
    });
    expect(missing).toEqual([]);
  });
});
