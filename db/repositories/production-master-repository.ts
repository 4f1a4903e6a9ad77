import type { EntityManager } from '@mikro-orm/postgresql';
import { num, query } from '../sql';

/*
 * The master data a production order pins at release and its reports read (BOMs, routings, work-centre rates), in
 * SQL. The rule for "effective on D" is the one api/manufacturing uses: the greatest effective_from <= D, ties to
 * the higher version.
 */

/** A BOM or routing version effective on a date. */
export interface PinnedVersion {
  id: number;
  version: number;
  phantom: boolean;
}

/** The BOM versions effective on `date` of the given items, by item id (items without one are absent). */
export async function effectiveBomsOf(
  em: EntityManager,
  itemIds: readonly number[],
  date: string,
): Promise<Map<number, PinnedVersion>> {
  if (itemIds.length === 0) return new Map();
  const rows = await query<Record<string, unknown>>(
    em,
    `select distinct on (item_id) item_id, id, version, phantom from bom
      where item_id in (?) and effective_from <= ?::date
      order by item_id, effective_from desc, version desc`,
    [[...new Set(itemIds)], date],
  );
  return new Map(
    rows.map((r) => [num(r.item_id), { id: num(r.id), version: num(r.version), phantom: Boolean(r.phantom) }]),
  );
}

/** The routing version effective on `date` of an item, or null. */
export async function effectiveRoutingOf(
  em: EntityManager,
  itemId: number,
  date: string,
): Promise<PinnedVersion | null> {
  const [r] = await query<Record<string, unknown>>(
    em,
    `select id, version from routing where item_id = ? and effective_from <= ?::date
      order by effective_from desc, version desc limit 1`,
    [itemId, date],
  );
  return r ? { id: num(r.id), version: num(r.version), phantom: false } : null;
}

/** A BOM line with what the material-issue rules ask about its component. */
export interface PinnedBomLine {
  lineNo: number;
  itemId: number;
  sku: string;
  category: string | null;
  abcClass: string | null;
  quantityPer: number;
  scrapPercent: number;
  /** Who provides it (issue 15): ours, or the order's customer (their material). */
  provision: 'ours' | 'customer';
}

/** The lines of BOM versions, by BOM id, in line order. */
export async function bomLinesOf(em: EntityManager, bomIds: readonly number[]): Promise<Map<number, PinnedBomLine[]>> {
  const byBom = new Map<number, PinnedBomLine[]>();
  if (bomIds.length === 0) return byBom;
  const rows = await query<Record<string, unknown>>(
    em,
    `select l.bom_id, l.line_no, i.id as item_id, i.sku, i.category, i.abc_class, l.quantity_per, l.scrap_percent,
            l.provision
       from bom_line l join item i on i.id = l.component_item_id
      where l.bom_id in (?) order by l.bom_id, l.line_no`,
    [[...new Set(bomIds)]],
  );
  for (const r of rows) {
    const lines = byBom.get(num(r.bom_id)) ?? [];
    lines.push({
      lineNo: num(r.line_no),
      itemId: num(r.item_id),
      sku: String(r.sku),
      category: r.category === null ? null : String(r.category),
      abcClass: r.abc_class === null ? null : String(r.abc_class),
      quantityPer: num(r.quantity_per),
      scrapPercent: num(r.scrap_percent),
      provision: r.provision === 'customer' ? 'customer' : 'ours',
    });
    byBom.set(num(r.bom_id), lines);
  }
  return byBom;
}

/** One operation of a routing version. */
export interface PinnedOperation {
  seq: number;
  workCentreId: number;
  workCentreCode: string;
  description: string;
  setupHours: number;
  runHoursPerUnit: number;
}

export async function routingOperationsOf(em: EntityManager, routingId: number): Promise<PinnedOperation[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `select o.seq, o.work_centre_id, w.code, o.description, o.setup_hours, o.run_hours_per_unit
       from routing_operation o join work_centre w on w.id = o.work_centre_id
      where o.routing_id = ? order by o.seq`,
    [routingId],
  );
  return rows.map((r) => ({
    seq: num(r.seq),
    workCentreId: num(r.work_centre_id),
    workCentreCode: String(r.code),
    description: String(r.description),
    setupHours: num(r.setup_hours),
    runHoursPerUnit: num(r.run_hours_per_unit),
  }));
}

/** A work centre's rates per hour valid on `date` (null overhead: none applied), or null when it has none yet. */
export async function ratesValidOn(
  em: EntityManager,
  workCentreId: number,
  date: string,
): Promise<{ labourRate: number; overheadRate: number | null } | null> {
  const [r] = await query<Record<string, unknown>>(
    em,
    `select labour_rate, overhead_rate from work_centre_rate
      where work_centre_id = ? and effective_from <= ?::date order by effective_from desc limit 1`,
    [workCentreId, date],
  );
  if (!r) return null;
  return { labourRate: num(r.labour_rate), overheadRate: r.overhead_rate === null ? null : num(r.overhead_rate) };
}
