import { calculateRunPlan, type RunSnapshot } from '../../activities/mrp/calculate-plan';
import { queueMrpRun } from '../../db/planning/mrp-run-repository';
import { MrpRun } from '../../db/entities';
import { insertDecisions, versionInForce } from '../../db/rules/rule-repository';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';
import { plainItem } from '../../test/support/stock';
import type { MrpItemGrid, MrpRunDetail, MrpRunSummary, PeggingTree } from './mrp-run-read-schemas';

jest.setTimeout(60_000);

let t: TestApp;
let planner: { authorization: string };
let clerk: { authorization: string };
let runId: number;
type Refusal = { error: { code: string; message: string; field?: string } };

const S = `${Date.now() % 1_000_000}`;
const sku = { bike: `MRR-BIKE-${S}`, frame: `MRR-FRAME-${S}`, tube: `MRR-TUBE-${S}` };
const so = `SO-MRR-${S}/1`;

/**
 * A bike of a frame of three tubes; 10 bikes wanted on 2027-01-25 (week 3 of 8 from 2027-01-04), every lead time a
 * week. Tubes: 4 on hand, 6 on order for 02-15, safety stock 5, bought in fixed lots of 20.
 */
const snapshot: RunSnapshot & { lotSizing: Record<string, unknown> } = {
  items: [
    { sku: sku.bike, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.frame, source: 'make', leadTimeDays: 7, safetyStock: 0, lotSize: { kind: 'lot-for-lot' } },
    { sku: sku.tube, source: 'buy', leadTimeDays: 7, safetyStock: 5, lotSize: { kind: 'fixed', quantity: 20 } },
  ],
  boms: [
    {
      parentSku: sku.bike,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.frame, quantityPer: 1, scrapPercent: 0 }],
    },
    {
      parentSku: sku.frame,
      version: 1,
      phantom: false,
      lines: [{ componentSku: sku.tube, quantityPer: 3, scrapPercent: 0 }],
    },
  ],
  demands: [{ ref: so, kind: 'sales-order', sku: sku.bike, date: '2027-01-25', quantity: 10 }],
  supplies: [
    { ref: `${sku.tube}@L1`, kind: 'on-hand', sku: sku.tube, date: '2027-01-04', quantity: 4 },
    { ref: `PO-MRR-${S}/1`, kind: 'purchase-order', sku: sku.tube, date: '2027-02-15', quantity: 6 },
  ],
  lotSizing: { ruleSetId: 0, ruleSetCode: 'lot-sizing', version: 3, contentHash: 'x' },
};

const get = async <T>(url: string, headers = planner) => {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json<T>(), text: response.body };
};

beforeAll(async () => {
  t = await createTestApp();
  planner = await login(t.app, 'planner');
  clerk = await login(t.app, 'clerk');
  for (const name of Object.values(sku)) await plainItem(t.orm, name, { name });
  const em = t.orm.em.fork();
  const run = await queueMrpRun(em, {
    asOf: '2027-01-04',
    bucketSize: 'week',
    bucketCount: 8,
    simulation: false,
    workflowId: null,
    requestedBy: 'planner',
  });
  runId = run.id;
  // The snapshot step's outcome, recorded by hand so the figures below can be checked by hand.
  await em.nativeUpdate(MrpRun, run.id, {
    snapshot: snapshot as unknown as Record<string, unknown>,
    status: 'calculating',
  });
  await calculateRunPlan(() => t.orm.em.fork(), runId);
  // The tube's lot-sizing decision, stored under the run's business key as the snapshot step stores it.
  const version = await versionInForce(em, 'lot-sizing', new Date('2027-01-04T23:59:59Z'));
  await insertDecisions(em, [
    {
      ruleSetId: version.ruleSetId,
      ruleSetType: 'lot-sizing',
      version: version.version,
      contentHash: version.contentHash,
      workflowId: null,
      businessKey: `MRP-${runId}:${sku.tube}`,
      facts: { sku: sku.tube },
      firedRules: [],
      result: { sku: sku.tube, reason: 'fixed 20: tubes come in bundles of 20' },
    },
  ]);
});

afterAll(async () => t?.close());

describe('MRP runs to read', () => {
  test('the run list shows the run with its progress and counts, and exports it', async () => {
    const page = await get<{ items: MrpRunSummary[] }>(`/api/mrp-runs?status=review&sort=-id&pageSize=50`);
    expect(page.status).toBe(200);
    expect(page.body.items.find((r) => r.id === runId)).toMatchObject({
      status: 'review',
      asOf: '2027-01-04',
      bucketSize: 'week',
      bucketCount: 8,
      levelsDone: 3,
      levelsTotal: 3,
      plannedOrders: 4,
      exceptions: 1,
      problems: 0,
      createdBy: 'planner',
    });
    const csv = await t.app.inject({ method: 'GET', url: '/api/mrp-runs/export.csv?status=review', headers: planner });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`${runId},review,false,2027-01-04,8 week,3,3,4,1,0,planner`);
  });

  test('the run list is read by those who read plans, as the run itself: an auditor may, a clerk may not', async () => {
    const auditor = await login(t.app, 'auditor');
    const audited = await get<{ items: MrpRunSummary[] }>(`/api/mrp-runs?sort=-id&pageSize=50`, auditor);
    expect(audited.status).toBe(200);
    expect(audited.body.items.map((r) => r.id)).toContain(runId);
    const refused = await get<Refusal>(`/api/mrp-runs`, clerk);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('planner');
    expect((await get(`/api/mrp-runs/export.csv`, clerk)).status).toBe(403);
  });

  test('a run: its pin, planned orders (filtered), exceptions; 404 naming the run; clerks may not read', async () => {
    const { status, body } = await get<MrpRunDetail>(`/api/mrp-runs/${runId}`);
    expect(status).toBe(200);
    expect(body.run.lotSizing).toEqual({ ruleSetCode: 'lot-sizing', version: 3 });
    expect(body.plannedOrders.map((o) => [o.sku, o.type, o.quantity, o.releaseDate, o.status])).toEqual([
      [sku.tube, 'purchase', 20, '2027-01-04', 'suggested'],
      [sku.tube, 'purchase', 20, '2027-01-04', 'suggested'],
      [sku.frame, 'production', 10, '2027-01-11', 'suggested'],
      [sku.bike, 'production', 10, '2027-01-18', 'suggested'],
    ]);
    expect(body.exceptions.map((e) => [e.kind, e.ref, e.fromDate, e.toDate])).toEqual([
      ['expedite', `PO-MRR-${S}/1`, '2027-02-15', '2027-01-04'],
    ]);
    expect(body.problems).toEqual([]);
    const tubes = await get<MrpRunDetail>(`/api/mrp-runs/${runId}?type=purchase&sku=${sku.tube}`);
    expect(tubes.body.plannedOrders).toHaveLength(2);
    expect(
      (await get<MrpRunDetail>(`/api/mrp-runs/${runId}?type=production&sku=${sku.tube}`)).body.plannedOrders,
    ).toEqual([]);

    const missing = await get<Refusal>(`/api/mrp-runs/999999999`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(missing.body.error.message).toContain('999999999');
    const bad = await get<Refusal>(`/api/mrp-runs/${runId}?type=gift`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('type');
    expect((await get(`/api/mrp-runs/${runId}`, clerk)).status).toBe(403);
  });

  test("an item's grid: buckets, rows, safety stock, lot size, its orders and supplies", async () => {
    const { status, body } = await get<MrpItemGrid>(`/api/mrp-runs/${runId}/items/${sku.bike}`);
    expect(status).toBe(200);
    expect(body.buckets[3]).toEqual({ index: 3, start: '2027-01-25', end: '2027-02-01' });
    expect(body.rows[3]).toMatchObject({ gross: 10, net: 10, plannedReceipts: 10, projectedOnHand: 0 });
    expect(body.rows[2]).toMatchObject({ gross: 0, plannedReleases: 10 });
    expect(body.lowLevelCode).toBe(0);

    const tube = await get<MrpItemGrid>(`/api/mrp-runs/${runId}/items/${sku.tube}`);
    expect(tube.body).toMatchObject({
      safetyStock: 5,
      lotSize: { kind: 'fixed', quantity: 20 },
      lotSizeReason: 'fixed 20: tubes come in bundles of 20',
      lowLevelCode: 2,
    });
    expect(body.lotSizeReason).toBeNull();
    // Week 1: the frames' 30 tubes, met by two fixed lots of 20 (activities/mrp/calculate-plan.int.test.ts works
    // the same world out by hand); from then on never below the safety stock of 5.
    expect(tube.body.rows[1]).toMatchObject({ gross: 30, plannedReceipts: 40 });
    expect(tube.body.rows.slice(1).every((r) => r.projectedOnHand >= 5)).toBe(true);
    expect(tube.body.supplies.map((s) => s.ref).sort()).toEqual([`${sku.tube}@L1`, `PO-MRR-${S}/1`].sort());
    expect(tube.body.exceptions.map((e) => e.kind)).toEqual(['expedite']);

    const unknown = await get<Refusal>(`/api/mrp-runs/${runId}/items/NOPE-${S}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'sku' });
    expect(unknown.body.error.message).toContain(`NOPE-${S}`);
  });

  test('pegging: from a tube planned order up to the customer order, and from the order down to the tubes', async () => {
    const run = await get<MrpRunDetail>(`/api/mrp-runs/${runId}?sku=${sku.tube}`);
    const tubeOrder = run.body.plannedOrders.find((o) => o.pegs.some((p) => p.kind === 'dependent'))!;
    const frameOrder = (await get<MrpRunDetail>(`/api/mrp-runs/${runId}?sku=${sku.frame}`)).body.plannedOrders[0]!;
    const bikeOrder = (await get<MrpRunDetail>(`/api/mrp-runs/${runId}?sku=${sku.bike}`)).body.plannedOrders[0]!;

    const up = await get<PeggingTree>(`/api/mrp-runs/${runId}/pegging?ref=${encodeURIComponent(tubeOrder.plannedRef)}`);
    expect(up.status).toBe(200);
    expect(up.body.kind).toBe('planned-order');
    const chain = up.body.up.filter((n) => n.kind !== 'safety-stock' && n.kind !== 'lot-size-remainder');
    expect(chain.map((n) => [n.depth, n.kind, n.ref, n.sku])).toEqual([
      [0, 'planned-order', frameOrder.plannedRef, sku.frame],
      [1, 'planned-order', bikeOrder.plannedRef, sku.bike],
      [2, 'sales-order', so, sku.bike],
    ]);
    expect(chain[2]!.quantity).toBe(10);

    const down = await get<PeggingTree>(`/api/mrp-runs/${runId}/pegging?ref=${encodeURIComponent(so)}`);
    expect(down.body).toMatchObject({ kind: 'sales-order', sku: sku.bike, up: [] });
    expect(down.body.down.slice(0, 2).map((n) => [n.depth, n.ref, n.quantity])).toEqual([
      [0, bikeOrder.plannedRef, 10],
      [1, frameOrder.plannedRef, 10],
    ]);
    // The frames' 30 tubes: served by on hand, the expedited order and the planned lots, adding up to 30.
    const tubes = down.body.down.filter((n) => n.depth === 2);
    expect(tubes.every((n) => n.sku === sku.tube)).toBe(true);
    expect(tubes.reduce((sum, n) => sum + n.quantity, 0)).toBe(30);

    const unknown = await get<Refusal>(`/api/mrp-runs/${runId}/pegging?ref=NOPE`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'ref' });
    expect(unknown.body.error.message).toContain('NOPE');
    const noRef = await get<Refusal>(`/api/mrp-runs/${runId}/pegging`);
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.field).toBe('ref');
  });
});
