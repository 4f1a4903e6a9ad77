import { query } from '../../db/sql';
import { eventually, login, stockedItem, useTestApp } from '../../test/support/int-env';

jest.setTimeout(240_000);

const t = useTestApp();

interface OrderState {
  ruleVersions: { allocation?: { version: number } };
  lines: Array<{ reason?: { version: number; rule: string | null; decisionId: number; sortKeys: string[] } }>;
}

async function placeAndWait(
  headers: object,
  sku: string,
): Promise<{ workflowId: string; state: OrderState; taskId: string }> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/orders',
    headers: headers as Record<string, string>,
    payload: { customerCode: 'C-FRESH', lines: [{ itemSku: sku, quantity: 1 }] },
  });
  expect(created.statusCode).toBe(201);
  const { workflowId } = created.json<{ workflowId: string }>();
  return eventually(
    async () => {
      const detail = await t.app.inject({
        method: 'GET',
        url: `/api/processes/${workflowId}`,
        headers: headers as Record<string, string>,
      });
      const body = detail.json<{ state: OrderState | null; tasks: Array<{ id: string; status: string }> }>();
      const task = body.tasks?.find((candidate) => candidate.status === 'open');
      return task && body.state ? { workflowId, state: body.state, taskId: task.id } : undefined;
    },
    90_000,
    'pick task',
  );
}

describe('allocation rules are pinned per instance', () => {
  test('a version published while an order is in flight decides only the orders started after it', async () => {
    const clerk = await login(t.app, 'clerk');
    const admin = await login(t.app, 'admin');
    const admin2 = await login(t.app, 'admin2');
    const [food] = await t.orm.em.fork().execute<Array<{ sku: string }>>(
      `select i.sku from item i join stock_balance b on b.item_id = i.id join location l on l.id = b.location_id
        where i.category = 'food' and l.type <> 'dock' and b.quantity - b.reserved_quantity >= 5 order by i.sku limit 1`,
    );
    const sku = food?.sku ?? (await stockedItem(t.orm, 5));

    const first = await placeAndWait(clerk, sku);
    const before = first.state.ruleVersions.allocation?.version ?? 0;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(first.state.lines[0]?.reason).toMatchObject({ version: before, rule: 'perishables-first-expiry-first-out' });

    const draft = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets/allocation/drafts',
      headers: admin,
      payload: {},
    });
    const content = draft.json().content as {
      rules: Array<{ name: string; event: { params: { sortKeys: string[] } } }>;
    };
    const perishables = content.rules.find((rule) => rule.name === 'perishables-first-expiry-first-out');
    if (perishables) perishables.event.params.sortKeys = ['received-desc'];
    const version = draft.json().version as number;
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/rule-sets/allocation/versions/${version}`,
          headers: admin,
          payload: { content },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/rule-sets/allocation/versions/${version}/publish`,
          headers: admin2,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);

    const second = await placeAndWait(clerk, sku);
    expect(second.state.ruleVersions.allocation?.version).toBe(version);
    expect(second.state.lines[0]?.reason?.sortKeys).toEqual(['received-desc']);

    // The first instance still answers with the version it started with, and its decision is on record.
    const replayed = await t.app.inject({ method: 'GET', url: `/api/processes/${first.workflowId}`, headers: clerk });
    expect(replayed.json<{ state: OrderState }>().state.ruleVersions.allocation?.version).toBe(before);
    const decisionId = first.state.lines[0]?.reason?.decisionId;
    const [decision] = await query<{ version: number; facts: Record<string, unknown>; fired_rules: unknown[] }>(
      t.orm.em.fork(),
      'select version, facts, fired_rules from rule_decision where id = ?',
      [decisionId],
    );
    expect(decision?.version).toBe(before);
    expect(decision?.facts['item.category']).toBe('food');
    expect(decision?.fired_rules.length).toBeGreaterThan(0);
    const backTest = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/allocation/versions/${version}/back-test`,
      headers: admin,
      payload: { limit: 10 },
    });
    expect(backTest.json().changed).toBeGreaterThan(0);

    // A version back-tested against the decisions it made itself changes none of them (whatever order jsonb
    // gave the recorded policy's keys).
    for (const own of [before, version]) {
      const selfTest = await t.app.inject({
        method: 'POST',
        url: `/api/rule-sets/allocation/versions/${own}/back-test`,
        headers: admin,
        payload: { limit: 50 },
      });
      const results = selfTest.json<{ results: Array<{ recordedVersion: number; changed: boolean }> }>().results;
      const made = results.filter((result) => result.recordedVersion === own);
      expect(made.length).toBeGreaterThan(0);
      expect(made.filter((result) => result.changed)).toEqual([]);
    }
  });
});
