import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';

/** Codes that exist in the fuzzed database, by kind: what a realistic request names. */
export type TestData = Record<'customers' | 'items' | 'suppliers' | 'warehouses' | 'locations', string[]>;

const SOURCES: Array<[keyof TestData, string, string]> = [
  ['customers', '/api/customers?pageSize=200', 'code'],
  ['items', '/api/items?pageSize=200', 'sku'],
  ['suppliers', '/api/suppliers?pageSize=200', 'code'],
  ['warehouses', '/api/warehouses?pageSize=200', 'code'],
  ['locations', '/api/locations?pageSize=200', 'code'],
];

/** Reads the codes of the demo master data through the API itself (signed in as the demo administrator). */
export async function liveTestData(app: FastifyInstance): Promise<TestData> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`signing in as admin: ${login.statusCode} ${login.body}`);
  const headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
  const data = {} as TestData;
  for (const [kind, url, field] of SOURCES) {
    const response = await app.inject({ method: 'GET', url, headers });
    if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
    data[kind] = response.json<{ items: Array<Record<string, unknown>> }>().items.map((row) => String(row[field]));
  }
  await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
  return data;
}

/**
 * Where requests take those codes: the body fields and path parameters that name a customer, an item, a supplier, a
 * warehouse or a location. Schemathesis draws from the dictionary with the given probability and generates freely
 * otherwise, so the fuzzer both gets past "unknown customer" to the order's own logic (and so creates orders for the
 * stateful phase to change and cancel) and still tries names that do not exist.
 */
const BINDINGS: Array<[string, keyof TestData]> = [
  ['body.customerCode', 'customers'],
  ['body.itemSku', 'items'],
  ['body.lines[*].itemSku', 'items'],
  ['body.supplierCode', 'suppliers'],
  ['body.warehouseCode', 'warehouses'],
  ['body.warehouse', 'warehouses'],
  ['body.locationCode', 'locations'],
  ['body.fromLocation', 'locations'],
  ['body.toLocation', 'locations'],
  ['path.sku', 'items'],
  ['path.warehouse', 'warehouses'],
  ['query.sku', 'items'],
  ['query.itemSku', 'items'],
  ['query.warehouse', 'warehouses'],
  ['query.customerCode', 'customers'],
  ['query.supplierCode', 'suppliers'],
];

const toml = (value: string) => JSON.stringify(value);

/** The `[dictionaries]` and `[parameters]` of a Schemathesis configuration file for this data. */
export function testDataConfig(data: TestData, probability = 0.7): string {
  const lines: string[] = [];
  for (const [kind, values] of Object.entries(data)) {
    if (values.length === 0) continue;
    lines.push(`[dictionaries.${kind}]`, `values = [${values.map(toml).join(', ')}]`, '');
  }
  lines.push('[parameters]');
  for (const [key, kind] of BINDINGS) {
    if (data[kind].length === 0) continue;
    lines.push(`${toml(key)} = { dictionary = ${toml(kind)}, probability = ${probability} }`);
  }
  lines.push('');
  return lines.join('\n');
}
