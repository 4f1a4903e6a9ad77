import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installErrorHandler } from './error-handler';

/** A route with the API's validation and its one error handler, and nothing else (no database). */
async function appWithRoute(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.patch(
    '/orders/:orderNumber/lines',
    {
      schema: {
        params: z.object({ orderNumber: z.string().max(5) }),
        body: z.object({ lines: z.array(z.object({ lineNo: z.int(), quantity: z.number().positive() })).min(1) }),
      },
    },
    async () => ({ ok: true }),
  );
  await app.ready();
  return app;
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await appWithRoute();
});
afterAll(() => app.close());

interface Refusal {
  error: { code: string; message: string; field?: string; details: Array<{ path: string; message: string }> };
}

describe('a refused input names its field', () => {
  // npm run fuzz found it: a PATCH without a body (and any body that is no object) was refused with
  // `details: [{ path: '' }]` and no `field`, naming nothing for its caller to fix.
  test.each([
    ['no body at all', undefined],
    ['a body that is no object', [1, 2]],
    ['a JSON null', 'null'],
  ])('%s: 400 naming `body`', async (_label, payload) => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/orders/A1/lines',
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    });
    const { error } = response.json<Refusal>();
    expect(response.statusCode).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe('body');
    expect(error.details[0]?.path).toBe('body');
    expect(error.message).toMatch(/^body: /);
  });

  test('a problem inside the body still names its own field path', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/orders/A1/lines',
      payload: { lines: [{ lineNo: 1, quantity: -1 }] },
    });
    const { error } = response.json<Refusal>();
    expect([response.statusCode, error.field, error.details.map((d) => d.path)]).toEqual([
      400,
      'lines[0].quantity',
      ['lines[0].quantity'],
    ]);
    expect(error.message).toMatch(/^body\.lines\[0\]\.quantity: /);
  });

  test('a path parameter names itself', async () => {
    const response = await app.inject({ method: 'PATCH', url: '/orders/TOO-LONG/lines', payload: { lines: [] } });
    const { error } = response.json<Refusal>();
    expect([response.statusCode, error.field]).toEqual([400, 'orderNumber']);
  });
});
