import { FlushMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { ApiError, type ApiErrorDetail } from '../errors';
import { readCell, type CsvColumn } from './csv-columns';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv';
import { humanValidationMessage } from '../validation-messages';

export type ImportMode = 'dry-run' | 'apply';

/** The 200 answer of an import that found nothing wrong. */
export interface ImportResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  errors: [];
  applied: boolean;
}

/** How a resource imports: its columns, the schema a row must satisfy, and the upsert that writes (and audits) it. */
export interface ImportSpec<Body> {
  /** People's word for one record, e.g. `item`. */
  label: string;
  /**
   * The column holding the key (`sku`, `code`), or the columns that together form it (`warehouse` + `code`);
   * keys must be unique within a file.
   */
  keyColumn: string | readonly string[];
  columns: ReadonlyArray<CsvColumn<never>>;
  /** Usually the resource's create schema: a row obeys the same rules as a POST. */
  rowSchema: z.ZodType<Body>;
  /** Optional: loads what the upserts need in one go (e.g. every existing record of the file's keys). */
  prepare?(em: EntityManager, bodies: Body[]): Promise<void>;
  /** Creates or updates one record (audited with `actor`); throws an ApiError naming the field for a bad row. */
  upsert(em: EntityManager, body: Body, actor: string): Promise<'created' | 'updated'>;
}

/** The key columns of a spec, first one first (errors without a field name it). */
const keyColumnsOf = (spec: { keyColumn: string | readonly string[] }): readonly string[] =>
  typeof spec.keyColumn === 'string' ? [spec.keyColumn] : spec.keyColumn;

/** Thrown inside the transaction to roll it back after a dry run or when any row failed. */
class RollBack extends Error {}

const detail = (line: number, column: string, message: string): ApiErrorDetail => ({
  line,
  column,
  message,
  path: `line ${line}, column ${column}`,
});

function refuse(errors: ApiErrorDetail[], label: string): never {
  const first = errors[0];
  const summary = `${errors.length} problem${errors.length === 1 ? '' : 's'} in the ${label} file`;
  throw new ApiError('IMPORT_INVALID', `${summary}; nothing was imported`, first?.column, errors);
}

function readRecords(text: string, label: string): CsvRecord[] {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) refuse([detail(error.line, '-', error.message)], label);
    throw error;
  }
}

/** Checks the header row: every column known, none twice, the key column present. */
function headerErrors<B>(spec: ImportSpec<B>, header: string[]): ApiErrorDetail[] {
  const known = new Set(spec.columns.map((c) => c.name));
  const errors: ApiErrorDetail[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) errors.push(detail(1, name, `unknown column; expected some of ${[...known].join(', ')}`));
    if (seen.has(name)) errors.push(detail(1, name, 'column appears twice'));
    seen.add(name);
  }
  for (const key of keyColumnsOf(spec)) {
    if (!seen.has(key)) errors.push(detail(1, key, 'the key column is missing'));
  }
  return errors;
}

/** Reads every data row through the row schema, collecting every problem of every row. */
function readRows<B>(spec: ImportSpec<B>, header: string[], records: CsvRecord[], errors: ApiErrorDetail[]) {
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const keyColumns = keyColumnsOf(spec);
  const keys = new Map<string, number>();
  const rows: Array<{ line: number; body: B }> = [];
  for (const record of records) {
    if (record.fields.length !== header.length) {
      errors.push(detail(record.line, '-', `has ${record.fields.length} fields; the header has ${header.length}`));
      continue;
    }
    const input: Record<string, unknown> = {};
    header.forEach((name, index) => {
      const value = readCell(byName.get(name) as CsvColumn<never>, record.fields[index] ?? '');
      if (value !== undefined) input[name] = value;
    });
    const parsed = spec.rowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push(detail(record.line, String(issue.path[0] ?? keyColumns[0]), humanValidationMessage(issue.message)));
      }
      continue;
    }
    const key = keyColumns.map((name) => String(input[name] ?? '')).join('/');
    const earlier = keys.get(key);
    if (earlier !== undefined) {
      const column = keyColumns[keyColumns.length - 1] as string;
      errors.push(detail(record.line, column, `${key} appears again (first on line ${earlier})`));
      continue;
    }
    keys.set(key, record.line);
    rows.push({ line: record.line, body: parsed.data });
  }
  return rows;
}

/**
 * Imports a CSV file: every row is read and checked, then upserted inside ONE transaction, so the domain checks
 * (frozen fields, unknown references) run exactly as on apply. Any problem anywhere -> 400 IMPORT_INVALID listing
 * them all by line and column, and the transaction rolls back; a dry run always rolls back.
 */
export async function runImport<B>(
  orm: MikroORM,
  spec: ImportSpec<B>,
  text: string,
  mode: ImportMode,
  actor: string,
): Promise<ImportResult> {
  const [headerRecord, ...records] = readRecords(text, spec.label);
  if (!headerRecord) refuse([detail(1, '-', 'the file is empty; the first line must name the columns')], spec.label);
  const header = headerRecord.fields.map((name) => name.trim());
  const errors = headerErrors(spec, header);
  if (errors.length > 0) refuse(errors, spec.label);
  const rows = readRows(spec, header, records, errors);

  const counts = { created: 0, updated: 0 };
  // Commit-time flushing: 1,000 rows are one flush, not one per lookup.
  const em = orm.em.fork({ flushMode: FlushMode.COMMIT });
  try {
    await em.transactional(
      async (tx) => {
        await spec.prepare?.(
          tx,
          rows.map((row) => row.body),
        );
        for (const row of rows) {
          try {
            counts[await spec.upsert(tx, row.body, actor)] += 1;
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            errors.push(detail(row.line, error.field ?? (keyColumnsOf(spec)[0] as string), error.message));
          }
        }
        if (errors.length > 0 || mode === 'dry-run') throw new RollBack();
      },
      { flushMode: FlushMode.COMMIT },
    );
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  if (errors.length > 0)
    refuse(
      errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      spec.label,
    );
  return { mode, rows: rows.length, ...counts, errors: [], applied: mode === 'apply' };
}
