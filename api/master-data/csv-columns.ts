/**
 * One CSV column of a master-data resource: its header name, how a cell becomes a value of the resource's create
 * body (validated afterwards by the same zod schema the API uses, so a CSV row and a POST obey the same rules),
 * and how a record's value is written back (export, so an exported file imports unchanged).
 */
export interface CsvColumn<R> {
  name: string;
  /** How a non-empty cell is read; `text` keeps it as typed (trimmed). */
  kind?: 'text' | 'number' | 'boolean';
  /** An empty cell means null (e.g. lead time unknown) rather than "use the default". */
  nullable?: boolean;
  /** A custom reader for structured cells (e.g. `BOX=12;PAL=480`); return the raw text to let zod refuse it. */
  parse?: (cell: string) => unknown;
  format: (record: R) => string;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

/** Reads one cell: empty -> undefined (or null when nullable); numbers and booleans converted when they parse. */
export function readCell<R>(column: CsvColumn<R>, raw: string): unknown {
  const cell = raw.trim();
  if (cell === '') return column.nullable ? null : undefined;
  if (column.parse) return column.parse(cell);
  if (column.kind === 'number') {
    const value = Number(cell);
    return Number.isFinite(value) ? value : cell;
  }
  if (column.kind === 'boolean') {
    const word = cell.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return cell;
  }
  return cell;
}

/** Formats a value for export: null/undefined as an empty cell, numbers and booleans as JSON writes them. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** A column whose value is a record property of the same name. */
export function column<R>(name: keyof R & string, options: Omit<CsvColumn<R>, 'name' | 'format'> = {}): CsvColumn<R> {
  return { name, ...options, format: (record) => cellText(record[name]) };
}
