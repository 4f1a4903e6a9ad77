import { formatCycle } from './bom-cycle';
import { lineRequirement, round6 } from './quantities';
import type { BomLookup, ExplodedComponent } from './types';

/** The BOM data itself loops (a cycle that slipped past the refusal): explosion stops instead of recursing forever. */
export class BomCycleError extends Error {
  constructor(readonly path: readonly string[]) {
    super(`The bills of materials form a cycle: ${formatCycle(path)}`);
    this.name = 'BomCycleError';
  }
}

export interface ExplodeOptions {
  /**
   * 'single' (default, kitting and issue): the components issued to the item itself, with phantoms passed through
   * to their components. 'all' (planning): every stocked component at every level, gross (no stock netted).
   */
  levels?: 'single' | 'all';
}

/**
 * Explodes `quantity` of `sku` through its effective BOMs. Each line's requirement is the parent quantity x
 * quantity per x (1 + scrap / 100), so planned scrap is applied once per level and compounds down the levels.
 * Phantoms never appear in the result: their components take their place. Components reached by several paths
 * are summed; the order is that of first appearance, depth first in BOM line order. An item without a BOM has no
 * components. Throws {@link BomCycleError} if the BOMs loop.
 */
export function explode(
  sku: string,
  quantity: number,
  lookup: BomLookup,
  options: ExplodeOptions = {},
): ExplodedComponent[] {
  const all = options.levels === 'all';
  const totals = new Map<string, ExplodedComponent>();
  const add = (componentSku: string, required: number, level: number) => {
    const seen = totals.get(componentSku);
    if (!seen) totals.set(componentSku, { componentSku, required, level });
    else {
      seen.required = round6(seen.required + required);
      seen.level = Math.max(seen.level, level);
    }
  };

  const visit = (parentSku: string, parentQuantity: number, level: number, path: string[]) => {
    const bom = lookup(parentSku);
    if (!bom) return;
    for (const line of bom.lines) {
      const required = lineRequirement(parentQuantity, line.quantityPer, line.scrapPercent);
      const seenAt = path.indexOf(line.componentSku);
      if (seenAt >= 0) throw new BomCycleError([...path.slice(seenAt), line.componentSku]);
      const phantom = lookup(line.componentSku)?.phantom ?? false;
      if (!phantom) add(line.componentSku, required, level);
      if (!phantom && !all) continue;
      // The path is shared down the recursion (pushed and popped) rather than copied per line.
      path.push(line.componentSku);
      visit(line.componentSku, required, phantom ? level : level + 1, path);
      path.pop();
    }
  };

  visit(sku, quantity, 1, [sku]);
  return [...totals.values()];
}
