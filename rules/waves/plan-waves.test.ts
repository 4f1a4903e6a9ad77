import { compileRuleSet, decide } from '../engine';
import { storedVersion } from '../engine/test-support';
import { FACT_CATALOGUES, validateRuleSet, type WavePolicy } from '../rule-sets';
import { DEFAULT_WAVE_RULES } from './default-wave-rules';
import { planWaves, waveFacts, type WaveCandidate } from './plan-waves';

const now = new Date('2026-12-03T12:00:00.000Z');
/** As seeded (db/seeds/rule-seed.ts). */
const seeded = DEFAULT_WAVE_RULES;

function order(orderNumber: string, overrides: Partial<WaveCandidate> = {}): WaveCandidate {
  return {
    orderNumber,
    customerCode: 'C-BOLT',
    carrier: 'DHL',
    cutoffAt: '2026-12-03T17:00:00.000Z',
    priority: 'normal',
    zones: ['A'],
    lines: 2,
    units: 5,
    ...overrides,
  };
}

async function decided(orders: WaveCandidate[]) {
  const compiled = compileRuleSet(storedVersion('wave', seeded, 7, 1));
  return Promise.all(
    orders.map(async (o) => {
      const decision = await decide(compiled, waveFacts(o, now));
      return { ...o, decision: { policy: decision.policy, rule: decision.rule } };
    }),
  );
}

const policy = (overrides: Partial<WavePolicy>): WavePolicy => ({
  groupBy: ['carrier-cutoff', 'zone'],
  maxOrders: 50,
  release: 'schedule',
  releaseMinutesBeforeCutoff: 60,
  ...overrides,
});

describe('wave rules', () => {
  test('the seeded set is valid and its facts are the declared ones', () => {
    expect(validateRuleSet('wave', seeded).ok).toBe(true);
    expect(Object.keys(waveFacts(order('SO-1'), now)).sort()).toEqual(Object.keys(FACT_CATALOGUES.wave).sort());
  });

  test('a policy naming a group key twice or a wave of 0 orders is refused by field', () => {
    const bad = validateRuleSet('wave', {
      rules: [],
      defaultPolicy: { release: 'schedule', groupBy: ['zone', 'zone'], maxOrders: 0 },
    });
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.errors.map((e) => String(e.path));
    expect(paths).toEqual(['$.defaultPolicy.groupBy[1]', '$.defaultPolicy.maxOrders']);
  });

  test('seeded rules: a cut-off within two hours gets small waves released at once, the rest wait', async () => {
    const orders = await decided([
      order('SO-3', { cutoffAt: '2026-12-03T13:30:00.000Z' }),
      order('SO-1'),
      order('SO-2', { zones: ['B'] }),
      order('SO-4'),
    ]);
    const waves = planWaves(orders, now);
    // Hand-computed: SO-3 leaves in 90 min (<= 120: rule fires, released now); SO-1 and SO-4 share DHL@17:00 and
    // zone A; SO-2 is alone in zone B; both held until 16:00 (60 min before the cut-off).
    expect(waves.map((w) => [w.orderNumbers, w.rule, w.release.action])).toEqual([
      [['SO-3'], 'cutoff-within-two-hours', 'release-now'],
      [['SO-1', 'SO-4'], null, 'hold'],
      [['SO-2'], null, 'hold'],
    ]);
    expect(waves[1]!.release.releaseAt).toBe('2026-12-03T16:00:00.000Z');
    expect(waves[0]!.release.reason).toBe('cut-off in 90 min (release 120 min before)');
  });
});

describe('planWaves', () => {
  const withPolicy = (o: WaveCandidate, p: WavePolicy) => ({ ...o, decision: { policy: p, rule: null } });

  test('splits a group at the maximum orders and units; full waves go at once, the rest are held', () => {
    const p = policy({ maxOrders: 2, maxUnits: 12 });
    const orders = [
      order('SO-1', { units: 5 }),
      order('SO-2', { units: 5, priority: 'high' }),
      order('SO-3', { units: 8 }),
      order('SO-4', { units: 3 }),
      order('SO-5', { units: 20 }),
    ].map((o) => withPolicy(o, p));
    const waves = planWaves(orders, now);
    // By priority then number: SO-2, SO-1 (full at 2), SO-3 + SO-4 (11 units, full at 2 orders), SO-5 alone.
    expect(waves.map((w) => [w.orderNumbers, w.units, w.release.action])).toEqual([
      [['SO-2', 'SO-1'], 10, 'release-now'],
      [['SO-3', 'SO-4'], 11, 'release-now'],
      [['SO-5'], 20, 'hold'],
    ]);
  });

  test('the group keys decide who goes together; a supervisor policy waits for the supervisor', () => {
    const p = policy({ groupBy: ['priority'], release: 'supervisor' });
    const orders = [
      order('SO-1', { zones: ['A'], carrier: 'UPS' }),
      order('SO-2', { zones: ['B'] }),
      order('SO-3', { priority: 'high' }),
    ].map((o) => withPolicy(o, p));
    const waves = planWaves(orders, now);
    expect(waves.map((w) => w.orderNumbers)).toEqual([['SO-3'], ['SO-1', 'SO-2']]);
    expect(waves[1]!.zones).toEqual(['A', 'B']);
    expect(waves.every((w) => w.release.action === 'await-supervisor')).toBe(true);
  });

  test('the same orders in any order give the same waves', () => {
    const orders = ['SO-1', 'SO-2', 'SO-3'].map((n, i) =>
      withPolicy(order(n, { zones: [i % 2 ? 'A' : 'B'] }), policy({})),
    );
    expect(planWaves([...orders].reverse(), now)).toEqual(planWaves(orders, now));
  });
});
