/**
 * RFC 4180 CSV, small and strict enough for spreadsheets people export: comma separated, fields optionally quoted
 * with `"`, a quote inside a quoted field doubled, commas and line breaks allowed inside quotes, CRLF or LF line
 * ends, a UTF-8 byte-order mark ignored. Written by hand (no dependency) because import errors must name the
 * file's own line numbers, which a record spanning lines makes different from the record index.
 */

/** One parsed record and the 1-based line of the file it starts on (header = line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A problem that makes the text unreadable as CSV (not a bad value: those are the importer's business). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text into records; blank lines (outside quotes) are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = 0;

  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < source.length) {
    const ch = source[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (field !== '' || wasQuoted) throw new CsvSyntaxError(line, 'a quote may only open a field');
      quoted = true;
      wasQuoted = true;
      i += 1;
      continue;
    }
    if (wasQuoted && ch !== ',' && ch !== '\r' && ch !== '\n') {
      throw new CsvSyntaxError(line, 'text after a closing quote; double a quote inside a quoted field ("")');
    }
    if (ch === ',') {
      endField();
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/** Quotes a field when it holds a comma, quote, line break or leading/trailing space. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes records as CSV with CRLF line ends (RFC 4180), ending with a line break. */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + (rows.length > 0 ? '\r\n' : '');
}
