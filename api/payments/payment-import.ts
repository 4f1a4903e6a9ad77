import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../../db/errors';
import { CsvSyntaxError, parseCsv } from '../master-data/csv';
import { ApiError, type ApiErrorDetail } from '../errors';
import { enterPayment } from './payment-service';
import { paymentInput, type PaymentInput } from './payment-schemas';

/** The bank statement's columns; `invoiceNumber` is optional (empty: the oldest open invoices first). */
export const STATEMENT_COLUMNS = ['kind', 'partner', 'amount', 'paidOn', 'reference', 'invoiceNumber'] as const;
const REQUIRED = ['kind', 'partner', 'amount', 'paidOn'];

/**
 * Enters every row of a bank statement CSV as a payment, in the caller's transaction and in file order (so the
 * oldest-first application of a later row sees what earlier rows paid). Every row is tried, each in a savepoint;
 * any bad row makes the whole import a 400 IMPORT_INVALID listing each problem with its line and column, and the
 * caller's transaction then rolls back: nothing of the file is written.
 */
export async function importStatement(
  em: EntityManager,
  text: string,
  ctx: { actor: string; today?: string },
): Promise<string[]> {
  const records = readRecords(text);
  const header = records[0]?.fields.map((name) => name.trim()) ?? [];
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0)
    throw invalid([{ line: 1, column: missing[0] ?? 'kind', message: `the header lacks ${missing.join(', ')}` }]);
  const problems: Array<{ line: number; column: string; message: string }> = [];
  const numbers: string[] = [];
  for (const record of records.slice(1)) {
    const cells = Object.fromEntries(header.map((name, index) => [name, record.fields[index]?.trim() ?? '']));
    const parsed = paymentInput.safeParse(rowInput(cells));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ line: record.line, column: columnOf(String(issue.path[0] ?? 'row')), message: issue.message });
      }
      continue;
    }
    try {
      const payment = await em.transactional((tx) =>
        enterPayment(tx, parsed.data, { actor: ctx.actor, source: 'import', today: ctx.today }),
      );
      numbers.push(payment.paymentNumber);
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof BooksError)) throw error;
      problems.push({ line: record.line, column: columnOf(error.field ?? 'row'), message: error.message });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return numbers;
}

/** A row as a payment: one invoice named applies the whole amount to it. */
function rowInput(cells: Record<string, string>): Partial<PaymentInput> {
  const amount = cells.amount === '' || cells.amount === undefined ? undefined : Number(cells.amount);
  return {
    kind: (cells.kind || undefined) as PaymentInput['kind'],
    partner: cells.partner || undefined,
    amount,
    paidOn: cells.paidOn || undefined,
    reference: cells.reference || undefined,
    ...(cells.invoiceNumber && amount !== undefined
      ? { allocations: [{ invoiceNumber: cells.invoiceNumber, amount }] }
      : {}),
  } as Partial<PaymentInput>;
}

/** A problem's field as the file's column: an allocation is the row's invoiceNumber (or its amount). */
function columnOf(field: string): string {
  if (field.startsWith('allocations')) return field.endsWith('.invoiceNumber') ? 'invoiceNumber' : 'amount';
  return field;
}

function readRecords(text: string) {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid([{ line: error.line, column: 'row', message: error.message }]);
    throw error;
  }
}

function invalid(problems: Array<{ line: number; column: string; message: string }>): ApiError {
  const details: ApiErrorDetail[] = problems.map((p) => ({ ...p, path: `line ${p.line}, column ${p.column}` }));
  const first = details[0];
  return new ApiError(
    'IMPORT_INVALID',
    `The statement has ${details.length} problem(s), nothing was imported; first: ${first?.path}: ${first?.message}`,
    first?.column,
    details,
  );
}
