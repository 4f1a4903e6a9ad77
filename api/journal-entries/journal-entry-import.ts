import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../../db/errors';
import { ApiError, type ApiErrorDetail } from '../errors';
import { readEntriesCsv, type CsvEntry, type CsvProblem } from './entry-csv';
import { entryProblems, type AccountFacts } from './entry-rules';
import { accountFacts, postManualEntry, type PostingUser } from './journal-entry-service';

/**
 * Imports many manual entries from one CSV file (entryRef, date, account, debit, credit, memo; rows grouped by
 * entryRef), all with the import's reason. The whole file is validated first (text, amounts, dates, accounts,
 * balance per entry); then every entry is posted in the caller's transaction, each in a savepoint so a period
 * refusal is reported by row rather than aborting the rest. Any problem anywhere: 400 IMPORT_INVALID naming every
 * bad row and column, and the caller's transaction rolls back, so nothing of the file is written.
 */
export async function importEntries(
  em: EntityManager,
  text: string,
  reason: string,
  user: PostingUser,
): Promise<number[]> {
  const { entries, problems } = readEntriesCsv(text);
  const facts = await accountFacts(
    em,
    entries.flatMap((entry) => entry.lines.map((line) => line.account)),
  );
  for (const entry of entries) problems.push(...bookProblems(entry, facts));
  if (problems.length > 0) throw invalid(problems);
  const ids: number[] = [];
  for (const entry of entries) {
    try {
      const manual = { entryDate: entry.date, reference: entry.ref, reason, adjustment: false, lines: entry.lines };
      ids.push(await em.transactional((tx) => postManualEntry(tx, manual, user)));
    } catch (error) {
      if (!(error instanceof BooksError) && !(error instanceof ApiError)) throw error;
      problems.push({
        line: entry.rows[0] ?? 1,
        column: error.field === 'entryDate' ? 'date' : 'row',
        message: error.message,
      });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return ids;
}

/** The chart and balance problems of one entry, each placed on the file row (and column) it comes from. */
function bookProblems(entry: CsvEntry, facts: ReadonlyMap<string, AccountFacts>): CsvProblem[] {
  return entryProblems(entry.lines, facts).map((problem) => {
    const line = problem.line === undefined ? (entry.rows[0] ?? 1) : (entry.rows[problem.line] ?? 1);
    const column = problem.field === 'lines' ? 'debit' : problem.field;
    const message =
      problem.line === undefined
        ? `entry ${entry.ref}: ${problem.message}`
        : problem.message.replace(/^Line \d+: /, '');
    return { line, column, message };
  });
}

function invalid(problems: CsvProblem[]): ApiError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const details: ApiErrorDetail[] = sorted.map((p) => ({ ...p, path: `line ${p.line}, column ${p.column}` }));
  const first = details[0];
  return new ApiError(
    'IMPORT_INVALID',
    `The file has ${details.length} problem(s), nothing was imported; first: ${first?.path}: ${first?.message}`,
    first?.column,
    details,
  );
}
