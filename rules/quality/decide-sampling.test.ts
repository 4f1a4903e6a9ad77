import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { FACT_CATALOGUES, validateRuleSet } from '../rule-sets';
import { decideSampling, lotSample, samplingFacts, type SamplingSubject } from './index';

/** As seeded (db/seeds/rule-seed.ts). */
const seeded = {
  rules: [
    {
      name: 'trusted-purchases-skip-lot',
      priority: 10,
      conditions: {
        all: [
          { fact: 'receipt.source', operator: 'equal', value: 'purchase' },
          { fact: 'supplier.trusted', operator: 'equal', value: true },
        ],
      },
      event: { type: 'policy', params: { kind: 'skip-lot', qualificationLots: 10, frequency: 3, level: 'II', aql: 1 } },
    },
  ],
  defaultPolicy: { kind: 'aql', level: 'II', aql: 1, startSeverity: 'normal' },
};

const subject: SamplingSubject = {
  source: 'purchase',
  supplierCode: 'S-FAST',
  supplierTrusted: true,
  itemSku: 'BOLT-M8',
  itemCategory: 'fastener',
  history: { lotsInspected: 4, lotsRejected: 1, consecutiveAccepted: 3, switchingState: 'normal' },
};

async function choose(json: unknown, s: SamplingSubject) {
  const compiled = compileRuleSet(storedVersion('quality-sampling', json, 4, 2));
  const decision = await decide(compiled, samplingFacts(s), { explainRejected: true });
  return decideSampling(decision, (name) => compiled.policyOf(name));
}

describe('quality-sampling rules', () => {
  test('the facts carry every declared fact', () => {
    const facts = samplingFacts(subject);
    expect(Object.keys(facts).sort()).toEqual(Object.keys(FACT_CATALOGUES['quality-sampling']).sort());
    expect(facts['supplier.acceptanceRate']).toBe(75);
  });

  test('a trusted supplier purchase: the seeded skip-lot rule wins, with the version in the reason', async () => {
    const choice = await choose(seeded, subject);
    expect(choice).toMatchObject({ rule: 'trusted-purchases-skip-lot', usedDefault: false, version: 2 });
    expect(choice.reason).toBe(
      'sample skip-lot 1 in 3 after 10 accepted lots, AQL 1 at level II: rule "trusted-purchases-skip-lot" ' +
        '(priority 10) of quality-sampling v2',
    );
  });

  test('production: the default AQL 1.0 level II normal', async () => {
    const choice = await choose(seeded, { ...subject, source: 'production', supplierCode: null });
    expect(choice).toMatchObject({ usedDefault: true, policy: { kind: 'aql', aql: 1, level: 'II' } });
    expect(choice.reason).toMatch(/^sample AQL 1 at level II, starting normal: no rule matched/);
  });

  test('refusals name the field', () => {
    const bad = (defaultPolicy: unknown) => validateRuleSet('quality-sampling', { rules: [], defaultPolicy });
    const errors = (defaultPolicy: unknown) => {
      const result = bad(defaultPolicy);
      return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(errors({ kind: 'aql', aql: 2 })).toEqual([
      expect.stringMatching(/^\$\.defaultPolicy\.aql: aql must be a standard AQL value/),
    ]);
    expect(errors({ kind: 'aql', aql: 1, level: 'IV' })).toEqual([
      expect.stringMatching(/^\$\.defaultPolicy\.level: level must be one of S-1/),
    ]);
    expect(errors({ kind: 'skip-lot', aql: 1, frequency: 7 })).toEqual([
      expect.stringMatching(/^\$\.defaultPolicy\.frequency: frequency must be 2, 3, 4 or 5/),
    ]);
    expect(errors({ kind: 'percent', percent: 0 })).toEqual([
      '$.defaultPolicy.percent: percent must be greater than 0',
    ]);
    expect(errors({ kind: 'sometimes' })).toEqual([
      expect.stringMatching(/kind must be one of skip, full, percent, aql/),
    ]);
  });
});

describe('a lot sampled by its policy', () => {
  const conditions = { productionSteady: true, reducedApproved: false };
  const base = { lotSize: 2000, switchingHistory: [], skipLotHistory: [], conditions };

  test('AQL 1.0 level II normal on 2000 units: K, 125, Ac 3 Re 4; tightened after two rejections: Ac 2 Re 3', () => {
    const policy = { kind: 'aql' as const, level: 'II' as const, aql: 1, startSeverity: 'normal' as const };
    expect(lotSample(policy, base)).toMatchObject({ inspect: true, sampleSize: 125, ac: 3, re: 4, severity: 'normal' });
    const rejected = { accepted: false, acceptanceNumber: 3 };
    const tightened = lotSample(policy, { ...base, switchingHistory: [rejected, rejected] });
    expect(tightened).toMatchObject({ sampleSize: 125, ac: 2, re: 3, severity: 'tightened' });
    expect(tightened.reason).toMatch(
      /^tightened inspection, code letter K: inspect 125, accept 2 reject 3; 2 of the last 2 lots under normal inspection were rejected$/,
    );
  });

  test('discontinued: hold the lot', () => {
    const policy = { kind: 'aql' as const, level: 'II' as const, aql: 1, startSeverity: 'tightened' as const };
    const rejected = { accepted: false, acceptanceNumber: 2 };
    const result = lotSample(policy, { ...base, switchingHistory: Array.from({ length: 5 }, () => rejected) });
    expect(result).toMatchObject({ inspect: false, hold: true, sampleSize: 0 });
  });

  test('skip-lot skips once qualified; percent and full', () => {
    const policy = {
      kind: 'skip-lot' as const,
      qualificationLots: 2,
      frequency: 2 as const,
      level: 'II' as const,
      aql: 1,
    };
    const accepted = { inspected: true as const, accepted: true };
    expect(lotSample(policy, { ...base, skipLotHistory: [accepted, accepted] })).toMatchObject({ inspect: false });
    expect(lotSample(policy, { ...base, skipLotHistory: [accepted] })).toMatchObject({
      inspect: true,
      sampleSize: 125,
    });
    expect(lotSample({ kind: 'percent', percent: 10, minimum: 1 }, { ...base, lotSize: 25 }).sampleSize).toBe(3);
    expect(lotSample({ kind: 'full' }, base)).toMatchObject({ inspect: true, sampleSize: 2000, ac: 0 });
  });
});
