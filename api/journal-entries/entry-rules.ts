/**
 * Pure checks of a manual journal entry (one a person keys in or imports: payroll, energy, rent, accruals), shared
 * by the form's POST and the CSV import so both refuse the same things with the same words.
 */

/** A manual entry's line; amounts in cents, exactly one side positive. */
export interface ManualLine {
  account: string;
  debitCents: number;
  creditCents: number;
  memo?: string;
}

/** What the checks need to know of an account (read from the chart: the one place that marks subledger control). */
export interface AccountFacts {
  code: string;
  subledgerControlled: boolean;
  active: boolean;
}

export type EntryProblemCode = 'UNKNOWN_ACCOUNT' | 'ACCOUNT_NOT_POSTABLE' | 'UNBALANCED_ENTRY' | 'VALIDATION_FAILED';

/** One thing wrong with an entry: `line` is the 0-based line index (absent: the entry as a whole). */
export interface EntryProblem {
  code: EntryProblemCode;
  line?: number;
  field: 'account' | 'debit' | 'credit' | 'lines';
  message: string;
}

/** Cents of an amount given in currency units, or null when it has more than two decimals or is not finite. */
export function toCents(amount: number): number | null {
  if (!Number.isFinite(amount)) return null;
  const cents = Math.round(amount * 100);
  return Math.abs(cents - amount * 100) < 1e-6 ? cents : null;
}

/** Formats cents as currency units with two decimals (for messages people read). */
export function formatCents(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * Every problem of an entry: no lines; a line with both or neither side, or a negative amount; an account that does
 * not exist, is deactivated or is controlled by a subledger (receivables, inventory, WIP, GRNI, payables, accrued
 * subcontract fees move only through their documents, so each reconciliation holds); debits unequal to credits.
 */
export function entryProblems(
  lines: readonly ManualLine[],
  accounts: ReadonlyMap<string, AccountFacts>,
): EntryProblem[] {
  if (lines.length === 0) return [{ code: 'VALIDATION_FAILED', field: 'lines', message: 'An entry needs lines' }];
  const problems = lines.flatMap((line, index) => lineProblems(line, index, accounts));
  const debit = lines.reduce((sum, line) => sum + line.debitCents, 0);
  const credit = lines.reduce((sum, line) => sum + line.creditCents, 0);
  if (debit !== credit) {
    problems.push({
      code: 'UNBALANCED_ENTRY',
      field: 'lines',
      message: `The entry does not balance: debits ${formatCents(debit)} vs credits ${formatCents(credit)}`,
    });
  }
  return problems;
}

function lineProblems(line: ManualLine, index: number, accounts: ReadonlyMap<string, AccountFacts>): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const at = `Line ${index + 1}`;
  if (line.debitCents < 0 || line.creditCents < 0) {
    const field = line.debitCents < 0 ? 'debit' : 'credit';
    problems.push({ code: 'VALIDATION_FAILED', line: index, field, message: `${at}: amounts must not be negative` });
  } else if (line.debitCents > 0 === line.creditCents > 0) {
    const message = `${at}: enter either a debit or a credit amount, not ${line.debitCents > 0 ? 'both' : 'neither'}`;
    problems.push({ code: 'VALIDATION_FAILED', line: index, field: 'debit', message });
  }
  const account = accounts.get(line.account);
  if (!account) {
    problems.push({
      code: 'UNKNOWN_ACCOUNT',
      line: index,
      field: 'account',
      message: `${at}: no account ${line.account}`,
    });
  } else if (account.subledgerControlled) {
    const message = `${at}: account ${line.account} is controlled by its subledger: only its documents post to it`;
    problems.push({ code: 'ACCOUNT_NOT_POSTABLE', line: index, field: 'account', message });
  } else if (!account.active) {
    const message = `${at}: account ${line.account} is deactivated`;
    problems.push({ code: 'ACCOUNT_NOT_POSTABLE', line: index, field: 'account', message });
  }
  return problems;
}
