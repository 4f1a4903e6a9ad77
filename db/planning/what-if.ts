import type { EntityManager } from '@mikro-orm/postgresql';
import type { Demand } from '../../rules/mrp';
import { Item, ItemSupplier, Supplier } from '../entities';
import type { MrpSnapshot, SnapshotItem } from './mrp-snapshot';

/** Hypothetical demand a simulation plans for, beside the real demand. */
export interface WhatIfDemand {
  itemSku: string;
  /** Wanted on (ISO date). */
  date: string;
  quantity: number;
  note?: string;
}

/** A supplier's lead time as a simulation supposes it: for all the supplier's items, or for one item. */
export interface WhatIfLeadTime {
  supplierCode: string;
  itemSku?: string;
  leadTimeDays: number;
}

/** What a simulation changes in its inputs (stored on the run as `what_if`, recorded with its snapshot). */
export interface WhatIf {
  extraDemand: WhatIfDemand[];
  leadTimes: WhatIfLeadTime[];
}

/** The ref a hypothetical demand line is pegged by: `what-if #1` for the first line. */
export const whatIfRef = (index: number) => `what-if #${index + 1}`;

/**
 * A supplier's changed lead time for an item the snapshot buys or subcontracts from it (its preferred supplier, the
 * one the snapshot plans with); null when none applies. An item-specific change wins over the supplier-wide one,
 * whatever their order; made items keep their own lead time (the item's, not a supplier's).
 */
function changedLeadTime(item: SnapshotItem, changes: ReadonlyArray<WhatIfLeadTime>): number | null {
  if (item.source === 'make' || item.supplierCode === null) return null;
  const ofSupplier = changes.filter((c) => c.supplierCode === item.supplierCode);
  const specific = ofSupplier.findLast((c) => c.itemSku === item.sku);
  const general = ofSupplier.findLast((c) => c.itemSku === undefined);
  return (specific ?? general)?.leadTimeDays ?? null;
}

/**
 * The snapshot as a simulation sees it: the hypothetical demand added (kind `what-if`, ref `what-if #n`, so pegging
 * shows which suggestions it causes) and the changed lead times applied to the items. Pure: the snapshot passed in
 * is left as it was.
 */
export function applyWhatIf(snapshot: MrpSnapshot, whatIf: WhatIf | null): MrpSnapshot {
  if (!whatIf) return snapshot;
  const extra: Demand[] = whatIf.extraDemand.map((line, index) => ({
    ref: whatIfRef(index),
    kind: 'what-if',
    sku: line.itemSku,
    date: line.date,
    quantity: line.quantity,
  }));
  return {
    ...snapshot,
    items: snapshot.items.map((item) => {
      const leadTimeDays = changedLeadTime(item, whatIf.leadTimes);
      return leadTimeDays === null ? item : { ...item, leadTimeDays };
    }),
    demands: [...snapshot.demands, ...extra],
  };
}

/** A what-if line naming something that does not exist: the field's path and a sentence for people. */
export interface WhatIfProblem {
  path: string;
  message: string;
}

/**
 * Checks every item and supplier a what-if names: unknown SKUs and supplier codes, and an item-specific lead time
 * for an item the supplier does not supply. Returns the problems (empty: all known), each naming its field.
 */
export async function whatIfProblems(em: EntityManager, whatIf: WhatIf): Promise<WhatIfProblem[]> {
  const skus = [...whatIf.extraDemand.map((d) => d.itemSku), ...whatIf.leadTimes.flatMap((l) => l.itemSku ?? [])];
  const codes = whatIf.leadTimes.map((l) => l.supplierCode);
  const items = new Set((await em.find(Item, { sku: { $in: skus } }, { fields: ['sku'] })).map((i) => i.sku));
  const suppliers = new Set(
    (await em.find(Supplier, { code: { $in: codes } }, { fields: ['code'] })).map((s) => s.code),
  );
  const links = await em.find(
    ItemSupplier,
    { item: { sku: { $in: skus } }, supplier: { code: { $in: codes } } },
    { populate: ['item', 'supplier'] },
  );
  const linked = new Set(links.map((l) => `${l.supplier.code}\u0000${l.item.sku}`));
  const problems: WhatIfProblem[] = [];
  whatIf.extraDemand.forEach((line, i) => {
    if (!items.has(line.itemSku))
      problems.push({ path: `extraDemand[${i}].itemSku`, message: `No item ${line.itemSku}` });
  });
  whatIf.leadTimes.forEach((line, i) => {
    if (!suppliers.has(line.supplierCode)) {
      problems.push({ path: `leadTimes[${i}].supplierCode`, message: `No supplier ${line.supplierCode}` });
    } else if (line.itemSku !== undefined && !items.has(line.itemSku)) {
      problems.push({ path: `leadTimes[${i}].itemSku`, message: `No item ${line.itemSku}` });
    } else if (line.itemSku !== undefined && !linked.has(`${line.supplierCode}\u0000${line.itemSku}`)) {
      problems.push({
        path: `leadTimes[${i}].itemSku`,
        message: `Supplier ${line.supplierCode} does not supply ${line.itemSku}`,
      });
    }
  });
  return problems;
}
