/** Data shapes shared by the valuation functions. Quantities are integer milli-units, values integer cents. */

/** How issues are costed: oldest layers first, or at the running average of everything in stock. */
export type ValuationMethod = 'fifo' | 'moving-average';

/** A FIFO cost layer (for moving average: a single pooled layer). */
export interface Layer {
  /** The receipt that created the layer, or `'pool'` for the moving-average pool. */
  id: string;
  /** When the stock became available in the books; FIFO order follows this, not the posting order. */
  effectiveAt: number;
  /** Posting sequence; breaks ties between layers with the same effective time. */
  seq: number;
  /** Remaining quantity in milli-units, always > 0 (emptied layers are removed). */
  qty: number;
  /** Remaining value in cents, always >= 0. */
  value: number;
}

/** What an issue took from one layer. */
export interface Taken {
  layerId: string;
  /** Milli-units taken. */
  qty: number;
  /** Cents taken. */
  value: number;
}

/** The cost of one issue: total quantity and value, and the layers it came from (oldest first). */
export interface IssueOutcome {
  qty: number;
  value: number;
  taken: Taken[];
}

/** A receipt of stock: quantity in milli-units and its value in cents. */
export interface Receipt {
  id: string;
  effectiveAt: number;
  seq: number;
  qty: number;
  value: number;
}

/** A stock movement to replay: a receipt ('in') or an issue ('out'), each with its effective time and posting seq. */
export type ValuationEvent =
  | { id: string; kind: 'in'; effectiveAt: number; seq: number; qty: number; value: number }
  | { id: string; kind: 'out'; effectiveAt: number; seq: number; qty: number };
