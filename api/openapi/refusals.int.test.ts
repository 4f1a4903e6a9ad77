import { createTestApp, login, type TestApp } from '../../test/support/int-env';

/**
 * Bad input is refused with a 400 that names every problem, never answered with a 500: schema validation lists
 * all its issues, a NUL character anywhere is refused before PostgreSQL sees it, absurd page numbers and ids
 * are refused, and a rule dry-run with bad facts lists each bad fact.
 */
let t: TestApp;
let admin: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
}, 60_000);

afterAll(() => t.close());

type Refusal = { error: { code: string; field?: string; message: string; details: Array<{ path: string }> } };

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await t.app.inject({ method, url, headers: admin, payload: payload as object });
  return { status: response.statusCode, body: response.json<Refusal>() };
}

const paths = (body: Refusal) => body.error.details.map((detail) => detail.path);

test('a refused body lists every problem with its path, the first also in field', async () => {
  const { status, body } = await call('POST', '/api/orders', {
    customerCode: '',
    requestedDate: '2026-02-30',
    lines: [{ itemSku: 'X', quantity: -1 }, { quantity: 2 }],
  });
  expect(status).toBe(400);
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(paths(body)).toEqual(
    expect.arrayContaining(['customerCode', 'requestedDate', 'lines[0].quantity', 'lines[1].itemSku']),
  );
  expect(body.error.field).toBe(body.error.details[0]?.path);
  expect(body.error.message).toMatch(/and \d+ more problems/);
});

test('a quantity too small for the books to hold is refused naming it (Schemathesis: 5e-324 answered 500)', async () => {
  const { status, body } = await call('POST', '/api/orders', {
    customerCode: 'C-BOLT',
    requestedDate: '0020-02-29',
    lines: [{ itemSku: 'FOOD-001', quantity: 5e-324 }],
  });
  expect([status, body.error.code, body.error.field]).toEqual([400, 'VALIDATION_FAILED', 'lines[0].quantity']);
});

test('query-string problems are listed by parameter name', async () => {
  const { status, body } = await call('GET', '/api/tasks?page=0&pageSize=1000&scope=everyone');
  expect(status).toBe(400);
  expect(paths(body).sort()).toEqual(['page', 'pageSize', 'scope']);
});

test('a NUL character is refused naming the field, in a body, a query string and a path', async () => {
  const order = await call('POST', '/api/orders', {
    customerCode: 'C1',
    lines: [{ itemSku: 'A\u0000B', quantity: 1 }],
  });
  expect([order.status, order.body.error.code, order.body.error.field]).toEqual([
    400,
    'VALIDATION_FAILED',
    'lines[0].itemSku',
  ]);
  const list = await call('GET', '/api/processes?processType=order%00Fulfillment');
  expect([list.status, list.body.error.field]).toEqual([400, 'processType']);
  const one = await call('GET', '/api/orders/SO-%00');
  expect([one.status, one.body.error.field]).toEqual([400, 'orderNumber']);
  const key = await call('POST', '/api/rule-sets/allocation/versions/1/dry-run', { facts: { 'a\u0000': 1 } });
  expect([key.status, key.body.error.field]).toEqual([400, 'facts.a\u0000']);
});

test('a page far past the last one, or an id past an integer, is refused naming it', async () => {
  const page = await call('GET', '/api/orders?page=274877906945');
  expect([page.status, page.body.error.field]).toEqual([400, 'page']);
  const version = await call('GET', '/api/rule-sets/allocation/versions/274877906945');
  expect([version.status, version.body.error.field]).toEqual([400, 'version']);
  const lastPage = await call('GET', '/api/processes?page=100000&pageSize=200');
  expect(lastPage.status).toBe(200);
});

test('a rule dry-run with bad facts lists every bad fact in details', async () => {
  const { status, body } = await call('POST', '/api/rule-sets/allocation/versions/1/dry-run', {
    facts: { 'customer.code': 42, 'no.such.fact': true },
  });
  expect(status).toBe(400);
  expect(body.error.code).toBe('RULE_FACTS_INVALID');
  expect(body.error.details.length).toBeGreaterThanOrEqual(2);
  expect(paths(body)).toEqual(expect.arrayContaining(['facts["customer.code"]', 'facts["no.such.fact"]']));
  expect(body.error.field).toBe(body.error.details[0]?.path);
});
