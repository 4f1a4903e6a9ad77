import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../../db/sql';
import { stockedComponents, type Bucketing, type DerivedPegging, type Peg, type SupplyPegging } from '../../rules/mrp';
import { derivedPeggingOf, readRunStructure, type RunStructure } from '../../db/planning/derived-pegging';
import { ApiError } from '../errors';
import type { PegNode, PeggingTree } from './mrp-run-read-schemas';

/** BOMs are acyclic, so chains end; this only bounds a corrupt plan's walk. */
const MAX_DEPTH = 64;

/** Something that holds pegs: a planned order or an existing supply. */
interface Holder {
  /** A planned order's row id: the order the old whole-run walk listed them in. */
  id?: number;
  kind: string;
  ref: string;
  sku: string;
  date: string;
  pegs: Peg[];
}

/** An existing supply as the run's inputs recorded it: its item and date. */
interface SupplyAt {
  ref: string;
  sku: string;
  date: string;
}

interface OrderRow {
  id: number;
  planned_ref: string;
  sku: string;
  receipt_date: string;
  /** Null: derived from the item's stored inputs (runs stored before pegging was derived kept them here). */
  pegs: Peg[] | null;
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Safety stock and lot-size remainders peg to the item's SKU: keyed by kind too, so they never meet a demand. */
function keyOf(peg: { kind: string; ref: string }): string {
  return peg.kind === 'safety-stock' || peg.kind === 'lot-size-remainder' ? `${peg.kind}:${peg.ref}` : peg.ref;
}

/** A demand of an independent kind is of the item that serves it. */
function demandSku(holder: Holder, peg: Peg): string {
  return peg.kind === 'safety-stock' || peg.kind === 'lot-size-remainder' ? peg.ref : holder.sku;
}

/**
 * The part of a run's pegging one tree needs, read as the walk goes: planned orders by ref (the run's unique index),
 * and the holders serving a ref among the items that can serve it (a planned order's components by the run's
 * recorded BOMs, phantoms passed through; a demand's own item), never the whole plan: a 10,000-item run has
 * hundreds of thousands of planned orders, and reading them all for every tree took seconds.
 */
class PegReader {
  private readonly orders = new Map<string, Holder>();
  private readonly itemsRead = new Map<string, Holder[]>();
  /** Items' low-level codes: supplies are listed as the plan stored their items (by code, then SKU). */
  private readonly levelOf = new Map<string, number>();

  /** Items' pegging derived from their stored inputs, remembered (absent: the run stored the item's pegs). */
  private readonly derived = new Map<string, DerivedPegging>();
  private readonly derivedTried = new Set<string>();

  private readonly runId: number;

  constructor(
    private readonly em: EntityManager,
    private readonly run: { id: number; bucketing: Bucketing },
    private readonly structure: RunStructure,
    private readonly supplies: Map<string, SupplyAt>,
  ) {
    this.runId = run.id;
  }

  /** The derived pegging of these items (each derived once per walk). */
  async derive(skus: readonly string[]): Promise<void> {
    const wanted = [...new Set(skus)].filter((sku) => !this.derivedTried.has(sku));
    if (wanted.length === 0) return;
    for (const sku of wanted) this.derivedTried.add(sku);
    for (const [sku, pegging] of await derivedPeggingOf(this.em, this.run, wanted, this.structure)) {
      this.derived.set(sku, pegging);
    }
  }

  /** An item's derived pegging (after {@link derive}), or undefined when the run stored its pegs. */
  peggingOf(sku: string): DerivedPegging | undefined {
    return this.derived.get(sku);
  }

  /** The run's planned orders by ref (those it has), remembered. */
  async ordersByRef(refs: readonly string[]): Promise<void> {
    const wanted = [...new Set(refs)].filter((ref) => !this.orders.has(ref));
    if (wanted.length === 0) return;
    const rows = await query<OrderRow>(
      this.em,
      `select o.id, o.planned_ref, i.sku, to_char(o.receipt_date, 'YYYY-MM-DD') as receipt_date, o.pegs
         from mrp_planned_order o join item i on i.id = o.item_id
        where o.run_id = ? and o.planned_ref in (?)`,
      [this.runId, wanted],
    );
    await this.derive(rows.filter((row) => row.pegs === null).map((row) => row.sku));
    for (const row of rows) this.orders.set(row.planned_ref, this.plannedHolder(row));
  }

  order(ref: string): Holder | undefined {
    return this.orders.get(ref);
  }

  /** Up the chain from these holders: every parent planned order a `dependent` peg names, level by level. */
  async loadUp(from: readonly Holder[]): Promise<void> {
    let frontier = from;
    for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth += 1) {
      const parents = frontier.flatMap((h) => h.pegs.filter((p) => p.kind === 'dependent').map((p) => p.ref));
      const fresh = [...new Set(parents)].filter((ref) => !this.orders.has(ref));
      await this.ordersByRef(fresh);
      frontier = fresh.map((ref) => this.orders.get(ref)).filter((h): h is Holder => h !== undefined);
    }
  }

  /**
   * The holders serving `key` among the items that can (read by {@link loadDown} first): planned orders in id
   * order, then supplies.
   */
  servedBy(key: string, skus: readonly string[]): { holder: Holder; peg: Peg }[] {
    return this.holdersOf(skus).flatMap((holder) =>
      holder.pegs.filter((peg) => keyOf(peg) === key).map((peg) => ({ holder, peg })),
    );
  }

  /** Down the chain from `key`: the items serving it, then their planned orders' components, one query per level. */
  async loadDown(key: string, skus: readonly string[]): Promise<void> {
    let frontier = [{ key, skus }];
    for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth += 1) {
      await this.readItems(frontier.flatMap((f) => f.skus));
      frontier = frontier.flatMap((f) =>
        this.servedBy(f.key, f.skus)
          .filter(({ holder }) => holder.kind === 'planned-order')
          .map(({ holder }) => ({ key: holder.ref, skus: this.componentsOf(holder.sku) })),
      );
    }
  }

  /** A planned order's stocked components (phantoms passed through), by the BOMs the run planned with. */
  componentsOf(sku: string): string[] {
    return stockedComponents(sku, this.structure.bom);
  }

  /** Every planned order and supply of these items in the run, remembered per item. */
  private async readItems(skus: readonly string[]): Promise<void> {
    const wanted = [...new Set(skus)].filter((sku) => !this.itemsRead.has(sku));
    if (wanted.length > 0) {
      const orders = await query<OrderRow>(
        this.em,
        `select o.id, o.planned_ref, i.sku, to_char(o.receipt_date, 'YYYY-MM-DD') as receipt_date, o.pegs
           from mrp_planned_order o join item i on i.id = o.item_id
          where o.run_id = ? and i.sku in (?) order by o.id`,
        [this.runId, wanted],
      );
      const plans = await query<{ sku: string; low_level_code: number; supplies: SupplyPegging[] | null }>(
        this.em,
        `select i.sku, p.low_level_code, p.supplies from mrp_item_plan p join item i on i.id = p.item_id
          where p.run_id = ? and i.sku in (?) order by p.low_level_code, i.sku`,
        [this.runId, wanted],
      );
      await this.derive(plans.filter((plan) => plan.supplies === null).map((plan) => plan.sku));
      const bySku = new Map(wanted.map((sku) => [sku, { orders: [] as Holder[], supplies: [] as Holder[] }]));
      for (const row of orders) {
        const holder = this.orders.get(row.planned_ref) ?? this.plannedHolder(row);
        this.orders.set(row.planned_ref, holder);
        bySku.get(row.sku)?.orders.push(holder);
      }
      for (const plan of plans) {
        this.levelOf.set(plan.sku, plan.low_level_code);
        for (const s of plan.supplies ?? this.peggingOf(plan.sku)?.supplies ?? []) {
          const date = this.supplies.get(s.ref)?.date ?? '';
          bySku.get(plan.sku)?.supplies.push({ kind: s.kind, ref: s.ref, sku: s.sku, date, pegs: s.pegs });
        }
      }
      for (const [sku, held] of bySku) this.itemsRead.set(sku, [...held.orders, ...held.supplies]);
    }
  }

  /** The holders of these items (read already): planned orders in id order, then supplies by SKU. */
  private holdersOf(skus: readonly string[]): Holder[] {
    const all = skus.map((sku) => this.itemsRead.get(sku) ?? []);
    const orders = all
      .flatMap((held) => held.filter((h) => h.kind === 'planned-order'))
      .sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    const supplies = all
      .flatMap((held) => held.filter((h) => h.kind !== 'planned-order'))
      .sort((a, b) => (this.levelOf.get(a.sku) ?? 0) - (this.levelOf.get(b.sku) ?? 0) || byText(a.sku, b.sku));
    return [...orders, ...supplies];
  }

  private plannedHolder(row: OrderRow): Holder {
    const { id, planned_ref: ref, sku, receipt_date: date } = row;
    const pegs = row.pegs ?? this.peggingOf(sku)?.orders.get(ref) ?? [];
    return { id, kind: 'planned-order', ref, sku, date, pegs };
  }
}

/** Up: the demands a holder serves; through `dependent` pegs, the parent planned order's demands, and so on. */
function up(reader: PegReader, holder: Holder, depth: number, into: PegNode[]): void {
  for (const peg of holder.pegs) {
    const parent = peg.kind === 'dependent' ? reader.order(peg.ref) : undefined;
    into.push({
      depth,
      kind: parent ? 'planned-order' : peg.kind,
      ref: peg.ref,
      sku: parent?.sku ?? demandSku(holder, peg),
      quantity: peg.quantity,
      date: peg.date,
    });
    if (parent && depth < MAX_DEPTH) up(reader, parent, depth + 1, into);
  }
}

/** Down: the supplies and planned orders serving a ref; below a planned order, its components' orders. */
function down(reader: PegReader, key: string, skus: readonly string[], depth: number, into: PegNode[]): void {
  for (const { holder, peg } of reader.servedBy(key, skus)) {
    into.push({
      depth,
      kind: holder.kind,
      ref: holder.ref,
      sku: holder.sku,
      quantity: peg.quantity,
      date: holder.date,
    });
    if (holder.kind === 'planned-order' && depth < MAX_DEPTH)
      down(reader, holder.ref, reader.componentsOf(holder.sku), depth + 1, into);
  }
}

/**
 * What the walk needs of the run's recorded inputs: its BOMs, its supplies' dates, and the item of the asked ref
 * when it is a demand (safety stock and lot-size remainders name theirs). Read from the stored snapshot by
 * PostgreSQL, so only these parts travel. 404 naming `id` when there is no such run.
 */
async function runInputs(em: EntityManager, runId: number, ref: string) {
  const [row] = await query<{
    supplies: SupplyAt[] | null;
    sku: string | null;
    as_of: string;
    bucket_size: Bucketing['size'];
    bucket_count: number;
  }>(
    em,
    `select to_char(r.as_of, 'YYYY-MM-DD') as as_of, r.bucket_size, r.bucket_count,
            (select jsonb_agg(jsonb_build_object('ref', s->>'ref', 'date', s->>'date', 'sku', s->>'sku'))
               from jsonb_array_elements(r.snapshot->'supplies') s) as supplies,
            jsonb_path_query_first(r.snapshot->'demands', '$[*] \\? (@.ref == $ref).sku', jsonb_build_object('ref', ?::text))
              #>> '{}' as sku
       from mrp_run r where r.id = ?`,
    [ref, runId],
  );
  if (!row) throw new ApiError('NOT_FOUND', `No MRP run ${runId}`, 'id');
  const ownItem = /^(safety-stock|lot-size-remainder):(.+)$/.exec(ref)?.[2] ?? row.sku;
  return {
    run: { id: runId, bucketing: { size: row.bucket_size, start: row.as_of, count: row.bucket_count } },
    structure: await readRunStructure(em, runId),
    supplies: new Map((row.supplies ?? []).map((s) => [s.ref, s])),
    demandSku: ownItem,
  };
}

/**
 * The pegging tree of one ref in a run, both ways. A planned order or an existing supply: up, the demands it
 * serves, through parent planned orders to sales orders, forecasts or safety stock; down, what serves it (for a
 * planned order, its components' orders and supplies). A demand (a sales-order line, a forecast): down only.
 * 404 naming `ref` when the run knows nothing by it.
 */
export async function readPegging(em: EntityManager, runId: number, ref: string): Promise<PeggingTree> {
  const inputs = await runInputs(em, runId, ref);
  const reader = new PegReader(em, inputs.run, inputs.structure, inputs.supplies);
  await reader.ordersByRef([ref]);
  const holder = reader.order(ref) ?? (await supplyHolder(em, reader, runId, inputs.supplies.get(ref)));
  const upNodes: PegNode[] = [];
  const downNodes: PegNode[] = [];
  if (holder) {
    await reader.loadUp([holder]);
    up(reader, holder, 0, upNodes);
    if (holder.kind === 'planned-order') {
      const components = reader.componentsOf(holder.sku);
      await reader.loadDown(holder.ref, components);
      down(reader, holder.ref, components, 0, downNodes);
    }
    return { ref, kind: holder.kind, sku: holder.sku, up: upNodes, down: downNodes };
  }
  const skus = inputs.demandSku ? [inputs.demandSku] : [];
  await reader.loadDown(ref, skus);
  const served = reader.servedBy(ref, skus)[0];
  if (!served) throw new ApiError('NOT_FOUND', `MRP run ${runId} has no planned order, supply or demand ${ref}`, 'ref');
  down(reader, ref, skus, 0, downNodes);
  return { ref, kind: served.peg.kind, sku: served.holder.sku, up: upNodes, down: downNodes };
}

/** An existing supply of the run by its ref (on hand, a purchase line, a production order), from its item's plan. */
async function supplyHolder(
  em: EntityManager,
  reader: PegReader,
  runId: number,
  supply?: SupplyAt,
): Promise<Holder | undefined> {
  if (!supply) return undefined;
  await reader.derive([supply.sku]);
  const derived = reader.peggingOf(supply.sku)?.supplies.find((s) => s.ref === supply.ref);
  if (derived) return { kind: derived.kind, ref: derived.ref, sku: derived.sku, date: supply.date, pegs: derived.pegs };
  const [row] = await query<{ supply: SupplyPegging }>(
    em,
    `select s as supply from mrp_item_plan p join item i on i.id = p.item_id, json_array_elements(p.supplies) s
      where p.run_id = ? and i.sku = ? and s->>'ref' = ?`,
    [runId, supply.sku, supply.ref],
  );
  if (!row) return undefined;
  const s = row.supply;
  return { kind: s.kind, ref: s.ref, sku: s.sku, date: supply.date, pegs: s.pegs };
}
