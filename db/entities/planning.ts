import { EntitySchema } from '@mikro-orm/core';
import { Item } from './catalog';
import { dateColumn, quantityColumn, timestampColumn } from './columns';

/** Expected demand of an item on a date; in its MRP bucket the sales orders consume it (the larger counts). */
export class Forecast {
  id!: number;
  item!: Item;
  forecastDate!: string;
  quantity!: number;
  note: string | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
}

export const ForecastSchema = new EntitySchema<Forecast>({
  class: Forecast,
  tableName: 'forecast',
  uniques: [{ properties: ['item', 'forecastDate'] }],
  checks: [{ name: 'forecast_quantity_positive', expression: 'quantity > 0' }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    forecastDate: { ...dateColumn },
    quantity: { ...quantityColumn },
    note: { type: 'string', length: 200, nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/**
 * Where an MRP run stands: queued (taken in, its process starting) -> calculating -> review (a planner's task) ->
 * approved / rejected -> released; a newer run supersedes one still in review. A simulation ends at `simulated`.
 */
export type MrpRunStatus =
  'queued' | 'calculating' | 'review' | 'approved' | 'rejected' | 'released' | 'superseded' | 'simulated' | 'failed';

/**
 * One MRP run (`mrp-run:<id>`): its inputs as of one instant (`snapshot`, recorded with the run so the plan can be
 * explained and re-computed), the horizon, progress by low-level code, and the plan's counts once stored.
 */
export class MrpRun {
  id!: number;
  status: MrpRunStatus = 'queued';
  simulation = false;
  /** `mrp-run:<id>`; null for a run calculated outside a process (tests, benchmarks). */
  workflowId: string | null = null;
  asOf!: string;
  bucketSize!: 'day' | 'week';
  bucketCount!: number;
  /** A simulation's draft lot-sizing version; null: the version in force. */
  lotSizingVersion: number | null = null;
  /** A simulation's hypothetical changes (db/planning/what-if.ts `WhatIf`): extra demand, changed lead times. */
  whatIf: Record<string, unknown> | null = null;
  /** Null until the run's first step has read its inputs. */
  snapshot: Record<string, unknown> | null = null;
  levelsTotal = 0;
  levelsDone = 0;
  summary: Record<string, unknown> | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  finishedAt: Date | null = null;
}

export const MrpRunSchema = new EntitySchema<MrpRun>({
  class: MrpRun,
  tableName: 'mrp_run',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    status: { type: 'string', length: 20, default: 'queued', index: true },
    simulation: { type: 'boolean', default: false },
    workflowId: { type: 'string', length: 200, nullable: true, unique: true },
    asOf: { ...dateColumn },
    bucketSize: { type: 'string', length: 4 },
    bucketCount: { type: 'number' },
    lotSizingVersion: { type: 'number', nullable: true },
    whatIf: { type: 'json', nullable: true },
    snapshot: { type: 'json', nullable: true },
    levelsTotal: { type: 'number', default: 0 },
    levelsDone: { type: 'number', default: 0 },
    summary: { type: 'json', nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    finishedAt: { ...timestampColumn, nullable: true },
  },
});

/**
 * The result of one low-level code of a run, stored as it finishes: a calculation that crashed resumes after the
 * last stored code, from the dependent demand this row carries (`checkpoint`).
 */
export class MrpRunLevel {
  run!: MrpRun;
  level!: number;
  result!: Record<string, unknown>;
  checkpoint!: Record<string, unknown>;
  createdAt: Date = new Date();
}

export const MrpRunLevelSchema = new EntitySchema<MrpRunLevel>({
  class: MrpRunLevel,
  tableName: 'mrp_run_level',
  properties: {
    run: { kind: 'm:1', entity: () => MrpRun, primary: true, deleteRule: 'cascade' },
    level: { type: 'number', primary: true },
    result: { type: 'json' },
    checkpoint: { type: 'json' },
    createdAt: { ...timestampColumn },
  },
});

/**
 * One item's MRP grid in a run (a row per bucket) and the inputs it was netted from (`inputs`: its independent demand
 * and existing supply), as JSON. Pegging is derived from the inputs when read (db/planning/derived-pegging.ts); runs
 * stored before that kept their supplies' pegging in `supplies` (and `inputs` null).
 */
export class MrpItemPlan {
  run!: MrpRun;
  item!: Item;
  lowLevelCode!: number;
  /** The grid as stored (rules/mrp compactRows; plans stored before: rows): read it with fullRows. */
  rows!: unknown;
  supplies: unknown[] | null = null;
  inputs: Record<string, unknown> | null = null;
  /** Why net change last re-planned this item (`sales order SO-000123 placed`); null: as the run calculated it. */
  changeReason: string | null = null;
  changedAt: Date | null = null;
}

export const MrpItemPlanSchema = new EntitySchema<MrpItemPlan>({
  class: MrpItemPlan,
  tableName: 'mrp_item_plan',
  properties: {
    run: { kind: 'm:1', entity: () => MrpRun, primary: true, deleteRule: 'cascade' },
    item: { kind: 'm:1', entity: () => Item, primary: true },
    lowLevelCode: { type: 'number' },
    // `json`, not jsonb: written in bulk by every run, read whole (Migration20261202153000_mrp_plan_json).
    rows: { type: 'json', columnType: 'json' },
    supplies: { type: 'json', columnType: 'json', nullable: true },
    inputs: { type: 'json', columnType: 'json', nullable: true },
    changeReason: { type: 'string', length: 200, nullable: true },
    changedAt: { ...timestampColumn, nullable: true },
  },
});

/** What became of a suggestion: the planner approves (possibly changed), rejects, or release turns it into an order. */
export type PlannedOrderStatus = 'suggested' | 'approved' | 'rejected' | 'released';

/**
 * A planned order a run suggests. The demands it serves (its pegs, adding up to its quantity) are derived from its
 * item's stored inputs when read; `pegs` holds them only for runs stored before that (null since).
 */
export class MrpPlannedOrder {
  id!: number;
  run!: MrpRun;
  /** The calculation's id, `<sku>/<bucket>/<n>`: stable for the same inputs. */
  plannedRef!: string;
  item!: Item;
  orderType!: 'purchase' | 'production' | 'subcontract';
  quantity!: number;
  receiptDate!: string;
  releaseDate!: string;
  pastDue = false;
  status: PlannedOrderStatus = 'suggested';
  pegs: unknown[] | null = null;
  /** Why net change created or changed this suggestion; null: as the run calculated it. */
  changeReason: string | null = null;
  /** The purchase or production order release made of it (PO-... / PRD-...); set with status `released`. */
  documentNumber: string | null = null;
  releasedAt: Date | null = null;
}

export const MrpPlannedOrderSchema = new EntitySchema<MrpPlannedOrder>({
  class: MrpPlannedOrder,
  tableName: 'mrp_planned_order',
  uniques: [{ properties: ['run', 'plannedRef'] }],
  // An item's orders in a run: its grid, its derived pegging, net change's replace (Migration20261202175000).
  indexes: [{ properties: ['run', 'item'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    // Unchecked keys: a run writes its orders in bulk, and checking both keys per row was half of that
    // (Migration20261202181000_mrp_plan_rows_unchecked).
    run: { kind: 'm:1', entity: () => MrpRun, createForeignKeyConstraint: false },
    plannedRef: { type: 'string', length: 120 },
    item: { kind: 'm:1', entity: () => Item, createForeignKeyConstraint: false },
    orderType: { type: 'string', length: 12 },
    quantity: { ...quantityColumn },
    receiptDate: { ...dateColumn },
    releaseDate: { ...dateColumn },
    pastDue: { type: 'boolean', default: false },
    status: { type: 'string', length: 12, default: 'suggested' },
    pegs: { type: 'json', columnType: 'json', nullable: true },
    changeReason: { type: 'string', length: 200, nullable: true },
    documentNumber: { type: 'string', length: 20, nullable: true },
    releasedAt: { ...timestampColumn, nullable: true },
  },
});

/** An exception message of a run: expedite, defer or cancel existing supply; past-due releases and demands. */
export class MrpException {
  id!: number;
  run!: MrpRun;
  item!: Item;
  kind!: string;
  ref!: string;
  fromDate!: string;
  toDate: string | null = null;
  quantity!: number;
  message!: string;
}

export const MrpExceptionSchema = new EntitySchema<MrpException>({
  class: MrpException,
  tableName: 'mrp_exception',
  // An item's messages in a run: its grid and net change's replace (Migration20261202175000).
  indexes: [{ properties: ['run', 'item'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    // Unchecked keys, as a run's planned orders (Migration20261202181000_mrp_plan_rows_unchecked).
    run: { kind: 'm:1', entity: () => MrpRun, index: true, createForeignKeyConstraint: false },
    item: { kind: 'm:1', entity: () => Item, createForeignKeyConstraint: false },
    kind: { type: 'string', length: 20 },
    ref: { type: 'string', length: 120 },
    fromDate: { ...dateColumn },
    toDate: { ...dateColumn, nullable: true },
    quantity: { ...quantityColumn },
    message: { type: 'string', length: 500 },
  },
});

/**
 * A change to planning's inputs (a sales order placed, changed or cancelled, a receipt posted), recorded in the
 * transaction of the change itself; net change re-plans its item in the live plan and marks the row consumed by that
 * run (or the next regenerative run does, having read it with its inputs).
 */
export class MrpPendingChange {
  id!: number;
  item!: Item;
  /** Shown beside what it changed: `sales order SO-000123 placed`, `receipt on PO-000045`. */
  reason!: string;
  documentRef!: string;
  createdAt: Date = new Date();
  consumedByRun: MrpRun | null = null;
  consumedAt: Date | null = null;
}

export const MrpPendingChangeSchema = new EntitySchema<MrpPendingChange>({
  class: MrpPendingChange,
  tableName: 'mrp_pending_change',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    reason: { type: 'string', length: 200 },
    documentRef: { type: 'string', length: 60 },
    createdAt: { ...timestampColumn },
    consumedByRun: { kind: 'm:1', entity: () => MrpRun, nullable: true, deleteRule: 'cascade', index: true },
    consumedAt: { ...timestampColumn, nullable: true },
  },
});
