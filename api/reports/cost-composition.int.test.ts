import type { FastifyInstance } from 'fastify';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { buildApp } from '../app';
import { createTemporalClient } from '../temporal';
import { openOrm } from '../../db/orm';
import { seedDemoData } from '../../db/seeds/seed';
import { num, query } from '../../db/sql';
import { postJournal } from '../../db/accounting/journal';
import { freshBooks, type FreshBooks } from '../../test/support/fresh-books';
import { intEnv, login } from '../../test/support/int-env';

jest.setTimeout(120_000);

/**
 * Cost composition (成本构成) on books of their own: two production orders of one product and a subcontract order of
 * another, their cost rows, completions, delivery and delivery entry written as the production and subcontracting
 * activities write them, so every figure below is hand-computed. A cost dated before the range is left out.
 */
let books: FreshBooks;
let orm: MikroORM;
let temporal: Client;
let app: FastifyInstance;
const headers: Record<string, { authorization: string }> = {};
const tag = `${process.pid}${Date.now() % 100000}`;
const made = `CC-M-${tag}`;
const bought = `CC-S-${tag}`;
const today = new Date().toISOString().slice(0, 10);

async function one<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await query<T>(em, sql, params);
  return row as T;
}

async function fixtures(em: EntityManager) {
  const { id: warehouse } = await one<{ id: number }>(em, 'select id from warehouse order by id limit 1');
  const { id: supplier } = await one<{ id: number }>(em, 'select id from supplier order by id limit 1');
  const template = await one<{ id: number }>(em, 'select id from item order by id limit 1');
  const copy = async (sku: string) =>
    (
      await one<{ id: number }>(
        em,
        `insert into item select (jsonb_populate_record(null::item, to_jsonb(i) || jsonb_build_object(
            'id', nextval(pg_get_serial_sequence('item', 'id')), 'sku', ?::text, 'name', ?::text))).*
           from item i where id = ? returning id`,
        [sku, `Cost composition ${sku}`, template.id],
      )
    ).id;
  const madeId = await copy(made);
  const boughtId = await copy(bought);
  const order = async (number: string) =>
    (
      await one<{ id: number }>(
        em,
        `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, status, created_by,
                                       created_at, updated_at)
         values (?, ?, 20, ?, current_date, current_date, 'in-progress', 'test', now(), now()) returning id`,
        [number, madeId, warehouse],
      )
    ).id;
  const a = await order(`PA-${tag}`);
  const b = await order(`PB-${tag}`);
  let n = 0;
  const cost = (orderId: number, kind: string, amount: number, at = 'now()') =>
    query(
      em,
      `insert into production_cost (production_order_id, kind, amount, reported_by, effective_at, idempotency_key, created_at)
       values (?, ?, ?, 'test', ${at}, ?, now())`,
      [orderId, kind, amount, `cc-${tag}-${++n}`],
    );
  const completion = (orderId: number, good: number) =>
    query(
      em,
      `insert into production_report (production_order_id, kind, good_quantity, reported_by, reported_at, task_id)
       values (?, 'completion', ?, 'test', now(), ?)`,
      [orderId, good, `cc-${tag}-${++n}`],
    );
  await cost(a, 'material', 100);
  await cost(a, 'backflush', 20);
  await cost(a, 'return', -5);
  await cost(a, 'labour', 30);
  await cost(a, 'overhead', 12.5);
  await cost(a, 'absorption', 7.25);
  await cost(a, 'completion', -150); // out of WIP into stock: not a cost element
  await completion(a, 10);
  await cost(b, 'material', 50);
  await cost(b, 'labour', 10);
  await cost(b, 'material', 999, `timestamptz '2025-01-15 12:00Z'`); // before the range
  await completion(b, 5);

  const sc = await one<{ id: number }>(
    em,
    `insert into subcontract_order (order_number, supplier_id, item_id, quantity, due_date, fee_per_unit, warehouse_id,
                                    status, workflow_id, created_by, created_at, updated_at)
     values (?, ?, ?, 8, current_date, 5, ?, 'received', ?, 'test', now(), now()) returning id`,
    [`SC-${tag}`, supplier, boughtId, warehouse, `subcontract-cc-${tag}`],
  );
  await query(
    em,
    `insert into subcontract_delivery (order_id, delivery_no, finished_quantity, received_at, reported_consumed,
                                       reported_scrapped, reported_returned, fee_accrued, idempotency_key, created_at)
     values (?, 1, 8, now(), '[]', '[]', '[]', 40, ?, now())`,
    [sc.id, `cc-${tag}-delivery`],
  );
  // The delivery's entry (POSTINGS.md "subcontract receipt"): Dr 1300 140 finished; Cr 1300 100 components; Cr 2300 40.
  await postJournal(em, {
    entryDate: new Date(),
    sourceType: 'subcontract-order',
    sourceRef: `SC-${tag}`,
    description: 'Subcontract delivery 1 (cost composition test)',
    lines: [
      { account: '1300', debitCents: 14000 },
      { account: '1300', creditCents: 10000 },
      { account: '2300', creditCents: 4000 },
    ],
    idempotencyKey: `subcontract:SC-${tag}:d1:entry`, // the key receive-delivery.ts gives the entry
    createdBy: 'test',
  });
}

beforeAll(async () => {
  const env = intEnv();
  books = await freshBooks('cost_composition');
  await books.orm.em.fork().transactional((em) => seedDemoData(em));
  await books.orm.em.fork().transactional((em) => fixtures(em));
  orm = await openOrm(books.orm.config.getClientUrl());
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  app = await buildApp({
    orm,
    temporal,
    taskQueue: `cost-composition-${process.pid}-${Date.now()}`,
    temporalUiUrl: 'http://127.0.0.1:8233',
    sessionTtlHours: 1,
    pickTaskSlaMinutes: 60,
    logLevel: process.env.MW_TEST_API_LOG ?? 'silent',
  });
  await app.ready();
  for (const user of ['controller', 'clerk']) headers[user] = await login(app, user);
});

afterAll(async () => {
  await app?.close();
  await temporal?.connection.close();
  await orm?.close();
  await books?.drop();
});

const get = (url: string, user = 'controller') => app.inject({ method: 'GET', url, headers: headers[user] });

async function page(params: string) {
  const response = await get(`/api/reports/cost-composition?${params}`);
  expect(response.statusCode).toBe(200);
  return response.json() as { items: Array<Record<string, unknown>>; total: number };
}

test('per order: material, labour, overhead with absorption, subcontract fee, total, completed, unit cost', async () => {
  const { items, total } = await page(`from=${today}&to=${today}&sort=orderNumber`);
  expect(total).toBe(3);
  expect(items).toEqual([
    expect.objectContaining({
      orderNumber: `PA-${tag}`,
      orderType: 'production',
      itemSku: made,
      material: 115,
      labour: 30,
      overhead: 19.75,
      subcontractFee: 0,
      total: 164.75,
      completedQuantity: 10,
      unitCost: 16.475,
    }),
    expect.objectContaining({
      orderNumber: `PB-${tag}`,
      material: 50,
      labour: 10,
      overhead: 0,
      total: 60,
      unitCost: 12,
    }),
    expect.objectContaining({
      orderNumber: `SC-${tag}`,
      orderType: 'subcontract',
      itemSku: bought,
      material: 100,
      labour: 0,
      subcontractFee: 40,
      total: 140,
      completedQuantity: 8,
      unitCost: 17.5,
    }),
  ]);
  // Without a range the cost dated 2025 counts.
  const all = await page(`item=${made}&sort=-total`);
  expect(all.items.map((r) => [r.orderNumber, r.material])).toEqual([
    [`PB-${tag}`, 1049],
    [`PA-${tag}`, 115],
  ]);
});

test('per product roll-up, CSV export, filters and roles', async () => {
  const { items } = await page(`by=product&from=${today}&item=${made}`);
  expect(items).toEqual([
    expect.objectContaining({
      orderNumber: null,
      orders: 2,
      itemSku: made,
      material: 165,
      labour: 40,
      overhead: 19.75,
      total: 224.75,
      completedQuantity: 15,
      unitCost: 14.9833,
    }),
  ]);
  expect((await page(`orderType=subcontract&from=${today}`)).items.map((r) => r.orderNumber)).toEqual([`SC-${tag}`]);

  const csv = await get(`/api/reports/cost-composition/export.csv?by=product&from=${today}&item=${made}`);
  expect(csv.statusCode).toBe(200);
  const lines = csv.body.split('\r\n');
  expect(lines[0]).toBe(
    'Order,Type,Orders,Item,Name,Status,Material,Labour,Overhead,Subcontract fee,Total,Completed quantity,Unit cost',
  );
  expect(lines[1]).toMatch(new RegExp(`^,,2,${made},.*,165\\.00,40\\.00,19\\.75,0\\.00,224\\.75,15,14\\.9833$`));

  for (const [field, day] of [
    ['from', '2026-13-01'],
    ['to', '2026-02-31'],
  ]) {
    const bad = await get(`/api/reports/cost-composition?${field}=${day}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  }
  expect((await get('/api/reports/cost-composition', 'clerk')).statusCode).toBe(403);
  expect(num((await page('sort=unitCost')).total)).toBe(3);
});
