import { canonicalCopy, decide, type CompiledRuleSet, type DecisionOf } from '../engine';
import { decideLotSize, lotSizingFacts, type LotSizeChoice, type LotSizingSubject } from './decide-lot-size';

/** One item's lot-size decision: what is stored (the decision's facts and fired rules) and what is planned. */
export interface ItemLotSize {
  sku: string;
  decision: DecisionOf<'lot-sizing'>;
  choice: LotSizeChoice;
}

/**
 * Decides the lot size of many items with one compiled lot-sizing version, in input order. Items whose facts read by
 * the rules are equal share one engine run (a regenerative MRP run has thousands of items but few distinct classes,
 * suppliers and sourcings), so the result is the same as deciding each item on its own, only faster; each decision
 * still carries its own item's facts.
 */
export async function decideLotSizes(
  compiled: CompiledRuleSet<'lot-sizing'>,
  subjects: ReadonlyArray<LotSizingSubject>,
): Promise<ItemLotSize[]> {
  const read = [...compiled.facts.read].sort();
  const shared = new Map<string, DecisionOf<'lot-sizing'>>();
  const out: ItemLotSize[] = [];
  for (const subject of subjects) {
    const facts = lotSizingFacts(subject);
    const key = JSON.stringify(read.map((name) => facts[name] ?? null));
    const known = shared.get(key);
    let decision: DecisionOf<'lot-sizing'>;
    if (known) {
      decision = { ...known, facts: canonicalCopy({ ...facts }, '$facts') };
    } else {
      decision = await decide(compiled, facts);
      shared.set(key, decision);
    }
    out.push({ sku: subject.sku, decision, choice: decideLotSize(decision, (rule) => compiled.policyOf(rule)) });
  }
  return out;
}
