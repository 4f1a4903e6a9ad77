import { EntitySchema } from '@mikro-orm/core';
import { moneyColumn, quantityColumn, timestampColumn } from './columns';
import { Item } from './catalog';
import { StockMove } from './inventory';
import { Warehouse } from './warehouse';

/**
 * A FIFO cost layer: what one receipt put into a valuation scope (an item, or an item in one warehouse) and
 * what is left of it. Ordered by the receipt's *effective* time, never by when it was posted.
 */
export class CostLayer {
  id!: number;
  item!: Item;
  warehouse: Warehouse | null = null;
  sourceMove!: StockMove;
  effectiveAt!: Date;
  quantityIn!: number;
  valueIn!: number;
  quantityRemaining!: number;
  valueRemaining!: number;
}

export const CostLayerSchema = new EntitySchema<CostLayer>({
  class: CostLayer,
  tableName: 'cost_layer',
  indexes: [{ properties: ['item', 'warehouse', 'effectiveAt'] }],
  checks: [{ name: 'cost_layer_remaining_range', expression: 'quantity_remaining >= 0 and value_remaining >= 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    warehouse: { kind: 'm:1', entity: () => Warehouse, nullable: true },
    sourceMove: { kind: 'm:1', entity: () => StockMove, unique: true },
    effectiveAt: { ...timestampColumn },
    quantityIn: { ...quantityColumn },
    valueIn: { ...moneyColumn },
    quantityRemaining: { ...quantityColumn },
    valueRemaining: { ...moneyColumn },
  },
});

/** Which layer (or the moving-average pool, layer null) an outgoing move took its cost from, and how much. */
export class LayerConsumption {
  id!: number;
  move!: StockMove;
  layer: CostLayer | null = null;
  quantity!: number;
  value!: number;
}

export const LayerConsumptionSchema = new EntitySchema<LayerConsumption>({
  class: LayerConsumption,
  tableName: 'layer_consumption',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    move: { kind: 'm:1', entity: () => StockMove, index: true },
    layer: { kind: 'm:1', entity: () => CostLayer, nullable: true, index: true },
    quantity: { ...quantityColumn },
    value: { ...moneyColumn },
  },
});

/** Quantity and value per valuation scope: the inventory sub-ledger, equal to the sum of its layers. */
export class ItemValuation {
  id!: number;
  item!: Item;
  warehouse: Warehouse | null = null;
  quantity = 0;
  value = 0;
  /** The latest effective time posted into the scope; a posting dated earlier is backdated and re-values. */
  lastEffectiveAt: Date | null = null;
  updatedAt: Date = new Date();
}

export const ItemValuationSchema = new EntitySchema<ItemValuation>({
  class: ItemValuation,
  tableName: 'item_valuation',
  indexes: [
    {
      name: 'item_valuation_scope_unique',
      expression:
        'create unique index "item_valuation_scope_unique" on "item_valuation" ("item_id", coalesce("warehouse_id", 0))',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    warehouse: { kind: 'm:1', entity: () => Warehouse, nullable: true },
    quantity: { ...quantityColumn, default: 0 },
    value: { ...moneyColumn, default: 0 },
    lastEffectiveAt: { ...timestampColumn, nullable: true },
    updatedAt: { ...timestampColumn },
  },
});

export type RevaluationStatus = 'pending' | 'running' | 'done' | 'failed';

/**
 * A re-valuation too large for the posting's own transaction: a durable workflow replays the scope in chunks,
 * each its own transaction, keeping its place (layers + cursor) here so a crash resumes where it stopped.
 */
export class RevaluationJob {
  id!: number;
  item!: Item;
  warehouse: Warehouse | null = null;
  method!: 'fifo' | 'moving-average';
  triggerMove!: StockMove;
  windowStart!: Date;
  status: RevaluationStatus = 'pending';
  totalEvents = 0;
  processedEvents = 0;
  revaluedMoves = 0;
  chunks = 0;
  checkpoint: Record<string, unknown> | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  finishedAt: Date | null = null;
}

export const RevaluationJobSchema = new EntitySchema<RevaluationJob>({
  class: RevaluationJob,
  tableName: 'revaluation_job',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    warehouse: { kind: 'm:1', entity: () => Warehouse, nullable: true },
    method: { type: 'string', length: 16 },
    triggerMove: { kind: 'm:1', entity: () => StockMove },
    windowStart: { ...timestampColumn },
    status: { type: 'string', length: 10, default: 'pending' },
    totalEvents: { type: 'number', default: 0 },
    processedEvents: { type: 'number', default: 0 },
    revaluedMoves: { type: 'number', default: 0 },
    chunks: { type: 'number', default: 0 },
    checkpoint: { type: 'json', nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    finishedAt: { ...timestampColumn, nullable: true },
  },
});
