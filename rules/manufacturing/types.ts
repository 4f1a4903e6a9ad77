/** One component line of a BOM version, as explosion and kitting read it. */
export interface BomLineView {
  componentSku: string;
  /** Quantity of the component per one parent (> 0). */
  quantityPer: number;
  /** Planned scrap in percent (0 <= scrap < 100): required = quantity x quantityPer x (1 + scrap / 100). */
  scrapPercent: number;
}

/** The BOM version effective for a parent on the date in question. */
export interface BomView {
  parentSku: string;
  version: number;
  /** A phantom is never stocked: where it is used, its components are issued directly (skip-level). */
  phantom: boolean;
  lines: ReadonlyArray<BomLineView>;
}

/** The effective BOM of an item, or undefined for an item that is not made (bought, or no BOM yet). */
export type BomLookup = (sku: string) => BomView | undefined;

/** A component's gross requirement from an explosion. */
export interface ExplodedComponent {
  componentSku: string;
  /** Quantity needed, planned scrap included (once per level), summed over every path it is reached by. */
  required: number;
  /**
   * Depth below the exploded item counting stocked levels only (phantoms are skipped): 1 for what is issued to the
   * item itself; with several paths, the deepest (the low-level code planning nets in).
   */
  level: number;
}
