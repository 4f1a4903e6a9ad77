/** The manufacturing API's shapes (issue 13 contract: /api/items/:sku/boms, routings, /api/manufacturing/kitting). */

/** One line of a BOM version: a component and how much of it one parent needs. */
export interface BomLine {
  lineNo: number;
  componentSku: string;
  name?: string;
  uom?: string;
  quantityPer: number;
  scrapPercent: number;
  /** Who supplies it in production: us, or the customer the production order is made for. */
  provision?: BomLineProvision;
}

/** 'customer': the production order's customer supplies the component (their material, never in our cost). */
export type BomLineProvision = 'ours' | 'customer';

/** One immutable BOM version of a parent item. */
export interface BomVersion {
  itemSku: string;
  version: number;
  effectiveFrom: string;
  phantom: boolean;
  note: string | null;
  createdBy?: string;
  createdAt?: string;
  lines: BomLine[];
}

export interface NewBomVersion {
  effectiveFrom: string;
  phantom: boolean;
  note?: string;
  lines: { componentSku: string; quantityPer: number; scrapPercent: number; provision: BomLineProvision }[];
}

/** A node of the exploded tree: required = parent quantity x quantity per x (1 + scrap / 100). */
export interface BomTreeNode {
  lineNo: number;
  componentSku: string;
  name: string;
  uom: string;
  quantityPer: number;
  scrapPercent: number;
  provision?: BomLineProvision;
  required: number;
  phantom: boolean;
  /** The component's own BOM version, null for a bought (leaf) component. */
  version: number | null;
  children: BomTreeNode[];
}

export interface BomTree {
  itemSku: string;
  itemName: string;
  uom: string;
  version: number;
  phantom: boolean;
  quantity: number;
  children: BomTreeNode[];
}

/** A parent using the item, directly (level 1) or further up the tree. */
export interface WhereUsedRow {
  itemSku: string;
  name: string;
  version: number;
  quantityPer: number;
  level: number;
}

export interface RoutingOperation {
  seq: number;
  workCentreCode: string;
  workCentreName?: string;
  description: string;
  setupHours: number;
  runHoursPerUnit: number;
}

export interface RoutingVersion {
  itemSku: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  createdBy?: string;
  operations: RoutingOperation[];
}

export interface NewRoutingVersion {
  effectiveFrom: string;
  note?: string;
  operations: RoutingOperation[];
}

export interface WorkCentreRate {
  effectiveFrom: string;
  labourRate: number;
  overheadRate: number | null;
  createdBy?: string;
}

export interface KittingDemand {
  itemSku: string;
  quantity: number;
  reference?: string;
}

export interface CoveringOrder {
  /** 'purchase-order' (a line of it) or 'production-order' (the whole order: lineNo null). */
  type: string;
  number: string;
  lineNo: number | null;
  openQuantity: number;
  /** The part of the open quantity that covers this shortage. */
  quantity?: number;
  dueDate: string | null;
}

export interface KittingComponent {
  componentSku: string;
  name: string;
  uom: string;
  required: number;
  available: number;
  short: number;
  coveredBy: CoveringOrder[];
  /** What of the shortage no open supply covers. */
  uncovered?: number;
}

export interface KittingResult {
  itemSku: string;
  quantity: number;
  reference: string | null;
  buildable: number;
  components: KittingComponent[];
}
