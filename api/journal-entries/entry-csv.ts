import { CsvSyntaxError, parseCsv } from '../master-data/csv';
import { toCents, type ManualLine } from './entry-rules';

/** The import file's columns (header row); memo may be empty, debit or credit empty means zero. */
export const ENTRY_CSV_COLUMNS = ['entryRef', 'date', 'account', 'debit', 'credit', 'memo'] as const;
const REQUIRED = ['entryRef', 'date', 'account', 'debit', 'credit'];

/** A problem of the file, named by the file's line (header = 1) and column, as people see the spreadsheet. */
export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

/** One entry of the file: its rows grouped by entryRef, in file order; `rows` holds each line's file line. */
export interface CsvEntry {
  ref: string;
  date: string;
  lines: ManualLine[];
  rows: number[];
}

/**
 * Reads an import file into entries (rows grouped by entryRef) and every problem of its text and values: missing
 * columns, bad dates, amounts that are not numbers of at most two decimals, rows of one entry with different dates.
 * Pure: accounts, balance and periods are checked afterwards against the books.
 */
export function readEntriesCsv(text: string): { entries: CsvEntry[]; problems: CsvProblem[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { entries: [], problems: [{ line: error.line, column: 'row', message: error.message }] };
    throw error;
  }
  const header = records[0]?.fields.map((name) => name.trim()) ?? [];
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    return {
      entries: [],
      problems: [{ line: 1, column: missing[0] ?? 'entryRef', message: `the header lacks ${missing.join(', ')}` }],
    };
  }
  if (records.length < 2)
    return { entries: [], problems: [{ line: 1, column: 'row', message: 'the file has no rows' }] };
  const problems: CsvProblem[] = [];
  const byRef = new Map<string, CsvEntry>();
  for (const record of records.slice(1)) {
    const cell = (name: string) => record.fields[header.indexOf(name)]?.trim() ?? '';
    const problem = (column: string, message: string) => problems.push({ line: record.line, column, message });
    const ref = cell('entryRef');
    const date = cell('date');
    if (!ref) problem('entryRef', 'entryRef is required');
    else if (ref.length > 80) problem('entryRef', 'entryRef must be at most 80 characters');
    if (!isDay(date)) problem('date', `date must be a day as YYYY-MM-DD, got "${date}"`);
    const debitCents = amount(cell('debit'), 'debit', problem);
    const creditCents = amount(cell('credit'), 'credit', problem);
    const account = cell('account');
    if (!account) problem('account', 'account is required');
    const memo = cell('memo');
    if (memo.length > 300) problem('memo', 'memo must be at most 300 characters');
    if (!ref) continue;
    const entry = byRef.get(ref) ?? { ref, date, lines: [], rows: [] };
    if (entry.date !== date && isDay(date) && isDay(entry.date)) {
      problem('date', `entry ${ref} is dated ${entry.date} on line ${entry.rows[0]}: all its rows need one date`);
    }
    entry.lines.push({
      account,
      debitCents: debitCents ?? 0,
      creditCents: creditCents ?? 0,
      ...(memo ? { memo } : {}),
    });
    entry.rows.push(record.line);
    byRef.set(ref, entry);
  }
  return { entries: [...byRef.values()], problems };
}

function amount(text: string, column: string, problem: (column: string, message: string) => void): number | null {
  if (text === '') return 0;
  const value = Number(text);
  const cents = /^-?\d+(\.\d+)?$/.test(text) ? toCents(value) : null;
  if (cents === null) problem(column, `${column} must be an amount with at most two decimals, got "${text}"`);
  return cents;
}

/** A real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
