/**
 * Set-up of the MRP journeys the console cannot do: a made item with a bill of two bought components (each with a
 * preferred supplier), on the platform's own database (exported by the e2e global set-up), and the API calls that
 * place the customer order and start a run as a planner would through the API.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../../db/orm';
import { query } from '../../../db/sql';
import { plainItem } from '../../../test/support/stock';
import { BASE_URL } from './browser';
import { DEMO_PASSWORD } from './pages';

/** Runs `body` on the platform's own database. */
export async function withE2eOrm<T>(body: (orm: MikroORM) => Promise<T>): Promise<T> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run the journeys through the e2e Jest project');
  const orm = await openOrm(databaseUrl, { pool: { min: 0, max: 2 } });
  try {
    return await body(orm);
  } finally {
    await orm.close(true);
  }
}

/** The items of a planner's world: a made item and the two bought components of its bill. */
export interface MrpWorld {
  made: string;
  /** Two per made item. */
  bracket: string;
  /** One per made item. */
  bolt: string;
}

/**
 * A made item (lead time 2 days, one routing operation) whose bill takes 2 brackets and 1 bolt, both bought from the
 * first active supplier (preferred, 1 day, at 2.00). Nothing on hand, nothing on order: a customer order of n makes n, buys 2n brackets and n bolts.
 */
export async function mrpWorld(label: string): Promise<MrpWorld> {
  const S = `${Date.now() % 1_000_000}`;
  const world = { made: `${label}-LAMP-${S}`, bracket: `${label}-BRKT-${S}`, bolt: `${label}-BOLT-${S}` };
  await withE2eOrm(async (orm) => {
    await plainItem(orm, world.made, { name: `Desk lamp ${S}` });
    await plainItem(orm, world.bracket, { name: `Lamp bracket ${S}` });
    await plainItem(orm, world.bolt, { name: `Lamp bolt ${S}` });
    const em = orm.em.fork();
    await query(em, `update item set supply_type = 'make', lead_time_days = 2 where sku = ?`, [world.made]);
    const [bom] = await query<{ id: number }>(
      em,
      `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
       select id, 1, current_date - 30, false, 'tester', now() from item where sku = ? returning id`,
      [world.made],
    );
    for (const [lineNo, sku, quantityPer] of [
      [1, world.bracket, 2],
      [2, world.bolt, 1],
    ] as const) {
      await query(
        em,
        `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
         select ?, ?, id, ?, 0 from item where sku = ?`,
        [bom?.id, lineNo, quantityPer, sku],
      );
      await query(
        em,
        `insert into item_supplier (item_id, supplier_id, price, lead_time_days, preferred, active, created_at)
         select i.id, (select id from supplier where active order by id limit 1), 2, 1, true, true, now()
           from item i where i.sku = ?`,
        [sku],
      );
    }
    await madeOnOneCentre(em, world.made, S);
  });
  return world;
}

/** A routing of one operation on a work centre of its own, so a production order can be released for the item. */
async function madeOnOneCentre(em: Parameters<typeof query>[0], sku: string, suffix: string): Promise<void> {
  const [centre] = await query<{ id: number }>(
    em,
    `insert into work_centre (code, name, active, created_at) values (?, ?, true, now()) returning id`,
    [`MWC${suffix}`, `Lamp bench ${suffix}`],
  );
  await query(
    em,
    `insert into work_centre_rate (work_centre_id, effective_from, labour_rate, overhead_rate, created_by, created_at)
     values (?, current_date - 400, 30, 10, 'tester', now())`,
    [centre?.id],
  );
  const [routing] = await query<{ id: number }>(
    em,
    `insert into routing (item_id, version, effective_from, created_by, created_at)
     select id, 1, current_date - 30, 'tester', now() from item where sku = ? returning id`,
    [sku],
  );
  await query(
    em,
    `insert into routing_operation (routing_id, seq, work_centre_id, description, setup_hours, run_hours_per_unit)
     values (?, 10, ?, 'Assemble', 0.5, 0.25)`,
    [routing?.id, centre?.id],
  );
}

async function call<T>(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function signIn(username: string): Promise<Record<string, string>> {
  const { token } = await call<{ token: string }>('POST', '/api/auth/login', {}, { username, password: DEMO_PASSWORD });
  return { authorization: `Bearer ${token}` };
}

/** A clerk places a one-line order through the API (its process starts; nothing on hand, the line stays open). */
export async function placeCustomerOrder(customerCode: string, sku: string, quantity: number): Promise<string> {
  const placed = await call<{ orderNumber: string }>('POST', '/api/orders', await signIn('clerk'), {
    customerCode,
    lines: [{ itemSku: sku, quantity }],
  });
  return placed.orderNumber;
}

/** A planner starts a live MRP run through the API (daily buckets from today): its process plans and asks review. */
export async function startMrpRun(key: string): Promise<{ id: number; workflowId: string }> {
  const headers = { ...(await signIn('planner')), 'idempotency-key': key };
  return call('POST', '/api/mrp-runs', headers, { bucketSize: 'day', bucketCount: 21 });
}
