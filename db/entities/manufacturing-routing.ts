import { Collection, DecimalType, EntitySchema } from '@mikro-orm/core';
import { dateColumn, timestampColumn } from './columns';
import { Item } from './catalog';

/** Rates per hour: exact to 1/100 of a cent, so hours x rate rounds only once, at posting. */
const rateColumn = { type: new DecimalType('number'), precision: 14, scale: 4 } as const;

/** A work centre: where routing operations run (a machine group, a line, an assembly bench). */
export class WorkCentre {
  id!: number;
  code!: string;
  name!: string;
  /** Deactivated work centres stay on old routings but new routing versions refuse them. */
  active = true;
  rates = new Collection<WorkCentreRate>(this);
  createdAt: Date = new Date();
}

export const WorkCentreSchema = new EntitySchema<WorkCentre>({
  class: WorkCentre,
  tableName: 'work_centre',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 20, unique: true },
    name: { type: 'string', length: 200 },
    active: { type: 'boolean', default: true },
    rates: { kind: '1:m', entity: () => WorkCentreRate, mappedBy: 'workCentre', orderBy: { effectiveFrom: 'asc' } },
    createdAt: { ...timestampColumn },
  },
});

/**
 * A work centre's labour and overhead rates per hour from a date on: the rate valid on date D is the row with the
 * greatest `effectiveFrom` <= D, so an operation report costs at the rates of its own date. Rows are never changed
 * (a new rate is a new row), which keeps every posted report explainable.
 */
export class WorkCentreRate {
  id!: number;
  workCentre!: WorkCentre;
  /** ISO date the rates apply from. */
  effectiveFrom!: string;
  labourRate!: number;
  /** Null: no overhead is applied (it reaches orders only through the period close's distribution). */
  overheadRate: number | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
}

export const WorkCentreRateSchema = new EntitySchema<WorkCentreRate>({
  class: WorkCentreRate,
  tableName: 'work_centre_rate',
  uniques: [{ properties: ['workCentre', 'effectiveFrom'] }],
  checks: [
    {
      name: 'work_centre_rate_not_negative',
      expression: 'labour_rate >= 0 and (overhead_rate is null or overhead_rate >= 0)',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    workCentre: { kind: 'm:1', entity: () => WorkCentre },
    effectiveFrom: { ...dateColumn },
    labourRate: { ...rateColumn },
    overheadRate: { ...rateColumn, nullable: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/**
 * One version of how an item is made: its operations in sequence. Versions are immutable (a released production
 * order pins the routing id); a change is a new version. The version effective on D is the greatest
 * `effectiveFrom` <= D, ties to the higher version.
 */
export class Routing {
  id!: number;
  item!: Item;
  version!: number;
  effectiveFrom!: string;
  note: string | null = null;
  operations = new Collection<RoutingOperation>(this);
  createdBy!: string;
  createdAt: Date = new Date();
}

export const RoutingSchema = new EntitySchema<Routing>({
  class: Routing,
  tableName: 'routing',
  uniques: [{ properties: ['item', 'version'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    item: { kind: 'm:1', entity: () => Item },
    version: { type: 'number' },
    effectiveFrom: { ...dateColumn },
    note: { type: 'text', nullable: true },
    operations: { kind: '1:m', entity: () => RoutingOperation, mappedBy: 'routing', orderBy: { seq: 'asc' } },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

/** One operation of a routing: at a work centre, a setup once per order plus run hours per unit made. */
export class RoutingOperation {
  id!: number;
  routing!: Routing;
  /** 10, 20, 30 ...: the order operations run in (gaps leave room to insert one in a later version). */
  seq!: number;
  workCentre!: WorkCentre;
  description!: string;
  setupHours!: number;
  runHoursPerUnit!: number;
}

export const RoutingOperationSchema = new EntitySchema<RoutingOperation>({
  class: RoutingOperation,
  tableName: 'routing_operation',
  uniques: [{ properties: ['routing', 'seq'] }],
  checks: [
    {
      name: 'routing_operation_valid',
      expression: 'seq > 0 and setup_hours >= 0 and run_hours_per_unit >= 0',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    routing: { kind: 'm:1', entity: () => Routing, deleteRule: 'cascade' },
    seq: { type: 'number' },
    workCentre: { kind: 'm:1', entity: () => WorkCentre },
    description: { type: 'string', length: 200 },
    setupHours: { type: new DecimalType('number'), precision: 12, scale: 4 },
    runHoursPerUnit: { type: new DecimalType('number'), precision: 14, scale: 6 },
  },
});
