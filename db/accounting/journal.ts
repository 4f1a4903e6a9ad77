import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../errors';
import { num, query, runSteps, type Step } from '../sql';
import { assertPeriodOpen, type PostingAccess } from './periods';

/** The accounts postings use; the chart is seeded by a migration. */
export const ACCOUNTS = {
  bank: '1000',
  receivable: '1100',
  inventory: '1300',
  grni: '2100',
  payable: '2200',
  outputTax: '2500',
  openingEquity: '3000',
  revenue: '4000',
  cogs: '5000',
  adjustments: '5100',
  scrap: '5200',
  consumption: '5300',
} as const;

export interface JournalLineInput {
  account: string;
  /** Amounts in cents; exactly one of debit and credit is positive. */
  debitCents?: number;
  creditCents?: number;
  /** What the line is for (manual entries); documents' postings leave it out. */
  memo?: string;
}

export interface JournalInput {
  entryDate: Date;
  sourceType: string;
  sourceRef: string;
  description: string;
  lines: JournalLineInput[];
  idempotencyKey: string;
  createdBy: string;
  reversalOf?: number;
  /** The period already checked (and share-locked) by the caller in this transaction. */
  periodCode?: string;
  /** Who posts, for a soft-locked period (default: an ordinary document, refused there). */
  access?: PostingAccess;
  /** The caller knows the idempotency key is new (e.g. derived from a move inserted just now): skip the lookup. */
  freshKey?: boolean;
}

/**
 * Posts a balanced journal entry (or returns the one already posted under the same idempotency key). Lines
 * that are zero are dropped; an entry with nothing left is not posted (returns null).
 */
export async function postJournal(em: EntityManager, input: JournalInput): Promise<number | null> {
  const lines = bookableLines(input);
  if (lines.length === 0) return null;
  if (!input.freshKey) {
    const [existing] = await query<{ id: number }>(em, 'select id from journal_entry where idempotency_key = ?', [
      input.idempotencyKey,
    ]);
    if (existing) return num(existing.id);
  }
  const period = input.periodCode ?? (await assertPeriodOpen(em, input.entryDate, input.access));
  // Entry and lines in one statement: a posting is many small round trips, and this saves all but one of them.
  const [entry] = await withAccountErrors(runSteps<{ id: number }>(em, journalSteps(input, lines, period), ENTRY_ID));
  return num(entry?.id);
}

/** The final select of a statement built with journalSteps: the new entry's id. */
export const ENTRY_ID = 'select (select id from journal_entry_row) as id';

/** The entry's non-zero lines; throws UNBALANCED_ENTRY unless their debits equal their credits. */
export function bookableLines(input: JournalInput): JournalLineInput[] {
  const lines = input.lines.filter((line) => (line.debitCents ?? 0) > 0 || (line.creditCents ?? 0) > 0);
  const debit = lines.reduce((sum, line) => sum + (line.debitCents ?? 0), 0);
  const credit = lines.reduce((sum, line) => sum + (line.creditCents ?? 0), 0);
  if (debit !== credit) {
    throw new BooksError(
      'UNBALANCED_ENTRY',
      `Entry ${input.sourceRef} does not balance: debit ${debit} vs credit ${credit} cents`,
    );
  }
  return lines;
}

/**
 * Steps that insert an entry (key assumed new, period already checked) and its lines, for a statement that may
 * write more besides; `lines` come from bookableLines. The entry's id is `select id from journal_entry_row`.
 */
export function journalSteps(input: JournalInput, lines: JournalLineInput[], period: string): Step[] {
  const entry: Step = {
    name: 'journal_entry_row',
    sql: `insert into journal_entry (entry_date, period_code, source_type, source_ref, description, reversal_of_id,
                                     idempotency_key, created_by, created_at)
          values (?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    params: [
      input.entryDate,
      period,
      input.sourceType,
      input.sourceRef,
      input.description.slice(0, 300),
      input.reversalOf ?? null,
      input.idempotencyKey,
      input.createdBy,
    ],
  };
  const values = lines.map(() => '(?, ?, ?, ?)').join(', ');
  const rows: Step = {
    name: 'journal_line_rows',
    sql: `insert into journal_line (entry_id, account_code, debit, credit, memo)
          select e.id, v.account, v.debit::numeric, v.credit::numeric, v.memo::varchar
            from journal_entry_row e, (values ${values}) as v (account, debit, credit, memo)`,
    params: lines.flatMap((line) => [
      line.account,
      (line.debitCents ?? 0) / 100,
      (line.creditCents ?? 0) / 100,
      line.memo?.slice(0, 300) ?? null,
    ]),
  };
  return [entry, rows];
}

/** Maps a line naming an account that does not exist to UNKNOWN_ACCOUNT. */
export async function withAccountErrors<T>(statement: Promise<T>): Promise<T> {
  try {
    return await statement;
  } catch (error) {
    if (String(error).includes('journal_line_account_code_foreign'))
      throw new BooksError('UNKNOWN_ACCOUNT', 'An account of the entry does not exist');
    throw error;
  }
}

/** A two-line entry: debit one account, credit another, by the same amount. */
export function pair(debitAccount: string, creditAccount: string, cents: number): JournalLineInput[] {
  if (cents < 0) return pair(creditAccount, debitAccount, -cents);
  return [
    { account: debitAccount, debitCents: cents },
    { account: creditAccount, creditCents: cents },
  ];
}
