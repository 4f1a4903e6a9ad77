import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpItemPlan, MrpPlannedOrder, type MrpRun } from '../../db/entities';
import type { Peg, Supply, SupplyPegging } from '../../rules/mrp';
import { ApiError } from '../errors';
import { runOrFail } from './mrp-run-read-detail';
import type { PegNode, PeggingTree } from './mrp-run-read-schemas';

/** BOMs are acyclic, so chains end; this only bounds a corrupt plan's walk. */
const MAX_DEPTH = 64;

/** Something that holds pegs: a planned order or an existing supply. */
interface Holder {
  kind: string;
  ref: string;
  sku: string;
  date: string;
  pegs: Peg[];
}

/** A run's pegging as a graph: every planned order and existing supply, and who is pegged to what. */
class PegGraph {
  readonly byRef = new Map<string, Holder>();
  /** Demand ref (or parent planned order ref for `dependent` pegs) -> the holders serving it, with the quantity. */
  readonly servedBy = new Map<string, { holder: Holder; peg: Peg }[]>();

  constructor(holders: Holder[]) {
    for (const holder of holders) {
      this.byRef.set(holder.ref, holder);
      for (const peg of holder.pegs) {
        const key = this.keyOf(peg);
        this.servedBy.set(key, [...(this.servedBy.get(key) ?? []), { holder, peg }]);
      }
    }
  }

  /** Safety stock and lot-size remainders peg to the item's SKU: keyed by kind too, so they never meet a demand. */
  keyOf(peg: { kind: string; ref: string }): string {
    return peg.kind === 'safety-stock' || peg.kind === 'lot-size-remainder' ? `${peg.kind}:${peg.ref}` : peg.ref;
  }

  /** Up: the demands a holder serves; through `dependent` pegs, the parent planned order's demands, and so on. */
  up(holder: Holder, depth: number, into: PegNode[]): void {
    for (const peg of holder.pegs) {
      const parent = peg.kind === 'dependent' ? this.byRef.get(peg.ref) : undefined;
      into.push({
        depth,
        kind: parent ? 'planned-order' : peg.kind,
        ref: peg.ref,
        sku: parent?.sku ?? this.demandSku(holder, peg),
        quantity: peg.quantity,
        date: peg.date,
      });
      if (parent && depth < MAX_DEPTH) this.up(parent, depth + 1, into);
    }
  }

  /** Down: the supplies and planned orders serving a ref; below a planned order, its components' orders. */
  down(key: string, depth: number, into: PegNode[]): void {
    for (const { holder, peg } of this.servedBy.get(key) ?? []) {
      into.push({
        depth,
        kind: holder.kind,
        ref: holder.ref,
        sku: holder.sku,
        quantity: peg.quantity,
        date: holder.date,
      });
      if (holder.kind === 'planned-order' && depth < MAX_DEPTH) this.down(holder.ref, depth + 1, into);
    }
  }

  /** A demand of an independent kind is of the item that serves it. */
  private demandSku(holder: Holder, peg: Peg): string {
    return peg.kind === 'safety-stock' || peg.kind === 'lot-size-remainder' ? peg.ref : holder.sku;
  }
}

async function graphOf(em: EntityManager, run: MrpRun): Promise<PegGraph> {
  const runId = run.id;
  const dateOf = new Map(
    ((run.snapshot as { supplies?: Supply[] } | null)?.supplies ?? []).map((s) => [s.ref, s.date]),
  );
  const orders = await em.find(MrpPlannedOrder, { run: runId }, { populate: ['item'], orderBy: { id: 'asc' } });
  const plans = await em.find(MrpItemPlan, { run: runId }, { fields: ['supplies'] });
  const supplies = plans.flatMap((p) => p.supplies as SupplyPegging[]);
  return new PegGraph([
    ...orders.map((o) => ({
      kind: 'planned-order',
      ref: o.plannedRef,
      sku: o.item.sku,
      date: o.receiptDate,
      pegs: o.pegs as Peg[],
    })),
    ...supplies.map((s) => ({ kind: s.kind, ref: s.ref, sku: s.sku, date: dateOf.get(s.ref) ?? '', pegs: s.pegs })),
  ]);
}

/**
 * The pegging tree of one ref in a run, both ways. A planned order or an existing supply: up, the demands it
 * serves, through parent planned orders to sales orders, forecasts or safety stock; down, what serves it (for a
 * planned order, its components' orders and supplies). A demand (a sales-order line, a forecast): down only.
 * 404 naming `ref` when the run knows nothing by it.
 */
export async function readPegging(em: EntityManager, runId: number, ref: string): Promise<PeggingTree> {
  const graph = await graphOf(em, await runOrFail(em, runId));
  const holder = graph.byRef.get(ref);
  const up: PegNode[] = [];
  const down: PegNode[] = [];
  if (holder) {
    graph.up(holder, 0, up);
    if (holder.kind === 'planned-order') graph.down(holder.ref, 0, down);
    return { ref, kind: holder.kind, sku: holder.sku, up, down };
  }
  const served = graph.servedBy.get(ref)?.[0];
  if (!served) throw new ApiError('NOT_FOUND', `MRP run ${runId} has no planned order, supply or demand ${ref}`, 'ref');
  graph.down(ref, 0, down);
  const { holder: first, peg } = served;
  return { ref, kind: peg.kind, sku: first.sku, up, down };
}
