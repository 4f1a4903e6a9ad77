import * as quantities from '../manufacturing/quantities';
import type { BomLookup, BomView } from '../manufacturing/types';
import { bucketOf, bucketsOf } from './buckets';
import { consumeForecasts } from './forecast';
import { lowLevelCodes } from './low-level-codes';
import { netItem, type NetDemand } from './plan-item';
import type {
  ExceptionMessage,
  ItemInputs,
  ItemPlan,
  MrpInput,
  MrpPlan,
  PlannedOrder,
  PlanningItem,
  PlanningProblem,
  Supply,
  SupplyPegging,
} from './types';

/** Read once, not through the module's getters at each call under tsx: see plan-item.ts. */
const lineRequirement = quantities.lineRequirement;
const round6 = quantities.round6;

/** What one low-level code produced: stored as it finishes, so a resumed run starts at the next code. */
export interface LevelResult {
  level: number;
  items: ItemPlan[];
  plannedOrders: PlannedOrder[];
  supplies: SupplyPegging[];
  exceptions: ExceptionMessage[];
  problems: PlanningProblem[];
}

/** Where a run can resume: the next low-level code and the dependent demand the finished codes created for it. */
export interface MrpCheckpoint {
  nextLevel: number;
  dependent: NetDemand[];
}

export interface PlanOptions {
  /** Resume after a crash: results of the finished codes are the caller's (stored); only later codes run. */
  resumeFrom?: MrpCheckpoint;
  /** Called after each low-level code with its results and the checkpoint to resume from. */
  onLevel?: (result: LevelResult, checkpoint: Pick<MrpCheckpoint, 'nextLevel'>) => void;
}

/** The run-wide part of a plan: the buckets, demand beyond the horizon, demand already past due. */
export interface PlanFrame {
  buckets: MrpPlan['buckets'];
  beyondHorizon: number;
  pastDue: ExceptionMessage[];
}

/** The buckets, what lies beyond the horizon, and the past-due demand messages (forecasts consumed first). */
export function planFrame(input: MrpInput): PlanFrame {
  const independent = consumeForecasts(input.demands, input.buckets);
  return {
    buckets: bucketsOf(input.buckets),
    beyondHorizon: independent.filter((demand) => bucketOf(input.buckets, demand.date) === null).length,
    pastDue: pastDueDemands(independent, input.buckets.start),
  };
}

/**
 * The calculation one low-level code at a time (every parent before its components): netting against stock and
 * scheduled receipts, lot sizing, offsetting by lead time and exploding planned orders into their components'
 * dependent demand (quantity per x (1 + scrap %), phantoms passed through). Yields each code's result with the
 * checkpoint to resume from, so a caller can store it before the next code starts. `pegging` false: planned orders
 * and supplies come without pegs (a stored plan derives them when read, rules/mrp/derive-pegging.ts).
 */
export function* planLevels(
  input: MrpInput,
  resumeFrom?: MrpCheckpoint,
  pegging = true,
): Generator<{ result: LevelResult; checkpoint: Pick<MrpCheckpoint, 'nextLevel'> }, void> {
  const buckets = bucketsOf(input.buckets);
  const items = new Map(input.items.map((item) => [item.sku, item]));
  const independent = consumeForecasts(input.demands, input.buckets);
  const skus = new Set<string>([
    ...items.keys(),
    ...independent.map((d) => d.sku),
    ...input.supplies.map((s) => s.sku),
  ]);
  const codes = lowLevelCodes([...skus].sort(), input.bom);
  const byLevel = new Map<number, string[]>();
  for (const [sku, level] of codes) push(byLevel, level, sku);

  const demandsOf = groupBy<NetDemand>(independent, (d) => d.sku);
  const suppliesOf = groupBy(input.supplies, (s) => s.sku);
  const dependent = new DependentDemand(pegging, demandsOf);
  for (const demand of resumeFrom?.dependent ?? []) dependent.add(demand);

  const levels = [...byLevel.keys()].sort((a, b) => a - b);
  for (const level of levels.filter((l) => l >= (resumeFrom?.nextLevel ?? 0))) {
    const result: LevelResult = { level, items: [], plannedOrders: [], supplies: [], exceptions: [], problems: [] };
    for (const sku of byLevel.get(level)!.sort()) {
      const item = items.get(sku);
      const demands = dependent.withOwn(sku, demandsOf.get(sku) ?? []);
      if (!item) {
        if (demands.length > 0)
          result.problems.push(problem(sku, 'unknown-item', `${sku} is not an item: its demand cannot be planned`));
        continue;
      }
      const problems = problemsOf(item, input.bom);
      result.problems.push(...problems);
      const supplies = suppliesOf.get(sku) ?? [];
      const netted = netItem(item, input.buckets, buckets, demands, supplies, problems.length === 0, pegging);
      result.items.push({
        sku,
        lowLevelCode: level,
        source: item.source,
        safetyStock: item.safetyStock,
        rows: netted.rows,
        inputs: { ...inputsOf(demands, supplies), item, boms: bomsUnder(sku, input.bom) },
      });
      result.plannedOrders.push(...netted.plannedOrders);
      result.supplies.push(...netted.supplies.map((supply) => ({ ...supply, sku })));
      result.exceptions.push(...netted.exceptions);
      for (const order of netted.plannedOrders) {
        dependent.addOrder(order, input.bom);
      }
    }
    const later = levels.filter((l) => l > level);
    yield { result, checkpoint: { nextLevel: later[0] ?? level + 1 } };
  }
}

/**
 * The dependent demand the planned orders of the codes done put on the codes below. With pegging, each order's own
 * (its pegs name it); without, summed per component and date: the netting needs only each bucket's total, and a large
 * run's 700,000 demands, each kept until its component's code and sorted with the others, were a third of its
 * calculation (bench/mrp.bench.ts). Summing, an order's requirements are only noted per component as they come (date
 * and quantity, no object), and added up per date when the component is netted: one pass over its own list then,
 * instead of a lookup in a map per component and date at every order, which went to memory all over the heap.
 */
class DependentDemand {
  /** The dates met, numbered: the components of one order share its release date. */
  private readonly dates: string[] = [];
  private readonly dateNumber = new Map<string, number>();
  private lastDate: string | undefined;
  private lastNumber = 0;
  /** Per component, its requirements in the order they came: date numbers and quantities. */
  private readonly noted = new Map<string, { dates: number[]; quantities: number[] }>();
  /** Per date number, where its sum is while one component's are added up (-1: none yet); all -1 between. */
  private slots = new Int32Array(0);
  /** One order's requirements: one pair of lists, refilled per order. */
  private readonly required: Requirements = { skus: [], quantities: [] };

  constructor(
    private readonly pegging: boolean,
    private readonly demandsOf: Map<string, NetDemand[]>,
  ) {}

  /** The demand a planned order puts on its components ({@link dependentDemand}'s). */
  addOrder(order: PlannedOrder, bom: BomLookup): void {
    if (this.pegging) {
      for (const demand of dependentDemand(order, bom)) push(this.demandsOf, demand.sku, demand);
      return;
    }
    if (order.type === 'purchase') return;
    const required = requirementsOf(order, bom, this.required);
    for (let i = 0; i < required.skus.length; i += 1) {
      this.note(required.skus[i]!, order.releaseDate, required.quantities[i]!);
    }
  }

  /** One dependent demand (a checkpoint's). */
  add(demand: NetDemand): void {
    if (this.pegging) push(this.demandsOf, demand.sku, demand);
    else this.note(demand.sku, demand.date, demand.quantity);
  }

  /** An item's demands to net: its own, with (pegging) its dependent ones already among them, or (not) their sums. */
  withOwn(sku: string, own: NetDemand[]): NetDemand[] {
    const noted = this.noted.get(sku);
    if (!noted) return own;
    this.noted.delete(sku);
    const { dates, quantities } = this.sumByDate(noted.dates, noted.quantities);
    const demands = own.slice();
    for (let i = 0; i < dates.length; i += 1) {
      const quantity = round6(quantities[i]!);
      demands.push({ ref: 'dependent', kind: 'dependent', sku, date: this.dates[dates[i]!]!, quantity });
    }
    return demands;
  }

  private note(sku: string, date: string, quantity: number): void {
    let noted = this.noted.get(sku);
    if (!noted) this.noted.set(sku, (noted = { dates: [], quantities: [] }));
    noted.dates.push(this.numberOf(date));
    noted.quantities.push(quantity);
  }

  private numberOf(date: string): number {
    if (date === this.lastDate) return this.lastNumber;
    let number = this.dateNumber.get(date);
    if (number === undefined) {
      number = this.dates.length;
      this.dateNumber.set(date, number);
      this.dates.push(date);
    }
    this.lastDate = date;
    this.lastNumber = number;
    return number;
  }

  /**
   * One component's requirements summed per date, in the order they came (each sum from 0, as a map of sums would
   * add them): the dates (numbers) in the order first met, with their sums.
   */
  private sumByDate(dateOf: number[], quantityOf: number[]): { dates: number[]; quantities: number[] } {
    if (this.slots.length < this.dates.length) this.slots = new Int32Array(this.dates.length * 2).fill(-1);
    const slots = this.slots;
    const dates: number[] = [];
    const quantities: number[] = [];
    for (let i = 0; i < dateOf.length; i += 1) {
      const date = dateOf[i]!;
      let slot = slots[date]!;
      if (slot < 0) {
        slot = dates.length;
        slots[date] = slot;
        dates.push(date);
        quantities.push(0);
      }
      quantities[slot] = quantities[slot]! + quantityOf[i]!;
    }
    for (const date of dates) slots[date] = -1;
    return { dates, quantities };
  }
}

/**
 * A regenerative MRP run over the horizon, whole: {@link planLevels} from the start (or a checkpoint) gathered into
 * one plan. Pure and deterministic: the same input gives the same plan.
 */
export function planMrp(input: MrpInput, options: PlanOptions = {}): MrpPlan {
  const frame = planFrame(input);
  const plan: MrpPlan = {
    buckets: frame.buckets,
    items: [],
    plannedOrders: [],
    supplies: [],
    exceptions: [],
    problems: [],
    beyondHorizon: frame.beyondHorizon,
  };
  for (const { result, checkpoint } of planLevels(input, options.resumeFrom)) {
    options.onLevel?.(result, checkpoint);
    plan.items.push(...result.items);
    plan.plannedOrders.push(...result.plannedOrders);
    plan.supplies.push(...result.supplies);
    plan.exceptions.push(...result.exceptions);
    plan.problems.push(...result.problems);
  }
  plan.exceptions.push(...frame.pastDue);
  return plan;
}

/** The components a planned order needs at its release: one level down, phantoms passed through to theirs. */
export function dependentDemand(
  order: Pick<PlannedOrder, 'id' | 'sku' | 'type' | 'quantity' | 'releaseDate'>,
  bom: BomLookup,
): NetDemand[] {
  if (order.type === 'purchase') return [];
  const required = requirementsOf(order, bom);
  return required.skus.map((sku, i) => ({
    ref: order.id,
    kind: 'dependent',
    sku,
    date: order.releaseDate,
    quantity: required.quantities[i]!,
  }));
}

/** What an order needs of each component: the components in the order first met, with their quantities. */
interface Requirements {
  skus: string[];
  quantities: number[];
}

/** What a (made or subcontracted) order needs of its components, into `required` (emptied first). */
function requirementsOf(
  order: Pick<PlannedOrder, 'sku' | 'quantity'>,
  bom: BomLookup,
  required: Requirements = { skus: [], quantities: [] },
): Requirements {
  // Emptied by pop(): setting a list's length is a call into V8's runtime, and a run explodes every order.
  while (required.skus.length > 0) required.skus.pop();
  while (required.quantities.length > 0) required.quantities.pop();
  explode(order.sku, order.quantity, bom, required);
  return required;
}

/*
 * The explosion and the BOM walks below are module functions, not closures made per call: a run explodes every
 * planned order, and under tsx (esbuild's keepNames) each closure was also named by a helper call when made.
 */

/**
 * Adds what `quantity` of `parent` needs of its components to `into` (a component met again, through a phantom,
 * adds to its quantity); phantoms passed through to their components.
 */
function explode(parent: string, quantity: number, bom: BomLookup, into: Requirements): void {
  for (const line of bom(parent)?.lines ?? []) {
    const required = lineRequirement(quantity, line.quantityPer, line.scrapPercent);
    if (bom(line.componentSku)?.phantom) {
      explode(line.componentSku, required, bom, into);
      continue;
    }
    const seen = into.skus.indexOf(line.componentSku);
    if (seen >= 0) into.quantities[seen] = round6(into.quantities[seen]! + required);
    else {
      into.skus.push(line.componentSku);
      into.quantities.push(required);
    }
  }
}

/** A lookup over a list of BOMs (an item's stored ones, a run's recorded ones). */
export function bomLookupOf(boms: ReadonlyArray<BomView>): BomLookup {
  const byParent = new Map(boms.map((view) => [view.parentSku, view]));
  return (sku) => byParent.get(sku);
}

/** The stocked components of an item's BOM, phantoms passed through. */
export function stockedComponents(sku: string, bom: BomLookup): string[] {
  const out = new Set<string>();
  const visit = (parent: string, depth: number) => {
    for (const line of bom(parent)?.lines ?? []) {
      if (bom(line.componentSku)?.phantom && depth < 64) visit(line.componentSku, depth + 1);
      else out.add(line.componentSku);
    }
  };
  visit(sku, 0);
  return [...out];
}

/** An item's BOM and the phantom BOMs its dependent demand passes through (none: a bought item). */
export function bomsUnder(sku: string, bom: BomLookup): BomView[] {
  const found: BomView[] = [];
  collectBoms(sku, bom, 0, found);
  return found;
}

/** Adds `parent`'s BOM to `found` (once), then the phantom BOMs under it. */
function collectBoms(parent: string, bom: BomLookup, depth: number, found: BomView[]): void {
  const view = bom(parent);
  if (!view || depth > 64 || found.includes(view)) return;
  found.push(view);
  for (const line of view.lines)
    if (bom(line.componentSku)?.phantom) collectBoms(line.componentSku, bom, depth + 1, found);
}

/**
 * An item's own inputs as its plan keeps them: the item's SKU left out of each, in one order whatever order the
 * run read them in (by date, kind and ref), so the same inputs store the same plan.
 */
export function inputsOf(demands: ReadonlyArray<NetDemand>, supplies: ReadonlyArray<Supply>): ItemInputs {
  return {
    demands: demands
      .filter((demand) => demand.kind !== 'dependent')
      .map(({ ref, kind, date, quantity }) => ({ ref, kind, date, quantity }))
      .sort(canonical),
    supplies: supplies.map(({ sku: _sku, ...supply }) => supply).sort(canonical),
  };
}

/** Plain character order of two strings (deterministic; no collation). */
export function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
const canonical = (a: { date: string; kind: string; ref: string }, b: { date: string; kind: string; ref: string }) =>
  byText(a.date, b.date) || byText(a.kind, b.kind) || byText(a.ref, b.ref);

/** Why an item cannot be planned (no lead time; made without a BOM): none when it can. */
export function problemsOf(item: PlanningItem, bom: BomLookup): PlanningProblem[] {
  const problems: PlanningProblem[] = [];
  if (item.leadTimeDays === null) {
    problems.push(
      problem(item.sku, 'unknown-lead-time', `${item.sku} has no lead time: no order can be planned for it`),
    );
  }
  if (item.source === 'make' && !bom(item.sku)) {
    problems.push(problem(item.sku, 'no-bom', `${item.sku} is made but has no effective bill of materials`));
  }
  return problems;
}

export function pastDueDemands(demands: ReadonlyArray<NetDemand>, start: string): ExceptionMessage[] {
  return demands
    .filter((demand) => demand.date < start)
    .sort((a, b) => a.sku.localeCompare(b.sku) || a.date.localeCompare(b.date) || a.ref.localeCompare(b.ref))
    .map((demand) => ({
      kind: 'past-due-demand' as const,
      sku: demand.sku,
      ref: demand.ref,
      fromDate: demand.date,
      toDate: null,
      quantity: demand.quantity,
      message: `${demand.ref} wanted ${demand.quantity} of ${demand.sku} on ${demand.date}, before this run`,
    }));
}

function problem(sku: string, reason: PlanningProblem['reason'], message: string): PlanningProblem {
  return { sku, reason, message };
}

/** Values grouped by key, in their order. */
export function groupBy<T>(values: ReadonlyArray<T>, key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) push(groups, key(value), value);
  return groups;
}

function push<K, T>(groups: Map<K, T[]>, key: K, value: T): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}
