import { type EntityManager } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { lockAllocationCandidates } from '../../db/repositories/allocation-repository';
import { num, query } from '../../db/sql';
import { countRows, eventually, useTestApp } from '../../test/support/int-env';
import { openFormTask } from '../../test/support/order-driver';

jest.setTimeout(180_000);

const t = useTestApp();
const admin = t.headers('admin');
const clerk = t.headers('clerk');
// A warehouse of this run's own, so re-runs against the same database never collide.
const wh = `W${process.pid % 100_000}${Date.now() % 1000}`;

type ReceiptTask = { id: string; payload: { dockLocation: string; locations?: string[] } };

const post = (url: string, payload: object, headers = admin) => t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers = admin) => t.app.inject({ method: 'GET', url, headers });
const csv = (url: string, body: string) =>
  t.app.inject({ method: 'POST', url, headers: { ...admin, 'content-type': 'text/csv' }, payload: body });
const fieldsOf = (body: { error: { details?: Array<{ path: string }> } }) =>
  (body.error.details ?? []).map((detail) => detail.path).sort();

async function onHandAt(locationCode: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    t.orm.em.fork(),
    `select coalesce(sum(b.quantity), 0) as n from stock_balance b join location l on l.id = b.location_id
      where l.code = ?`,
    [locationCode],
  );
  return num(row?.n ?? 0);
}

describe('warehouses -> zones -> bins through the API', () => {
  test('created with zones and typed bins, validated field by field, listed, exported and imported', async () => {
    expect((await post('/api/warehouses', { code: wh, name: 'Test site' }, clerk)).statusCode).toBe(403);
    const created = await post('/api/warehouses', { code: wh, name: 'Test site', priority: 50 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ code: wh, name: 'Test site', priority: 50, virtual: false, active: true });
    const again = await post('/api/warehouses', { code: wh, name: 'Again' });
    expect([again.statusCode, again.json().error.code, again.json().error.field]).toEqual([409, 'DUPLICATE', 'code']);
    const bad = await post('/api/warehouses', { code: 'bad code!', name: '', priority: -1 });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())).toEqual(['code', 'name', 'priority']);

    expect((await post(`/api/warehouses/${wh}/zones`, { code: 'A', name: 'Aisle A' })).statusCode).toBe(201);
    const q = await post(`/api/warehouses/${wh}/zones`, { code: 'Q', name: 'Quarantine cage', quarantineArea: true });
    expect(q.json()).toMatchObject({ warehouse: wh, code: 'Q', quarantineArea: true, active: true });
    expect((await post(`/api/warehouses/${wh}/zones`, { code: 'A', name: 'Twice' })).statusCode).toBe(409);
    expect((await post('/api/warehouses/NOPE/zones', { code: 'A', name: 'A' })).statusCode).toBe(404);
    const zones = (await get(`/api/warehouses/${wh}/zones`)).json<{ items: Array<{ code: string }> }>();
    expect(zones.items.map((zone) => zone.code)).toEqual(['A', 'Q']);

    // The storage bin comes first in the walking order: the dock is the dock by its type, not by its position.
    const bins = [
      { code: `${wh}-A01`, zone: 'A', type: 'storage', pickSequence: 0 },
      { code: `${wh}-DOCK`, zone: null, type: 'dock', pickSequence: 50 },
      { code: `${wh}-Q01`, zone: 'Q', type: 'storage', pickSequence: 60 },
    ];
    for (const bin of bins) {
      const response = await post('/api/locations', { ...bin, warehouse: wh });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ ...bin, warehouse: wh, active: true });
    }
    const refused: Array<[Record<string, unknown>, number, string, string]> = [
      [{ code: `${wh}-X1`, warehouse: wh, zone: 'ZZ' }, 400, 'VALIDATION_FAILED', 'zone'],
      [{ code: `${wh}-X1`, warehouse: wh, type: 'virtual' }, 400, 'VALIDATION_FAILED', 'type'],
      [{ code: `${wh}-X1`, warehouse: 'NOPE' }, 400, 'UNKNOWN_WAREHOUSE', 'warehouse'],
      [{ code: `${wh}-A01`, warehouse: wh }, 409, 'DUPLICATE', 'code'],
      [{ code: `${wh}-X1`, warehouse: wh, type: 'shelf' }, 400, 'VALIDATION_FAILED', 'type'],
    ];
    for (const [body, status, code, field] of refused) {
      const response = await post('/api/locations', body);
      expect({
        body,
        status: response.statusCode,
        code: response.json().error.code,
        field: response.json().error.field,
      }).toEqual({ body, status, code, field });
    }

    const listed = (await get(`/api/locations?warehouse=${wh}&sort=-pickSequence`)).json();
    expect(listed.items.map((l: { code: string }) => l.code)).toEqual([`${wh}-Q01`, `${wh}-DOCK`, `${wh}-A01`]);
    expect(listed.total).toBe(3);
    const docks = (await get(`/api/locations?warehouse=${wh}&type=dock`)).json();
    expect(docks.items.map((l: { code: string }) => l.code)).toEqual([`${wh}-DOCK`]);
    expect((await get('/api/locations?sort=colour')).json().error.field).toBe('sort');

    const exported = await get(`/api/locations/export.csv?warehouse=${wh}&sort=pickSequence`);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.body.trim().split(/\r?\n/)).toEqual([
      'code,warehouse,zone,type,pickSequence',
      `${wh}-A01,${wh},A,storage,0`,
      `${wh}-DOCK,${wh},,dock,50`,
      `${wh}-Q01,${wh},Q,storage,60`,
    ]);
    const file = [
      'code,warehouse,zone,type,pickSequence',
      `${wh}-A02,${wh},A,storage,10`,
      `${wh}-A03,${wh},ZZ,storage,x`,
    ];
    const dryRun = await csv('/api/locations/import?mode=apply', file.join('\n'));
    expect(dryRun.statusCode).toBe(400);
    expect(dryRun.json().error.code).toBe('IMPORT_INVALID');
    expect(dryRun.json().error.details.map((d: { line: number; column: string }) => [d.line, d.column])).toEqual(
      expect.arrayContaining([[3, 'pickSequence']]),
    );
    expect(await countRows(t.orm, 'select count(*) as n from location where code = ?', [`${wh}-A02`])).toBe(0);
    const applied = await csv('/api/locations/import?mode=apply', file.slice(0, 2).join('\n'));
    expect(applied.json()).toMatchObject({ mode: 'apply', rows: 1, created: 1, updated: 0, applied: true });
    const warehousesCsv = await get(`/api/warehouses/export.csv?q=${wh}`);
    expect(warehousesCsv.body.trim().split(/\r?\n/)).toEqual([
      'code,name,priority,virtual',
      `${wh},Test site,50,false`,
    ]);

    const audited = await countRows(
      t.orm,
      `select count(*) as n from audit_log where actor = 'admin' and entity_type = 'location' and entity_id like ?`,
      [`${wh}-%`],
    );
    expect(audited).toBe(4);
  });

  test('a receipt lands in the dock by type (not the first bin in walking order); allocation never draws from it', async () => {
    const [item] = await query<{ id: number; sku: string }>(
      t.orm.em.fork(),
      `select id, sku from item where not lot_tracked and active order by sku limit 1`,
    );
    const po = await post(
      '/api/purchase-orders',
      {
        supplierCode: 'S-NORD',
        warehouseCode: wh,
        lines: [{ itemSku: item?.sku, quantity: 7, unitCost: 2 }],
      },
      clerk,
    );
    expect(po.statusCode).toBe(201);
    const { workflowId } = po.json<{ workflowId: string }>();
    const receipt = await openFormTask<ReceiptTask>(t.app, clerk, workflowId, 'goods-receipt');
    expect(receipt.payload.dockLocation).toBe(`${wh}-DOCK`);
    const done = await post(
      `/api/tasks/${receipt.id}/complete`,
      { payload: { lines: [{ lineNo: 1, quantity: 7 }] } },
      clerk,
    );
    expect(done.statusCode).toBe(200);
    await eventually(
      async () => ((await onHandAt(`${wh}-DOCK`)) === 7 ? true : undefined),
      60_000,
      'stock at the dock',
    );
    const putaway = await openFormTask<ReceiptTask>(t.app, clerk, workflowId, 'putaway');
    expect(putaway.payload.dockLocation).toBe(`${wh}-DOCK`);
    expect(putaway.payload.locations).toEqual([`${wh}-A01`, `${wh}-A02`, `${wh}-Q01`]);
    expect(await onHandAt(`${wh}-A01`)).toBe(0);

    // Stock in a bin of the same warehouse is a candidate; the received stock at the dock never is.
    await t.orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: String(item?.sku),
        lot: null,
        toLocation: `${wh}-A01`,
        quantity: 3,
        unitCost: 2,
        effectiveAt: new Date(),
        documentType: 'test',
        documentRef: `bin-${wh}`,
        userName: 'tester',
        idempotencyKey: `test:bin:${wh}`,
      }),
    );
    const candidates = await t.orm.em
      .fork()
      .transactional((em: EntityManager) => lockAllocationCandidates(em, num(item?.id)));
    const here = candidates.filter((c) => c.warehouseCode === wh).map((c) => c.locationCode);
    expect(here).toEqual([`${wh}-A01`]);

    // A location holding stock cannot be deactivated (nor its warehouse); an empty one can, and leaves the list.
    const refused = await post(`/api/locations/${wh}-A01/deactivate`, {});
    expect([refused.statusCode, refused.json().error.code, refused.json().error.field]).toEqual([
      409,
      'LOCATION_HAS_STOCK',
      'code',
    ]);
    expect(refused.json().error.message).toContain(`${wh}-A01`);
    expect((await post(`/api/warehouses/${wh}/deactivate`, {})).statusCode).toBe(409);
    const deactivated = await post(`/api/locations/${wh}-Q01/deactivate`, {});
    expect(deactivated.json()).toMatchObject({ code: `${wh}-Q01`, active: false });
    const active = (await get(`/api/locations?warehouse=${wh}`)).json();
    expect(active.items.map((l: { code: string }) => l.code)).not.toContain(`${wh}-Q01`);
    const typeChange = await t.app.inject({
      method: 'PATCH',
      url: `/api/locations/${wh}-A01`,
      headers: admin,
      payload: { type: 'dock' },
    });
    expect([typeChange.statusCode, typeChange.json().error.field]).toEqual([409, 'type']);
  });
});
