import { type ZenDecision, ZenEngine } from '@gorules/zen-engine';
import { DEFAULT_RULE_SETS } from '../db/seeds/rule-seed';
import { canonicalJson, compileRuleSet, contentHash, decide, type Facts } from '../rules/engine';
import { validateRuleSet } from '../rules/rule-sets';
import decisionTable from './allocation-policy.jdm.json';
import { compareThroughput, note, prng, report } from './harness';

const FACTS = 10_000;
const IN_FLIGHT = 64;

const SEGMENTS = ['retail', 'wholesale', 'export', 'key-account', null] as const;
const CATEGORIES = ['food', 'pharma', 'hardware', 'dry', 'chilled', null] as const;
const WAREHOUSES = [
  ['MAIN', 'north'],
  ['EAST', 'east'],
  ['WEST', 'west'],
] as const;

/** Allocation facts as activities build them (allocationFacts), drawn from a seeded generator. */
function generateFacts(random: () => number): Facts[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const orNull = <T>(value: T): T | null => (random() < 0.2 ? null : value);
  return Array.from({ length: FACTS }, (_, i) => {
    const [warehouse, region] = pick(WAREHOUSES);
    return {
      'customer.code': `C-${i % 400}`,
      'customer.segment': pick(SEGMENTS),
      'customer.country': orNull(pick(['DE', 'FR', 'US'])),
      'customer.minShelfLifeDays': orNull(Math.floor(random() * 120)),
      'customer.tags': random() < 0.3 ? ['split-ok'] : [],
      'item.sku': `SKU-${i % 2000}`,
      'item.category': pick(CATEGORIES),
      'item.sourcing': pick(['make', 'buy', 'subcontract']),
      'item.lotTracked': random() < 0.5,
      'item.shelfLifeDays': orNull(30 + Math.floor(random() * 700)),
      'item.attributes': {},
      'warehouse.code': orNull(warehouse),
      'warehouse.region': orNull(region),
      'order.type': pick(['standard', 'rush', 'sample']),
      'order.channel': pick(['edi', 'web', 'phone', 'api']),
      'order.requestedDate': `2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 10)}`,
      'order.shipToCountry': orNull(pick(['DE', 'FR', 'US'])),
    };
  });
}

/** The same facts as zen reads them: `item.category` is a path there, so flat names become nested objects. */
function nested(facts: Facts): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(facts)) {
    const [group = '', field = ''] = name.split('.');
    (out[group] ??= {})[field] = value;
  }
  return out;
}

/** Both must decide the same on every fact, or the bench fails: a faster engine deciding otherwise proves nothing. */
async function checkSameOutcomes(
  ours: (fact: Facts) => Promise<{ rule: string | null; policy: unknown }>,
  zen: ZenDecision,
  facts: readonly Facts[],
  zenFacts: readonly unknown[],
): Promise<Map<string, number>> {
  const wins = new Map<string, number>();
  for (const [i, fact] of facts.entries()) {
    const { rule, policy } = await ours(fact);
    const theirs = (await zen.evaluate(zenFacts[i])).result as { rule?: string; policy?: unknown };
    const a = canonicalJson({ rule, policy });
    const b = canonicalJson({ rule: theirs.rule ?? null, policy: theirs.policy ?? null });
    if (a !== b) {
      throw new Error(`policy decisions differ on fact ${i} ${canonicalJson(fact)}:\n  ours ${a}\n  zen  ${b}`);
    }
    wins.set(rule ?? 'default policy', (wins.get(rule ?? 'default policy') ?? 0) + 1);
  }
  return wins;
}

/**
 * Policy decisions per second: our engine wrapper (`decide`, as the allocate-line activity calls it, on the seeded
 * allocation rule set) against @gorules/zen-engine evaluating the equivalent decision table
 * (allocation-policy.jdm.json, hit policy "first") on the same facts, once one decision at a time (as activities
 * decide) and once with IN_FLIGHT decisions awaited together (zen evaluates on its own threads).
 */
export async function policyDecisionsBench(seconds: number): Promise<void> {
  const seeded = DEFAULT_RULE_SETS.find((set) => set.code === 'allocation');
  const checked = validateRuleSet('allocation', seeded?.content);
  if (!checked.ok) throw new Error(`the seeded allocation rules are invalid: ${JSON.stringify(checked.errors)}`);
  const { content } = checked;
  const version = { ruleSetId: 1, type: 'allocation', version: 1, contentHash: contentHash(content), content } as const;
  const compiled = compileRuleSet(version);
  const zen = new ZenEngine().createDecision(decisionTable);
  const facts = generateFacts(prng(7));
  const zenFacts = facts.map(nested);
  const ours = (i: number) => decide(compiled, facts[i % FACTS] ?? {});
  const theirs = (i: number) => zen.evaluate(zenFacts[i % FACTS]);
  const wins = await checkSameOutcomes((fact) => decide(compiled, fact), zen, facts, zenFacts);

  const label = 'policy decisions through our engine wrapper (seeded allocation rules)';
  const target = { text: '>= 1x', met: (_value: number, ratio: number) => ratio >= 1 };
  const single = await compareThroughput(
    seconds,
    async (i) => void (await theirs(i)),
    async (i) => void (await ours(i)),
  );
  const baseline = { name: '@gorules/zen-engine decision table', value: single.baseline, unit: 'decisions/s' };
  report(label, single.work, 'decisions/s', baseline, target);
  note(`${FACTS} generated facts, the same decision from both: ${[...wins].map(([r, n]) => `${r} ${n}`).join(', ')}`);

  const batch = (decideOne: (i: number) => Promise<unknown>) => async (i: number) =>
    void (await Promise.all(Array.from({ length: IN_FLIGHT }, (_, k) => decideOne(i * IN_FLIGHT + k))));
  const together = await compareThroughput(seconds, batch(theirs), batch(ours));
  const zenTogether = { ...baseline, value: together.baseline * IN_FLIGHT };
  report(`${label}, ${IN_FLIGHT} in flight`, together.work * IN_FLIGHT, 'decisions/s', zenTogether, target);
}
