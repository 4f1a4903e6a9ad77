/** The four figures compared per bucket (api/planning/mrp-compare-schemas.ts). */
export interface GridFigures {
  gross: number;
  plannedReceipts: number;
  plannedReleases: number;
  projectedOnHand: number;
}

export interface BucketDifference {
  start: string;
  live: GridFigures;
  whatIf: GridFigures;
  difference: GridFigures;
}

export interface ItemDifference {
  sku: string;
  itemName: string;
  totals: Omit<GridFigures, 'projectedOnHand'>;
  buckets: BucketDifference[];
}

interface OrderSide {
  plannedRef: string;
  quantity: number;
  releaseDate: string;
}

export interface OrderDifference {
  sku: string;
  type: string;
  receiptDate: string;
  live: OrderSide | null;
  whatIf: OrderSide | null;
}

export interface CompareRunHeader {
  id: number;
  status: string;
  simulation: boolean;
  asOf: string;
  bucketSize: 'day' | 'week';
  bucketCount: number;
}

export interface MrpComparison {
  run: CompareRunHeader & {
    whatIf: Pick<SimulationRequest, 'extraDemand' | 'leadTimes'> | null;
  };
  against: CompareRunHeader;
  comparedBuckets: string[];
  items: ItemDifference[];
  plannedOrders: { added: OrderDifference[]; removed: OrderDifference[]; changed: OrderDifference[] };
}

/** What the simulation form sends with `simulation: true` (POST /api/mrp-runs). */
export interface SimulationRequest {
  asOf?: string;
  bucketSize: 'day' | 'week';
  bucketCount: number;
  lotSizingVersion?: number;
  extraDemand: Array<{ itemSku: string; date: string; quantity: number; note?: string }>;
  leadTimes: Array<{ supplierCode: string; itemSku?: string; leadTimeDays: number }>;
}
