import { AbstractControl, FormArray, FormControl, FormGroup, ValidatorFn, Validators } from '@angular/forms';
import { ArrayDef, FieldDef, MasterRecord, ResourceConfig } from './resource.types';

export type RecordForm = FormGroup<Record<string, AbstractControl>>;
export type RowForm = FormGroup<Record<string, FormControl<unknown>>>;

function validatorsOf(field: FieldDef): ValidatorFn[] {
  const validators: ValidatorFn[] = [];
  if (field.required && field.kind !== 'checkbox') validators.push(Validators.required);
  if (field.min !== undefined) validators.push(Validators.min(field.min));
  if (field.max !== undefined) validators.push(Validators.max(field.max));
  return validators;
}

function emptyValue(field: FieldDef): unknown {
  if (field.kind === 'checkbox') return false;
  if (field.kind === 'roles') return [];
  if (field.kind === 'number') return null;
  return '';
}

/** The form value of a wire value: selects hold strings, an unknown number stays empty. */
function formValue(field: FieldDef, value: unknown): unknown {
  if (value === undefined || value === null) return emptyValue(field);
  if (field.kind === 'select') return String(value);
  return value;
}

function control(field: FieldDef, value?: unknown): FormControl<unknown> {
  return new FormControl<unknown>(formValue(field, value), { nonNullable: true, validators: validatorsOf(field) });
}

export function newRow(array: ArrayDef, value: MasterRecord = {}): RowForm {
  const controls: Record<string, FormControl<unknown>> = {};
  for (const field of array.fields) controls[field.key] = control(field, value[field.key]);
  return new FormGroup(controls);
}

/** The form of a resource's record: one control per field, one FormArray per sub-record list. */
export function buildRecordForm(config: ResourceConfig, isNew: boolean): RecordForm {
  const controls: Record<string, AbstractControl> = {};
  for (const field of config.fields) {
    if (field.createOnly && !isNew) continue;
    controls[field.key] = control(field, isNew ? field.initial : undefined);
  }
  for (const array of config.arrays ?? []) controls[array.key] = new FormArray<RowForm>([]);
  return new FormGroup(controls);
}

/** Loads a record into the form (and marks it pristine: only what the user then changes is sent). */
export function fillRecordForm(form: RecordForm, config: ResourceConfig, record: MasterRecord): void {
  for (const field of config.fields) form.get(field.key)?.setValue(formValue(field, record[field.key]));
  for (const array of config.arrays ?? []) {
    const rows = form.get(array.key) as FormArray<RowForm> | null;
    if (!rows) continue;
    rows.clear();
    const values = Array.isArray(record[array.key]) ? (record[array.key] as MasterRecord[]) : [];
    for (const value of values) rows.push(newRow(array, value));
  }
  form.markAsPristine();
}

/** The wire value of one field: empty numbers are null ("unknown") or left out, selects typed back. */
function wireValue(field: FieldDef, value: unknown): unknown {
  const empty = value === null || value === undefined || value === '';
  if (field.kind === 'number') {
    if (empty) return field.nullable ? null : undefined;
    return Number(value);
  }
  if (field.kind === 'select') {
    if (empty) return field.nullable ? null : undefined;
    return field.numeric ? Number(value) : value;
  }
  if (field.kind === 'text' && typeof value === 'string') {
    // An empty optional text is left to the server's default (or cleared to null where null is allowed).
    if (value.trim() === '' && !field.required) return field.nullable ? null : undefined;
    return value.trim();
  }
  return value;
}

function rowValue(array: ArrayDef, row: AbstractControl): MasterRecord {
  const out: MasterRecord = {};
  for (const field of array.fields) {
    const value = wireValue(field, row.get(field.key)?.value);
    if (value !== undefined) out[field.key] = value;
  }
  return out;
}

/**
 * What to send: on create every field, on change only what the user changed (so an untouched frozen field
 * is never sent back). Disabled (frozen) fields are never sent.
 */
export function recordPayload(form: RecordForm, config: ResourceConfig, onlyChanged: boolean): MasterRecord {
  const out: MasterRecord = {};
  for (const field of config.fields) {
    const ctl = form.get(field.key);
    if (!ctl || ctl.disabled || (onlyChanged && !ctl.dirty)) continue;
    const value = wireValue(field, ctl.value);
    if (value !== undefined) out[field.key] = value;
  }
  for (const array of config.arrays ?? []) {
    const rows = form.get(array.key) as FormArray | null;
    if (!rows || rows.disabled || (onlyChanged && !rows.dirty)) continue;
    out[array.key] = rows.controls.map((row) => rowValue(array, row));
  }
  return out;
}

/** The fields the API reports frozen on a record (its history flag set), with the reason. */
export function frozenOf(
  config: ResourceConfig,
  record: MasterRecord | null,
): { fields: string[]; reason: string; short: string } {
  const rule = config.frozen;
  if (!rule || !record || record[rule.flag] !== true) return { fields: [], reason: '', short: '' };
  return { fields: rule.fields, reason: rule.reason, short: rule.short };
}
