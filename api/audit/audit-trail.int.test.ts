import { chainHash, contentHash, GENESIS_CHAIN_HASH } from '../../db/audit/canonical';
import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';

jest.setTimeout(120_000);

/**
 * The auditor's trail over HTTP (issue 18, item 2): search by user, action, document, process and time, sorted and
 * paged on the server; CSV and JSON exports carry each row's chain hashes, which recompute from the exported row.
 * Every assertion is scoped to this run's own actor (the shared test database holds every other file's audit rows).
 */
const t = useTestApp({ worker: false });
const auditor = t.headers('auditor');
const admin = t.headers('admin');
const clerk = t.headers('clerk');

const run = `${process.pid}-${Date.now() % 1_000_000}`;
const actor = `trail-${run}`;
const workflowId = `trail-wf-${run}`;

interface TrailRow {
  id: number;
  seq: number | null;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  workflowId: string | null;
  details: unknown;
  contentHash: string | null;
  previousHash: string | null;
  chainHash: string | null;
}
interface TrailPage {
  items: TrailRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** Four rows of this run's actor on three days of a past month (audit rows are only ever inserted). */
const ROWS = [
  { at: '2025-03-10T08:00:00.000001Z', action: 'trail-test.created', entityId: `DOC-${run}-1`, workflowId: null },
  { at: '2025-03-11T09:30:00Z', action: 'trail-test.approved', entityId: `DOC-${run}-1`, workflowId },
  { at: '2025-03-11T23:59:59.5Z', action: 'trail-test.created', entityId: `DOC-${run}-2`, workflowId: null },
  { at: '2025-03-12T00:00:00Z', action: 'trail-test.created', entityId: `DOC-${run}-3`, workflowId: null },
];

beforeAll(async () => {
  for (const row of ROWS) {
    await query(
      t.orm.em.fork(),
      `insert into audit_log (at, actor, action, entity_type, entity_id, workflow_id, details)
       values (?::timestamptz, ?, ?, 'trail_test', ?, ?, ?::jsonb)`,
      [row.at, actor, row.action, row.entityId, row.workflowId, JSON.stringify({ note: `row ${row.entityId}`, n: 1 })],
    );
  }
});

const get = (url: string, headers: Record<string, string> | null = auditor) =>
  t.app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });

async function page(params: Record<string, string | number>, headers = auditor): Promise<TrailPage> {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const response = await get(`/api/audit/trail?${search.toString()}`, headers);
  expect(response.statusCode).toBe(200);
  return response.json<TrailPage>();
}

describe('GET /api/audit/trail', () => {
  test('filters by user, action, document, process and time range', async () => {
    expect((await page({ actor })).total).toBe(4);
    const created = await page({ actor, action: 'trail-test.created' });
    expect(created.total).toBe(3);
    expect(created.items.every((row) => row.action === 'trail-test.created' && row.actor === actor)).toBe(true);

    const document = await page({ actor, entityType: 'trail_test', entityId: `DOC-${run}-1` });
    expect(document.items.map((row) => row.action).sort()).toEqual(['trail-test.approved', 'trail-test.created']);

    const process = await page({ workflowId });
    expect(process.items).toHaveLength(1);
    expect(process.items[0]).toMatchObject({ actor, action: 'trail-test.approved', workflowId });

    // A day is the whole UTC day: the 11th holds the 09:30 row and the one half a second before midnight.
    const day = await page({ actor, from: '2025-03-11', to: '2025-03-11', sort: 'at' });
    expect(day.items.map((row) => row.at)).toEqual(['2025-03-11T09:30:00.000000Z', '2025-03-11T23:59:59.500000Z']);
    // Instants are inclusive at both ends, to the microsecond.
    const instants = await page({ actor, from: '2025-03-10T09:00:00.000001+01:00', to: '2025-03-11T09:30:00Z' });
    expect(instants.total).toBe(2);
    expect((await page({ actor, from: '2025-03-10T08:00:00.000002Z', to: '2025-03-11T09:30:00' })).total).toBe(1);
    expect((await page({ actor, from: '2025-03-12' })).total).toBe(1);
    // The search text matches the document too.
    expect((await page({ actor, q: `DOC-${run}-3` })).items.map((row) => row.entityId)).toEqual([`DOC-${run}-3`]);
  });

  test('sorts on the server (newest first by default) and pages without overlap', async () => {
    const newest = await page({ actor });
    expect(newest.items.map((row) => row.at)).toEqual([...ROWS.map((r) => r.at)].reverse().map(micro));
    const oldest = await page({ actor, sort: 'at' });
    expect(oldest.items.map((row) => row.at)).toEqual(ROWS.map((r) => micro(r.at)));
    const byDocument = await page({ actor, sort: '-entityId' });
    expect(byDocument.items[0]?.entityId).toBe(`DOC-${run}-3`);

    const first = await page({ actor, sort: 'at', pageSize: 3, page: 1 });
    const second = await page({ actor, sort: 'at', pageSize: 3, page: 2 });
    expect(first).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(first.items).toHaveLength(3);
    expect(second.items.map((row) => row.at)).toEqual([micro(ROWS[3]!.at)]);
  });

  test('an action done through the API shows under the authenticated user, sealed, with its hashes', async () => {
    const sku = `TRAIL-${run}`;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/items',
      headers: admin,
      payload: { sku, name: `Trail item ${sku}`, uom: 'PCS', category: 'hardware', lotTracked: false },
    });
    expect(created.statusCode).toBe(201);
    const found = await page({ actor: 'admin', action: 'item.created', entityId: sku });
    expect(found.total).toBe(1);
    const [row] = found.items;
    expect(row).toMatchObject({ actor: 'admin', entityType: 'item', entityId: sku, workflowId: null });
    expect(row?.seq).toEqual(expect.any(Number));
    expect(row?.chainHash).toBe(chainHash(row!.previousHash!, row!.contentHash!));
  });

  test('exports the filtered rows as CSV and JSON, each with its chain position, previous hash and chain hash', async () => {
    const csv = await get(`/api/audit/trail/export.csv?actor=${actor}&sort=at`, admin);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('audit-trail.csv');
    const [header, ...lines] = csv.body.trim().split('\r\n');
    expect(header).toBe(
      'id,seq,at,actor,action,entityType,entityId,workflowId,details,contentHash,previousHash,chainHash',
    );
    expect(lines).toHaveLength(4);

    const json = await get(`/api/audit/trail/export.json?actor=${actor}&sort=at`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    const rows = json.json<TrailRow[]>();
    expect(rows.map((row) => row.at)).toEqual(ROWS.map((r) => micro(r.at)));
    for (const [index, row] of rows.entries()) {
      // The exported row alone recomputes its content hash, and its link to the previous position.
      expect(row.seq).toEqual(expect.any(Number));
      const { id, at, entityType, entityId, details } = row;
      const content = {
        id,
        at,
        actor: row.actor,
        action: row.action,
        entityType,
        entityId,
        workflowId: row.workflowId,
      };
      expect(contentHash({ ...content, details })).toBe(row.contentHash);
      expect(chainHash(row.previousHash!, row.contentHash!)).toBe(row.chainHash);
      const [previous] = await query<{ chain_hash: string }>(
        t.orm.em.fork(),
        'select chain_hash from audit_seal where seq = ?',
        [row.seq! - 1],
      );
      expect(row.previousHash).toBe(previous?.chain_hash ?? GENESIS_CHAIN_HASH);
      // The CSV line says the same: its last three fields are the hashes.
      const fields = lines[index]!.split(',');
      expect(fields[0]).toBe(String(row.id));
      expect(fields[1]).toBe(String(row.seq));
      expect(fields.slice(-3)).toEqual([row.contentHash, row.previousHash, row.chainHash]);
    }

    // A period's trail: only the rows of the days asked for.
    const period = await get(`/api/audit/trail/export.json?actor=${actor}&from=2025-03-11&to=2025-03-11`);
    expect(
      period
        .json<TrailRow[]>()
        .map((row) => row.entityId)
        .sort(),
    ).toEqual([`DOC-${run}-1`, `DOC-${run}-2`]);
    const none = await get(`/api/audit/trail/export.json?actor=${actor}&from=2024-01-01&to=2024-01-31`);
    expect(none.json()).toEqual([]);
  });

  test('a clerk is refused (403), an anonymous caller is not signed in (401)', async () => {
    for (const url of ['/api/audit/trail', '/api/audit/trail/export.csv', '/api/audit/trail/export.json']) {
      expect((await get(url, clerk)).statusCode).toBe(403);
      expect((await get(url, null)).statusCode).toBe(401);
    }
  });

  test('a bad filter is refused with 400 naming the field', async () => {
    const refused = async (url: string, field: string) => {
      const response = await get(url);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: string; field: string } }>().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        field,
      });
    };
    await refused('/api/audit/trail?from=yesterday', 'from');
    await refused('/api/audit/trail?to=2025-02-30', 'to');
    await refused('/api/audit/trail?sort=password', 'sort');
    await refused('/api/audit/trail?pageSize=5000', 'pageSize');
    await refused(`/api/audit/trail?actor=${'x'.repeat(65)}`, 'actor');
    await refused('/api/audit/trail?from=2025-03-12&to=2025-03-11', 'to');
    await refused('/api/audit/trail/export.csv?from=2025-13-01', 'from');
    await refused('/api/audit/trail/export.json?to=2025-03-11T25:00:00Z', 'to');
    await refused('/api/audit/trail?from=0000-01-01', 'from');
    await refused('/api/audit/trail?to=9999-12-31', 'to');
    await refused(`/api/audit/trail?to=${encodeURIComponent('2025-03-11T10:00:00+23:00')}`, 'to');
  });
});

/** The trail's `at`: UTC to the microsecond. */
function micro(at: string): string {
  const [whole, fraction = ''] = at.replace('Z', '').split('.');
  return `${whole}.${fraction.padEnd(6, '0')}Z`;
}
