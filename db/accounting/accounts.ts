import type { EntityManager } from '@mikro-orm/postgresql';
import { BooksError } from '../errors';
import { query } from '../sql';

/** Which of `codes` have journal lines (one indexed probe per code, in one statement). */
export async function accountsWithPostings(em: EntityManager, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await query<{ code: string }>(
    em,
    `select c.code from (values ${codes.map(() => '(?)').join(', ')}) as c (code)
      where exists (select 1 from journal_line jl where jl.account_code = c.code)`,
    codes,
  );
  return new Set(rows.map((row) => row.code));
}

/**
 * Refuses a manual journal entry (one a person keys in, not a document's posting) that touches an account a
 * subledger controls: receivables, inventory, WIP, GRNI, payables and accrued subcontract fees move only through
 * their documents, so each reconciliation can hold (POSTINGS.md). Also refuses deactivated accounts.
 */
export async function assertManualPostable(em: EntityManager, accounts: string[]): Promise<void> {
  if (accounts.length === 0) return;
  const rows = await query<{ code: string; subledger_controlled: boolean; active: boolean }>(
    em,
    `select code, subledger_controlled, active from account where code in (${accounts.map(() => '?').join(', ')})`,
    accounts,
  );
  for (const code of accounts) {
    const account = rows.find((row) => row.code === code);
    if (!account) throw new BooksError('UNKNOWN_ACCOUNT', `No account ${code}`, 'account');
    if (account.subledger_controlled) {
      throw new BooksError(
        'ACCOUNT_NOT_POSTABLE',
        `Account ${code} is controlled by its subledger: only its documents post to it`,
        'account',
      );
    }
    if (!account.active) throw new BooksError('ACCOUNT_NOT_POSTABLE', `Account ${code} is deactivated`, 'account');
  }
}
