import { versionInForce } from '../../db/rules/rule-repository';
import { compileRuleSet, decide, decideIssueMode, materialIssueFacts } from '../../rules';
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

const facts = (componentCategory: string) => ({
  'product.sku': 'PUMP-100',
  'product.category': 'pumps',
  'component.sku': componentCategory === 'fastener' ? 'BOLT-M8' : 'HOUSING-1',
  'component.category': componentCategory,
  'component.abcClass': 'C',
  'workCentre.code': 'PAINT',
});

const paintMerged = {
  name: 'paint-shop-merged',
  priority: 5,
  conditions: { all: [{ fact: 'workCentre.code', operator: 'equal', value: 'PAINT' }] },
  event: { type: 'policy', params: { mode: 'merged', whenShort: 'release-partial' } },
};

describe('material-issue rules: seeded, validated, decided', () => {
  test('the seeded default is published and in force: kit and wait, fasteners backflushed', async () => {
    const list = await call('GET', '', admin);
    expect(list.statusCode).toBe(200);
    const set = list.json().items.find((s: { code: string }) => s.code === 'material-issue');
    expect(set).toMatchObject({ type: 'material-issue' });
    expect(set.inForce).toBeGreaterThanOrEqual(1);
    const version = await call('GET', `/material-issue/versions/${set.inForce}`, admin);
    expect(version.json()).toMatchObject({
      status: 'published',
      content: {
        defaultPolicy: { mode: 'kit', whenShort: 'wait' },
        rules: [
          expect.objectContaining({
            name: 'fasteners-backflushed',
            event: { type: 'policy', params: { mode: 'backflush', whenShort: 'wait' } },
          }),
        ],
      },
    });
    const catalogue = (await call('GET', '/catalogue', admin)).json();
    expect(Object.keys(catalogue.types['material-issue'].facts).sort()).toEqual([
      'component.abcClass',
      'component.category',
      'component.sku',
      'product.category',
      'product.sku',
      'workCentre.code',
    ]);
    expect(catalogue.types['material-issue'].policy.properties.mode.enum).toEqual(['kit', 'merged', 'backflush']);
    expect(catalogue.types['material-issue'].policy.properties.whenShort.enum).toEqual(['wait', 'release-partial']);
  });

  test('the version in force decides backflush for a fastener and the default kit for anything else', async () => {
    const stored = await versionInForce(t.orm.em.fork(), 'material-issue', new Date());
    const compiled = compileRuleSet({ ...stored, type: 'material-issue' as const });
    const dry = await call('POST', `/material-issue/versions/${stored.version}/dry-run`, admin, {
      facts: facts('fastener'),
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      rule: 'fasteners-backflushed',
      usedDefault: false,
      policy: { mode: 'backflush', whenShort: 'wait' },
    });
    const other = await call('POST', `/material-issue/versions/${stored.version}/dry-run`, admin, {
      facts: facts('casting'),
    });
    expect(other.json()).toMatchObject({ rule: null, usedDefault: true, policy: { mode: 'kit', whenShort: 'wait' } });
    // What a production order will store: the same choice, decided in-process on the same version.
    const subject = {
      productSku: 'PUMP-100',
      productCategory: 'pumps',
      componentSku: 'BOLT-M8',
      componentCategory: 'fastener',
      componentAbcClass: 'C',
      workCentreCode: 'PAINT',
    };
    const choice = decideIssueMode(await decide(compiled, materialIssueFacts(subject)), (r) => compiled.policyOf(r));
    expect(choice).toMatchObject({ mode: 'backflush', rule: 'fasteners-backflushed', version: stored.version });
    const badFacts = await call('POST', `/material-issue/versions/${stored.version}/dry-run`, admin, {
      facts: { ...facts('fastener'), 'item.category': 'food' },
    });
    expect(badFacts.statusCode).toBe(400);
  });

  test('a draft with a rule validates, publishes with a second admin, and its rules decide by priority', async () => {
    const draft = await call('POST', '/material-issue/drafts', admin, {});
    expect(draft.statusCode).toBe(201);
    const content = draft.json().content as { rules: unknown[]; defaultPolicy: unknown };
    const saved = await call('PUT', `/material-issue/versions/${draft.json().version}`, admin, {
      content: { ...content, rules: [...content.rules, paintMerged] },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().content.rules).toHaveLength(2);
    const version = saved.json().version as number;
    // A fastener painted: both rules fire, the fastener rule (priority 10) wins over the paint shop's (5).
    const fastener = await call('POST', `/material-issue/versions/${version}/dry-run`, admin, {
      facts: facts('fastener'),
    });
    expect(fastener.json()).toMatchObject({ rule: 'fasteners-backflushed', policy: { mode: 'backflush' } });
    expect(fastener.json().firedRules.map((r: { name: string }) => r.name)).toEqual([
      'fasteners-backflushed',
      'paint-shop-merged',
    ]);
    const casting = await call('POST', `/material-issue/versions/${version}/dry-run`, admin, {
      facts: facts('casting'),
    });
    expect(casting.json()).toMatchObject({
      rule: 'paint-shop-merged',
      policy: { mode: 'merged', whenShort: 'release-partial' },
    });
    const published = await call('POST', `/material-issue/versions/${version}/publish`, admin2, {});
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedBy: 'admin2' });
    const inForce = await versionInForce(t.orm.em.fork(), 'material-issue', new Date(Date.now() + 60_000));
    expect(inForce.version).toBe(version);
    // The database is shared with other test files: retire it, so the seeded default is in force again for them.
    const retired = await call('POST', `/material-issue/versions/${version}/retire`, admin, {});
    expect(retired.json()).toMatchObject({ status: 'retired' });
    const again = await versionInForce(t.orm.em.fork(), 'material-issue', new Date(Date.now() + 60_000));
    expect(again.version).not.toBe(version);
  });

  test('a bad policy value is refused naming its JSON path, and nothing is written', async () => {
    const before = (await call('GET', '', admin))
      .json()
      .items.find((s: { code: string }) => s.code === 'material-issue');
    const bad = await call('POST', '/material-issue/drafts', admin, {
      content: {
        rules: [{ ...paintMerged, event: { type: 'policy', params: { mode: 'teleport', whenShort: 'wait' } } }],
        defaultPolicy: { mode: 'kit', whenShort: 'wait' },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.rules[0].event.params.mode' });
    expect(bad.json().error.details).toEqual([
      expect.objectContaining({ path: '$.rules[0].event.params.mode', message: expect.stringMatching(/kit/) }),
    ]);
    const shortBad = await call('POST', '/material-issue/drafts', admin, {
      content: { rules: [], defaultPolicy: { mode: 'kit', whenShort: 'shrug' } },
    });
    expect(shortBad.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.defaultPolicy.whenShort' });
    const after = (await call('GET', '', admin))
      .json()
      .items.find((s: { code: string }) => s.code === 'material-issue');
    expect(after.versions).toHaveLength(before.versions.length);
  });
});
