import { Engine } from 'json-rules-engine';
import { allocate, type Candidate, type OrderLine } from '../rules/allocation';
import { validateRuleSet } from '../rules/rule-sets';
import { note, prng, report } from './harness';

const LOTS = Number(process.env.BENCH_LOTS ?? 1_000_000);
const LINES = 10_000;
const SKUS = 10_000;

/** A million lots over ten thousand SKUs, some expired, some quarantined, across three warehouses. */
function candidates(random: () => number): Candidate[] {
  const warehouses = [
    ['MAIN', 10],
    ['EAST', 20],
    ['WEST', 30],
  ] as const;
  return Array.from({ length: LOTS }, (_, i) => {
    const [warehouseCode, warehousePriority] = warehouses[i % 3] ?? warehouses[0];
    return {
      sku: `SKU-${i % SKUS}`,
      warehouseCode,
      warehousePriority,
      locationCode: `${warehouseCode}-${i % 97}`,
      lotCode: `L${i}`,
      expiresOn: 20_000 + Math.floor(random() * 900),
      receivedAt: 1_700_000_000_000 + Math.floor(random() * 1e10),
      status: random() < 0.05 ? 'quarantine' : 'available',
      free: 1000 + Math.floor(random() * 50_000),
    };
  });
}

/** The lower bound: group by SKU, sort each group by expiry, scan it greedily (no filters, no policy). */
function sortAndScan(lines: readonly OrderLine[], lots: readonly Candidate[]): number {
  const groups = new Map<string, Candidate[]>();
  for (const lot of lots) {
    const group = groups.get(lot.sku);
    if (group) group.push(lot);
    else groups.set(lot.sku, [lot]);
  }
  let allocated = 0;
  for (const line of lines) {
    const group = (groups.get(line.sku) ?? []).sort((a, b) => (a.expiresOn ?? 0) - (b.expiresOn ?? 0));
    let open = line.quantity;
    for (const lot of group) {
      if (open <= 0) break;
      const take = Math.min(open, lot.free);
      allocated += take;
      open -= take;
    }
  }
  return allocated;
}

/**
 * Allocation of 10,000 order lines over 1,000,000 lots: the policy code (FEFO with filters) against the bare
 * sort-and-scan lower bound, and against evaluating a json-rules-engine rule per lot (measured on a sample of
 * lots, then scaled to the million: running it on all of them would take minutes).
 */
export async function allocationBench(): Promise<void> {
  const random = prng(42);
  const lots = candidates(random);
  const lines: OrderLine[] = Array.from({ length: LINES }, (_, i) => ({
    lineNo: i + 1,
    sku: `SKU-${i % SKUS}`,
    quantity: 20_000,
  }));
  const checked = validateRuleSet('allocation', {
    rules: [],
    defaultPolicy: {
      filters: { minRemainingShelfLifeDays: 30 },
      sortKeys: ['expiry-asc', 'warehouse-priority'],
      partial: 'allow-partial',
    },
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const policy = checked.content.defaultPolicy;

  const boundStart = performance.now();
  sortAndScan(lines, lots);
  const bound = performance.now() - boundStart;
  const start = performance.now();
  const result = allocate(lines, lots, policy, { today: 20_000, customerMinShelfLifeDays: null });
  const elapsed = performance.now() - start;
  const baseline = { name: 'bare sort-and-scan', value: bound, unit: 'ms' };
  report(`allocate ${LINES} lines over ${LOTS} lots (FEFO + filters)`, elapsed, 'ms', baseline, {
    text: '< 2000 ms and <= 3x sort-and-scan',
    met: (value, ratio) => value < 2000 && ratio <= 3,
  });
  note(`${result.filter((line) => line.allocated === line.requested).length} of ${LINES} lines fully allocated`);

  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({
    name: 'eligible-lot',
    conditions: {
      all: [
        { fact: 'status', operator: 'equal', value: 'available' },
        { fact: 'daysLeft', operator: 'greaterThanInclusive', value: 30 },
      ],
    },
    event: { type: 'eligible' },
  });
  const sample = Math.min(20_000, lots.length);
  const engineStart = performance.now();
  for (const lot of lots.slice(0, sample))
    await engine.run({ status: lot.status, daysLeft: (lot.expiresOn ?? 0) - 20_000 });
  const perLotScaled = ((performance.now() - engineStart) / sample) * lots.length;
  const engineBaseline = {
    name: `a json-rules-engine rule per lot (${sample} run, scaled to ${LOTS})`,
    value: perLotScaled,
    unit: 'ms',
  };
  report('allocate vs a rule per lot', elapsed, 'ms', engineBaseline, {
    text: '>= 100x faster',
    met: (_value, ratio) => ratio <= 0.01,
  });
}
