import { postMove } from '../../db/inventory/post-move';
import { eventually, useTestApp } from '../../test/support/int-env';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

const t = useTestApp();
const [admin, admin2, clerk, auditor] = ['admin', 'admin2', 'clerk', 'auditor'].map((user) => t.headers(user));
const sku = `WHY-${process.pid}-${Date.now() % 100_000}`;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/** A lot-tracked item with 10 in one lot per bin, each with its own expiry date. */
async function stockWithExpiries(lots: Array<{ lot: string; location: string; expiresOn: string }>): Promise<void> {
  await itemWithStock(
    t.orm,
    sku,
    lots.map((entry) => ({ ...entry, quantity: 10, manufacturedOn: day(-300) })),
  );
}

/** Publishes an allocation version with a rule for this item only: the customer's minimum shelf life, MAIN only. */
async function publishRuleForItem(): Promise<{ version: number; contentHash: string }> {
  const draft = await t.app.inject({
    method: 'POST',
    url: '/api/rule-sets/allocation/drafts',
    headers: admin,
    payload: {},
  });
  const { version, content } = draft.json<{ version: number; content: { rules: unknown[] } }>();
  content.rules.push({
    name: `why-not-${sku}`,
    priority: 50,
    conditions: { all: [{ fact: 'item.sku', operator: 'equal', value: sku }] },
    event: {
      type: 'policy',
      params: {
        filters: { minRemainingShelfLifeDays: 'customer', allowedWarehouses: ['MAIN'] },
        sortKeys: ['expiry-asc'],
        partial: 'backorder-rest',
      },
    },
  });
  const url = `/api/rule-sets/allocation/versions/${version}`;
  expect((await t.app.inject({ method: 'PUT', url, headers: admin, payload: { content } })).statusCode).toBe(200);
  const published = await t.app.inject({ method: 'POST', url: `${url}/publish`, headers: admin2, payload: {} });
  expect(published.statusCode).toBe(200);
  return { version, contentHash: published.json<{ contentHash: string }>().contentHash };
}

interface Decision {
  id: number;
  ruleSetCode: string;
  ruleSetType: string;
  version: number;
  contentHash: string;
  result: {
    rule: string | null;
    picks: Array<{ lotCode: string }>;
    passedOver: Array<{
      lotCode: string;
      locationCode: string;
      warehouseCode: string;
      status: string;
      reasons: string[];
    }>;
    passedOverMore: number;
  };
}

describe('"why not this lot?"', () => {
  test('the decision lists each passed-over lot with its reason, and the version and hash it ran under', async () => {
    await stockWithExpiries([
      { lot: 'GOOD', location: 'MAIN-A01', expiresOn: day(200) },
      { lot: 'EXPIRED', location: 'MAIN-A02', expiresOn: day(-2) },
      { lot: 'SHORT', location: 'MAIN-A03', expiresOn: day(10) },
      { lot: 'ELSEWHERE', location: 'EAST-A01', expiresOn: day(200) },
      { lot: 'QUARANTINED', location: 'MAIN-A04', expiresOn: day(200) },
    ]);
    // Quarantined stock never reaches the policy's filters (allocation does not even lock it), yet it is listed.
    await t.orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'status-change',
        itemSku: sku,
        lot: { code: 'QUARANTINED' },
        fromLocation: 'MAIN-A04',
        fromStatus: 'available',
        toStatus: 'quarantine',
        quantity: 10,
        documentType: 'test',
        documentRef: `why-${sku}`,
        userName: 'tester',
        idempotencyKey: `why:${sku}:quarantine`,
      }),
    );
    const pinned = await publishRuleForItem();

    // C-ACME wants 30 days of shelf life left; only GOOD qualifies.
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: clerk,
      payload: { customerCode: 'C-ACME', lines: [{ itemSku: sku, quantity: 4 }] },
    });
    expect(placed.statusCode).toBe(201);
    const { workflowId, orderNumber } = placed.json<{ workflowId: string; orderNumber: string }>();
    const reason = await eventually(
      async () => {
        const detail = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: auditor });
        const state = detail.json<{ state: { lines?: Array<{ reason?: Record<string, unknown> }> } | null }>().state;
        return state?.lines?.[0]?.reason;
      },
      90_000,
      'the allocation reason',
    );
    expect(reason).toMatchObject({ version: pinned.version, contentHash: pinned.contentHash, rule: `why-not-${sku}` });

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/rule-sets/decisions?workflowId=${encodeURIComponent(workflowId)}`,
      headers: auditor,
    });
    expect(listed.statusCode).toBe(200);
    const allocation = listed.json<{ items: Decision[] }>().items.find((d) => d.ruleSetType === 'allocation');
    expect(allocation).toMatchObject({
      id: reason.decisionId,
      ruleSetCode: 'allocation',
      version: pinned.version,
      contentHash: pinned.contentHash,
    });
    expect(pinned.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(allocation?.result.picks.map((pick) => pick.lotCode)).toEqual(['GOOD']);
    const why = Object.fromEntries(
      (allocation?.result.passedOver ?? []).map((lot) => [`${lot.lotCode}@${lot.locationCode}`, lot.reasons]),
    );
    expect(why).toEqual({
      'EXPIRED@MAIN-A02': expect.arrayContaining(['expired']),
      'SHORT@MAIN-A03': ['short-shelf-life'],
      'ELSEWHERE@EAST-A01': ['wrong-warehouse'],
      'QUARANTINED@MAIN-A04': ['not-available'],
    });
    expect(allocation?.result.passedOver.find((lot) => lot.lotCode === 'QUARANTINED')).toMatchObject({
      status: 'quarantine',
    });
    expect(allocation?.result.passedOverMore).toBe(0);

    const one = await t.app.inject({
      method: 'GET',
      url: `/api/rule-sets/decisions/${reason.decisionId}`,
      headers: auditor,
    });
    expect(one.json<Decision>()).toEqual(allocation);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/rule-sets/decisions/999999999', headers: auditor })).statusCode,
    ).toBe(404);

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/orders/${orderNumber}/cancel`,
      headers: clerk,
      payload: { reason: 'test done' },
    });
    expect(cancelled.statusCode).toBeLessThan(300);
  });
});
