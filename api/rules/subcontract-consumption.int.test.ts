import { insertDecision, versionInForce } from '../../db/rules/rule-repository';
import { compileRuleSet, consumptionFacts, consumptionForDelivery, decide, decideConsumption } from '../../rules';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

let t: TestApp;
let admin: { authorization: string };
let admin2: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
  admin2 = await login(t.app, 'admin2');
});

afterAll(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: object, payload?: object) =>
  t.app.inject({ method, url: `/api/rule-sets${url}`, headers: headers as Record<string, string>, payload });

// A supplier code of this run only, so the published rule fires for no other test's supplier.
const plater = `S-PLATE-${process.pid}-${Date.now() % 100_000}`;
const subject = { supplierCode: plater, supplierTrusted: true, itemSku: 'BRACKET-ZN', itemCategory: 'plated' };

const platerAsSent = {
  name: `plater-as-sent-${plater}`,
  priority: 20,
  conditions: { all: [{ fact: 'supplier.code', operator: 'equal', value: plater }] },
  event: { type: 'policy', params: { method: 'as-sent', overDeliveryPercent: 10 } },
};
const trustedByBom = {
  name: `trusted-by-bom-${plater}`,
  priority: 10,
  conditions: {
    all: [
      { fact: 'supplier.trusted', operator: 'equal', value: true },
      { fact: 'supplier.code', operator: 'equal', value: plater },
    ],
  },
  event: { type: 'policy', params: { method: 'bom-ratio' } },
};

describe('subcontract-consumption rules: seeded, validated, decided, stored', () => {
  test('the seeded default is published and in force: by BOM ratio, 5% over-delivery', async () => {
    const list = await call('GET', '', admin);
    expect(list.statusCode).toBe(200);
    const set = list.json().items.find((s: { code: string }) => s.code === 'subcontract-consumption');
    expect(set).toMatchObject({ type: 'subcontract-consumption' });
    expect(set.inForce).toBeGreaterThanOrEqual(1);
    const first = await call('GET', '/subcontract-consumption/versions/1', admin);
    expect(first.json()).toMatchObject({
      status: 'published',
      content: { rules: [], defaultPolicy: { method: 'bom-ratio', overDeliveryPercent: 5 } },
    });
    const catalogue = (await call('GET', '/catalogue', admin)).json();
    expect(Object.keys(catalogue.types['subcontract-consumption'].facts).sort()).toEqual([
      'item.category',
      'item.sku',
      'supplier.code',
      'supplier.trusted',
    ]);
    expect(catalogue.types['subcontract-consumption'].policy.properties.method.enum).toEqual(['bom-ratio', 'as-sent']);
  });

  test('a published supplier rule decides; the stored decision has facts, fired rules, result and who lost', async () => {
    const draft = await call('POST', '/subcontract-consumption/drafts', admin, {});
    expect(draft.statusCode).toBe(201);
    const content = draft.json().content as { rules: unknown[]; defaultPolicy: unknown };
    const saved = await call('PUT', `/subcontract-consumption/versions/${draft.json().version}`, admin, {
      content: { ...content, rules: [...content.rules, platerAsSent, trustedByBom] },
    });
    expect(saved.statusCode).toBe(200);
    const version = saved.json().version as number;
    const dryRun = await call('POST', `/subcontract-consumption/versions/${version}/dry-run`, admin, {
      facts: consumptionFacts(subject),
    });
    expect(dryRun.statusCode).toBe(200);
    expect(dryRun.json()).toMatchObject({
      rule: platerAsSent.name,
      policy: { method: 'as-sent', overDeliveryPercent: 10 },
    });
    const published = await call('POST', `/subcontract-consumption/versions/${version}/publish`, admin2, {});
    expect(published.statusCode).toBe(200);
    try {
      const stored = await versionInForce(t.orm.em.fork(), 'subcontract-consumption', new Date(Date.now() + 60_000));
      expect(stored.version).toBe(version);
      // What a subcontract order will do: decide on the version in force, store the decision, consume with it.
      const compiled = compileRuleSet({ ...stored, type: 'subcontract-consumption' as const });
      const decision = await decide(compiled, consumptionFacts(subject));
      const choice = decideConsumption(decision, (rule) => compiled.policyOf(rule));
      expect(choice).toMatchObject({
        policy: { method: 'as-sent', overDeliveryPercent: 10 },
        rule: platerAsSent.name,
        version,
        outranked: [{ rule: trustedByBom.name, priority: 10, policy: { method: 'bom-ratio', overDeliveryPercent: 0 } }],
      });
      // A first partial delivery of 4 of 10 consumes 4/10 of the 24 bolts sent, not all of them.
      const consumed = consumptionForDelivery({
        ...choice.policy,
        orderQuantity: 10,
        deliveredBefore: 0,
        delivered: 4,
        completesOrder: false,
        components: [
          { sku: 'BOLT', quantityPer: 2, scrapPercent: 10, sent: 24, consumed: 0, scrapped: 0, returned: 0 },
        ],
      });
      expect(consumed).toEqual({
        ok: true,
        components: [{ sku: 'BOLT', quantity: 9.6, reason: '24 sent x 4/10 delivered = 9.6, less 0 consumed = 9.6' }],
      });
      const id = await insertDecision(t.orm.em.fork(), {
        ruleSetId: decision.ruleSetId,
        ruleSetType: decision.ruleSetType,
        version: decision.version,
        contentHash: decision.contentHash,
        workflowId: `subcontract-order:consumption-int-${plater}`,
        businessKey: plater,
        facts: decision.facts,
        firedRules: decision.firedRules,
        result: { ...choice, consumed: consumed.ok ? consumed.components : [] },
      });
      const read = await t.app.inject({ method: 'GET', url: `/api/rule-sets/decisions/${id}`, headers: admin });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        ruleSetCode: 'subcontract-consumption',
        ruleSetType: 'subcontract-consumption',
        version,
        contentHash: stored.contentHash,
        facts: consumptionFacts(subject),
        firedRules: [
          expect.objectContaining({ name: platerAsSent.name, priority: 20 }),
          expect.objectContaining({ name: trustedByBom.name, priority: 10 }),
        ],
        result: {
          policy: { method: 'as-sent', overDeliveryPercent: 10 },
          rule: platerAsSent.name,
          lostOnPriority: [trustedByBom.name],
          outranked: [
            { rule: trustedByBom.name, priority: 10, policy: { method: 'bom-ratio', overDeliveryPercent: 0 } },
          ],
          reason: expect.stringContaining(
            `it outranked "${trustedByBom.name}" (priority 10, by BOM ratio, no over-delivery)`,
          ),
          consumed: [{ sku: 'BOLT', quantity: 9.6 }],
        },
      });
    } finally {
      // The database is shared with other test files: retire it, so the seeded default is in force again for them.
      const retired = await call('POST', `/subcontract-consumption/versions/${version}/retire`, admin, {});
      expect(retired.json()).toMatchObject({ status: 'retired' });
    }
  });

  test('a bad policy is refused naming its JSON path, and nothing is written', async () => {
    const before = (await call('GET', '', admin))
      .json()
      .items.find((s: { code: string }) => s.code === 'subcontract-consumption');
    const method = await call('POST', '/subcontract-consumption/drafts', admin, {
      content: { rules: [], defaultPolicy: { method: 'by-weight' } },
    });
    expect(method.statusCode).toBe(400);
    expect(method.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.defaultPolicy.method' });
    expect(method.json().error.message).toContain('method must be one of bom-ratio, as-sent');
    const tolerance = await call('POST', '/subcontract-consumption/drafts', admin, {
      content: {
        rules: [
          { ...platerAsSent, event: { type: 'policy', params: { method: 'as-sent', overDeliveryPercent: 150 } } },
        ],
        defaultPolicy: { method: 'bom-ratio' },
      },
    });
    expect(tolerance.json().error).toMatchObject({
      code: 'RULE_SET_INVALID',
      field: '$.rules[0].event.params.overDeliveryPercent',
    });
    const fact = await call('POST', '/subcontract-consumption/drafts', admin, {
      content: {
        rules: [{ ...platerAsSent, conditions: { all: [{ fact: 'customer.code', operator: 'equal', value: 'X' }] } }],
        defaultPolicy: { method: 'bom-ratio' },
      },
    });
    expect(fact.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.rules[0].conditions.all[0].fact' });
    const after = (await call('GET', '', admin))
      .json()
      .items.find((s: { code: string }) => s.code === 'subcontract-consumption');
    expect(after.versions).toHaveLength(before.versions.length);
  });
});
