import { BomCycleError } from '../manufacturing/explode';
import type { BomLookup } from '../manufacturing/types';

/**
 * Low-level codes: for every item reached from `skus`, the deepest stocked level it is used at (0: never a
 * component). Phantoms are passed through (their components sit one level below the phantom's parent) and get no
 * code of their own: they are never planned. An item is planned only after every parent that can create demand
 * for it. Throws {@link BomCycleError} when the BOMs loop.
 */
export function lowLevelCodes(skus: Iterable<string>, bom: BomLookup): Map<string, number> {
  const codes = new Map<string, number>();
  const phantom = (sku: string) => bom(sku)?.phantom ?? false;

  // Depth first from each item; a component is visited again only when it is found deeper than before, so shared
  // sub-assemblies are not re-walked for every path that reaches them at the same depth.
  const visit = (parent: string, level: number, path: string[]) => {
    for (const line of bom(parent)?.lines ?? []) {
      const seenAt = path.indexOf(line.componentSku);
      if (seenAt >= 0) throw new BomCycleError([...path.slice(seenAt), line.componentSku]);
      path.push(line.componentSku);
      if (phantom(line.componentSku)) visit(line.componentSku, level, path);
      else if ((codes.get(line.componentSku) ?? -1) < level + 1) {
        codes.set(line.componentSku, level + 1);
        visit(line.componentSku, level + 1, path);
      }
      path.pop();
    }
  };

  for (const sku of skus) {
    if (phantom(sku)) continue;
    if (!codes.has(sku)) codes.set(sku, 0);
    visit(sku, codes.get(sku)!, [sku]);
  }
  return codes;
}
