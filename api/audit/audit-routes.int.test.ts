import { randomUUID } from 'node:crypto';
import { parseCheckpoints } from '../../db/audit/checkpoints';
import { AuditEntry } from '../../db/entities/audit';
import { query } from '../../db/sql';
import { useTestApp } from '../../test/support/int-env';

/** The audit chain over HTTP: auditors (and admins) verify and export checkpoints; other roles are refused. */
const t = useTestApp({ worker: false });
const auditor = t.headers('auditor');
const admin = t.headers('admin');
const clerk = t.headers('clerk');

describe('GET /api/audit', () => {
  test('verify seals the newest rows, walks the chain and says how many positions verified', async () => {
    const entry = Object.assign(new AuditEntry(), {
      actor: 'audit-route-test',
      action: 'audit-route.test',
      entityType: 'audit_route_test',
      entityId: randomUUID(),
    });
    await t.orm.em.fork().persist(entry).flush();
    const response = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: auditor });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ ok: boolean; verified: number; head: { seq: number } | null }>();
    expect(body.ok).toBe(true);
    expect(body.verified).toBe(body.head?.seq);
    const [seal] = await query<{ seq: number }>(t.orm.em.fork(), `select seq from audit_seal where audit_id = ?`, [
      entry.id,
    ]);
    expect(Number(seal?.seq)).toBeLessThanOrEqual(body.verified);
  });

  test('checkpoints export as JSON and as CSV with the same heads, and the last one is the chain head', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/api/audit/checkpoints', headers: admin });
    expect(json.statusCode).toBe(200);
    const csv = await t.app.inject({ method: 'GET', url: '/api/audit/checkpoints/export.csv', headers: auditor });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const fromJson = parseCheckpoints(json.body);
    const fromCsv = parseCheckpoints(csv.body);
    expect(fromJson.length).toBeGreaterThan(0);
    // A row audited between the two calls may move today's head on; every earlier day is the same in both.
    expect(fromCsv.slice(0, -1)).toEqual(fromJson.slice(0, -1));
    const [head] = await query<{ seq: number }>(t.orm.em.fork(), `select max(seq) as seq from audit_seal`);
    expect(fromCsv.at(-1)?.seq).toBeLessThanOrEqual(Number(head?.seq));
  });

  test('other roles and anonymous callers are refused', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: clerk })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit/checkpoints' })).statusCode).toBe(401);
    const csv = await t.app.inject({ method: 'GET', url: '/api/audit/checkpoints/export.csv', headers: clerk });
    expect(csv.statusCode).toBe(403);
  });
});
