import { compileRuleSet, decide, decideSampling, lotSample, samplingFacts, type SamplingSubject } from '../../rules';
import { versionInForce } from '../../db/rules/rule-repository';
import { createTestApp, login, type TestApp } from '../../test/support/int-env';

let t: TestApp;
let admin: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
});

afterAll(async () => {
  await t?.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/rule-sets${url}`, headers: admin, payload });

const supplier = `S-QS-${process.pid}-${Date.now() % 100_000}`;
const subject = (trusted: boolean, source: SamplingSubject['source'] = 'purchase'): SamplingSubject => ({
  source,
  supplierCode: supplier,
  supplierTrusted: trusted,
  itemSku: 'BOLT-M8',
  itemCategory: 'fastener',
  history: { lotsInspected: 0, lotsRejected: 0, consecutiveAccepted: 0, switchingState: 'normal' },
});

describe('quality-sampling rules: seeded, described, decided, refused by field', () => {
  test('the seeded default is in force: AQL 1.0 level II normal, trusted purchases skip-lot', async () => {
    const set = (await call('GET', '')).json().items.find((s: { code: string }) => s.code === 'quality-sampling');
    expect(set).toMatchObject({ type: 'quality-sampling' });
    const catalogue = (await call('GET', '/catalogue')).json();
    expect(Object.keys(catalogue.types['quality-sampling'].facts)).toContain('supplier.switchingState');

    const stored = await versionInForce(t.orm.em.fork(), 'quality-sampling', new Date());
    const compiled = compileRuleSet({
      ruleSetId: stored.ruleSetId,
      type: 'quality-sampling',
      version: stored.version,
      contentHash: stored.contentHash,
      content: stored.content,
    });
    const plain = decideSampling(await decide(compiled, samplingFacts(subject(false))), (r) => compiled.policyOf(r));
    expect(plain.policy).toEqual({ kind: 'aql', level: 'II', aql: 1, startSeverity: 'normal' });
    const sample = lotSample(plain.policy, {
      lotSize: 2000,
      switchingHistory: [],
      skipLotHistory: [],
      conditions: { productionSteady: true, reducedApproved: false },
    });
    expect(sample).toMatchObject({ inspect: true, sampleSize: 125, ac: 3, re: 4, codeLetter: 'K' });

    const trusted = decideSampling(await decide(compiled, samplingFacts(subject(true))), (r) => compiled.policyOf(r));
    expect(trusted).toMatchObject({ rule: 'trusted-purchases-skip-lot', policy: { kind: 'skip-lot', frequency: 3 } });
    const production = await decide(compiled, samplingFacts({ ...subject(true, 'production'), supplierCode: null }));
    expect(production.usedDefault).toBe(true);
  });

  test('a dry run answers with the policy; bad policies are refused naming their JSON path', async () => {
    const version = (await call('GET', '')).json().items.find((s: { code: string }) => s.code === 'quality-sampling')
      .inForce as number;
    const dryRun = await call('POST', `/quality-sampling/versions/${version}/dry-run`, {
      facts: samplingFacts(subject(true)),
    });
    expect(dryRun.statusCode).toBe(200);
    expect(dryRun.json()).toMatchObject({ rule: 'trusted-purchases-skip-lot' });

    const aql = await call('POST', '/quality-sampling/drafts', {
      content: { rules: [], defaultPolicy: { kind: 'aql', aql: 2 } },
    });
    expect(aql.statusCode).toBe(400);
    expect(aql.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.defaultPolicy.aql' });
    expect(aql.json().error.message).toContain('aql must be a standard AQL value');
    const frequency = await call('POST', '/quality-sampling/drafts', {
      content: { rules: [], defaultPolicy: { kind: 'skip-lot', aql: 1, frequency: 6 } },
    });
    expect(frequency.json().error).toMatchObject({ code: 'RULE_SET_INVALID', field: '$.defaultPolicy.frequency' });
  });
});
