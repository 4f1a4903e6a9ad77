import { compileRuleSet, contentHash, createEngineCache, decide, RuleEngineError } from './index';
import { allocationRules, domesticDry, storedVersion } from './test-support';

const stored = storedVersion('allocation', allocationRules, 7, 3);

describe('compileRuleSet', () => {
  test('builds a frozen engine for a stored version', () => {
    const compiled = compileRuleSet(stored);
    expect(compiled).toMatchObject({ ruleSetId: 7, version: 3, type: 'allocation', key: '7@3' });
    expect(compiled.contentHash).toBe(stored.contentHash);
    expect(Object.isFrozen(compiled.content.rules[0]!.event.params)).toBe(true);
    expect([...compiled.facts.compared]).toEqual(['customer.minShelfLifeDays']);
  });

  test.each([
    ['hash-mismatch', { ...stored, contentHash: '0'.repeat(64) }],
    [
      'invalid-content',
      (() => {
        const content = { rules: [], defaultPolicy: { method: 'lifo' } };
        return { ...stored, content, contentHash: contentHash(content) };
      })(),
    ],
    [
      'not-normalised',
      (() => {
        const content = { rules: [], defaultPolicy: { sortKeys: ['received-asc'], partial: 'allow-partial' } };
        return { ...stored, content, contentHash: contentHash(content) };
      })(),
    ],
    ['unsupported-type', { ...stored, type: 'not-a-type' as never }],
  ])('refuses %s', (code, input) => {
    expect(() => compileRuleSet(input)).toThrow(RuleEngineError);
    expect(() => compileRuleSet(input)).toThrow(expect.objectContaining({ code }));
  });

  test('invalid content names every problem with its path', () => {
    const content = { rules: [], defaultPolicy: { method: 'lifo' } };
    expect(() => compileRuleSet({ ...stored, type: 'valuation', content, contentHash: contentHash(content) })).toThrow(
      /\$\.defaultPolicy\.method: Invalid option/,
    );
  });
});

describe('the engine cache', () => {
  test('compiles a version once; a draft whose content changed is compiled again', () => {
    const cache = createEngineCache();
    const first = compileRuleSet(stored, cache);
    expect(compileRuleSet({ ...stored }, cache)).toBe(first);
    const edited = storedVersion('allocation', { ...allocationRules, rules: [] }, 7, 3);
    const second = compileRuleSet(edited, cache);
    expect(second).not.toBe(first);
    expect(compileRuleSet(edited, cache)).toBe(second);
    expect(cache.size).toBe(1);
  });

  test('keeps the most recently used versions', () => {
    const cache = createEngineCache(2);
    const [v1, v2, v3] = [1, 2, 3].map((version) => storedVersion('allocation', allocationRules, 7, version));
    const one = compileRuleSet(v1!, cache);
    compileRuleSet(v2!, cache);
    expect(compileRuleSet(v1!, cache)).toBe(one); // v1 is now the most recent
    compileRuleSet(v3!, cache); // evicts v2
    expect(cache.size).toBe(2);
    expect(cache.get('7@1')).toBe(one);
    expect(cache.get('7@2')).toBeUndefined();
  });
});

describe('concurrency', () => {
  test('overlapping decisions on one cached engine each see every rule', async () => {
    // json-rules-engine marks an engine finished when any run ends; unchained, overlapping runs lose rules.
    const compiled = compileRuleSet(stored);
    const facts = { ...domesticDry, 'customer.segment': 'export', 'item.category': 'frozen', 'item.shelfLifeDays': 5 };
    const alone = await decide(compiled, facts);
    expect(alone.firedRules).toHaveLength(3);
    const staggered = async (ticks: number) => {
      for (let tick = 0; tick < ticks; tick++) await null;
      return decide(compiled, facts);
    };
    const together = await Promise.all(Array.from({ length: 30 }, (_, i) => staggered(i * 3)));
    together.forEach((decision) => expect(decision).toEqual(alone));
  });
});
