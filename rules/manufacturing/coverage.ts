import { round6 } from './quantities';
import type { KittingComponent, KittingResult } from './kitting';

/** What brings a component: a purchase-order line, or a production order making it. */
export type SupplyType = 'purchase-order' | 'production-order';

/** An open supply of a component that will arrive: an open purchase-order line or an open production order. */
export interface OpenSupply {
  type: SupplyType;
  number: string;
  /** The purchase-order line; null for a production order. */
  lineNo: number | null;
  componentSku: string;
  /** What is still to arrive on the line. */
  openQuantity: number;
  /** YYYY-MM-DD */
  dueDate: string;
}

/** One supply line covering (part of) a shortage. */
export interface ShortageCover {
  type: SupplyType;
  number: string;
  lineNo: number | null;
  /** What of the line's open quantity was left for this shortage, after earlier demands' shortages took theirs. */
  openQuantity: number;
  /** The part of it that covers this shortage. */
  quantity: number;
  dueDate: string;
}

export type CoveredComponent = KittingComponent & { coveredBy: ShortageCover[]; uncovered: number };
export type CoveredResult = Omit<KittingResult, 'components'> & { components: CoveredComponent[] };

/**
 * Says which open supplies will cover each shortage, and when: shortages take supplies in the demands' priority
 * order, each the earliest due lines first (then by number and line), until it is covered, so no supply is
 * promised twice. `uncovered` is what no open supply covers.
 */
export function coverShortages(
  results: ReadonlyArray<KittingResult>,
  supplies: ReadonlyArray<OpenSupply>,
): CoveredResult[] {
  const queue = [...supplies]
    .sort(
      (a, b) =>
        a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number) || (a.lineNo ?? 0) - (b.lineNo ?? 0),
    )
    .map((s) => ({ ...s, left: s.openQuantity }));
  return results.map((result) => ({
    ...result,
    components: result.components.map((component) => {
      const coveredBy: ShortageCover[] = [];
      let missing = component.short;
      for (const supply of queue) {
        if (missing <= 0) break;
        if (supply.componentSku !== component.componentSku || supply.left <= 0) continue;
        const quantity = Math.min(missing, supply.left);
        coveredBy.push({
          type: supply.type,
          number: supply.number,
          lineNo: supply.lineNo,
          openQuantity: supply.left,
          quantity,
          dueDate: supply.dueDate,
        });
        supply.left = round6(supply.left - quantity);
        missing = round6(missing - quantity);
      }
      return { ...component, coveredBy, uncovered: missing };
    }),
  }));
}
