import { ListColumn, ListFilter, ListFilterOption } from '../../shared/list/list.types';

/** One master-data record as the API sends it; its shape depends on the resource. */
export type MasterRecord = Record<string, unknown>;

export type FieldKind = 'text' | 'number' | 'select' | 'checkbox' | 'roles' | 'password';

/** One field of a record form; `key` is the API's field name (400s name it in `details[].path`). */
export interface FieldDef {
  key: string;
  label: string;
  kind: FieldKind;
  options?: ListFilterOption[];
  required?: boolean;
  /** An empty field is sent as null ("unknown"), not 0 or ''. */
  nullable?: boolean;
  min?: number;
  max?: number;
  /** The record's key: entered on create, read-only afterwards. */
  isKey?: boolean;
  /** Only on create (e.g. a new user's first password). */
  createOnly?: boolean;
  hint?: string;
  /** A select whose values are numbers on the wire (months). */
  numeric?: boolean;
  /** The value a new record starts with. */
  initial?: unknown;
}

/** Fields the API freezes once a record has history, as the record reports it (`hasMoves: true`). */
export interface FrozenRule {
  /** The record's boolean that says the fields are frozen. */
  flag: string;
  fields: string[];
  reason: string;
  /** The reason in a few words, under each frozen field. */
  short: string;
}

/** A list of sub-records edited inside the record (an item's unit conversions, a customer's ship-to addresses). */
export interface ArrayDef {
  key: string;
  label: string;
  addLabel: string;
  fields: FieldDef[];
}

/** Extra panels a record page shows below its form once the record exists. */
export type RecordPanel = 'item-suppliers' | 'warehouse-layout' | 'work-centre-rates';

/** Everything the generic list and record pages need to manage one resource. */
export interface ResourceConfig {
  /** The API collection under /api. */
  resource: string;
  /** The console path under /master-data. */
  path: string;
  title: string;
  singular: string;
  /** The field that identifies a record in the API's URLs. */
  key: string;
  columns: ListColumn<MasterRecord>[];
  filters?: ListFilter[];
  defaultSort?: string;
  fields: FieldDef[];
  arrays?: ArrayDef[];
  panels?: RecordPanel[];
  frozen?: FrozenRule;
  /** Roles that may write (the API enforces the same rule). */
  writeRoles: string[];
  /** No deactivate/reactivate (company settings). */
  singleton?: boolean;
}

export const options = (...values: string[]): ListFilterOption[] => values.map((value) => ({ value, label: value }));
