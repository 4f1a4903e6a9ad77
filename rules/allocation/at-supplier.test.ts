import { compileRuleSet, contentHash, decide } from '../engine';
import { validateRuleSet } from '../rule-sets';
import { allocate, exclusionReasons } from './index';
import { exampleContext as context, line, lot } from './test-support';

/** A version as published before issue 15, when at-supplier was an allocatable status: stored exactly like this. */
const oldVersion = {
  rules: [
    {
      name: 'supplier stock for key accounts',
      priority: 5,
      conditions: { all: [{ fact: 'customer.segment', operator: 'equal', value: 'key-account' }] },
      event: {
        type: 'policy',
        params: {
          filters: { statuses: ['at-supplier'], excludeExpired: true },
          sortKeys: ['received-asc'],
          partial: 'backorder-rest',
        },
      },
    },
  ],
  defaultPolicy: {
    filters: { statuses: ['available', 'at-supplier'], excludeExpired: true },
    sortKeys: ['received-asc'],
    partial: 'allow-partial',
  },
};

const stock = [
  lot('AT-SUPPLIER', { status: 'at-supplier', receivedAt: 0, free: 5_000 }),
  lot('ON-SHELF', { receivedAt: 1, free: 2_000 }),
];

describe('at-supplier stock is never allocatable', () => {
  test('new content listing at-supplier is refused, naming filters.statuses and why', () => {
    const result = validateRuleSet('allocation', oldVersion, { authoring: true });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: '$.rules[0].event.params.filters.statuses[0]',
        message: expect.stringMatching(/^statuses may only list available: at-supplier stock is at a supplier/),
      },
      { path: '$.defaultPolicy.filters.statuses[1]', message: expect.stringContaining('cannot be promised') },
    ]);
    // Quarantine was never allowed, in either mode.
    const quarantine = { ...oldVersion.defaultPolicy, filters: { statuses: ['quarantine'] } };
    const read = validateRuleSet('allocation', { rules: [], defaultPolicy: quarantine });
    expect(read.ok ? [] : read.errors.map((e) => e.path)).toEqual(['$.defaultPolicy.filters.statuses[0]']);
  });

  test('a stored version listing it still compiles unchanged, and allocates none of it', async () => {
    expect(validateRuleSet('allocation', oldVersion)).toEqual({ ok: true, content: oldVersion });
    const compiled = compileRuleSet({
      ruleSetId: 3,
      type: 'allocation',
      version: 1,
      contentHash: contentHash(oldVersion),
      content: oldVersion,
    });
    const keyAccount = await decide(compiled, { 'customer.segment': 'key-account' });
    expect(keyAccount.rule).toBe('supplier stock for key accounts');
    const [onlySupplier] = allocate([line(3_000)], stock, keyAccount.policy, context);
    expect(onlySupplier).toMatchObject({ allocations: [], allocated: 0, backorder: 3_000 });
    // The shelf stock is passed over too: this old rule listed nothing allocatable, so it allocates nothing.
    expect(onlySupplier?.excluded.map((e) => [e.lotCode, e.reasons])).toEqual([
      ['AT-SUPPLIER', ['not-available']],
      ['ON-SHELF', ['not-available']],
    ]);

    const other = await decide(compiled, { 'customer.segment': 'retail' });
    expect(other.usedDefault).toBe(true);
    const [both] = allocate([line(3_000)], stock, other.policy, context);
    expect(both?.allocations.map((a) => [a.lotCode, a.qty])).toEqual([['ON-SHELF', 2_000]]);
    expect(exclusionReasons(other.policy.filters, context)(stock[0]!)).toEqual(['not-available']);
  });
});
