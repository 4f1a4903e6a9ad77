import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { postJournal } from '../../db/accounting/journal';
import { Account } from '../../db/entities';
import { BooksError } from '../../db/errors';
import { appendAudit } from '../../db/repositories/audit-repository';
import { ApiError, type ApiErrorDetail } from '../errors';
import { entryProblems, toCents, type AccountFacts, type EntryProblem, type ManualLine } from './entry-rules';
import type { ManualEntryInput } from './journal-entry-schemas';

/** Source types of manual entries in the journal: a controller's adjustment is told apart in the list and audit. */
export const MANUAL_SOURCE = 'manual';
export const ADJUSTMENT_SOURCE = 'manual-adjustment';

/** Who posts: the user, and whether they are a controller (only they may post an adjustment). */
export interface PostingUser {
  actor: string;
  controller: boolean;
}

/** A manual entry ready to post: lines in cents. */
export interface ManualEntry {
  entryDate: string;
  reference: string;
  reason: string;
  adjustment: boolean;
  lines: ManualLine[];
}

/** The form's input as a manual entry (amounts to cents; the schema already refused more than two decimals). */
export function fromInput(input: ManualEntryInput): ManualEntry {
  return {
    ...input,
    lines: input.lines.map((line) => ({
      account: line.account,
      debitCents: toCents(line.debit) ?? 0,
      creditCents: toCents(line.credit) ?? 0,
      ...(line.memo ? { memo: line.memo } : {}),
    })),
  };
}

/** The chart's facts for the accounts named (subledger control is the account's own flag: one place). */
export async function accountFacts(em: EntityManager, codes: string[]): Promise<Map<string, AccountFacts>> {
  const accounts = await em.find(Account, { code: { $in: [...new Set(codes)] } });
  return new Map(
    accounts.map((a) => [a.code, { code: a.code, subledgerControlled: a.subledgerControlled, active: a.active }]),
  );
}

/**
 * Posts a manual entry in the caller's transaction, audited with who, when and why: refused naming the line and
 * field when it has no lines, does not balance, or names an unknown, deactivated or subledger-controlled account;
 * refused naming entryDate when its period is closed, lies before a closed one or beyond the horizon, or is
 * soft-locked for its close (a controller's adjustment excepted). Returns the journal entry's id.
 */
export async function postManualEntry(em: EntityManager, entry: ManualEntry, user: PostingUser): Promise<number> {
  if (entry.adjustment && !user.controller) {
    throw new ApiError(
      'FORBIDDEN',
      'Only a controller may post an adjustment into a period being closed',
      'adjustment',
    );
  }
  const problems = entryProblems(
    entry.lines,
    await accountFacts(
      em,
      entry.lines.map((line) => line.account),
    ),
  );
  if (problems.length > 0) throw refusal(problems);
  const source = entry.adjustment ? ADJUSTMENT_SOURCE : MANUAL_SOURCE;
  const id = await withDateField(
    postJournal(em, {
      entryDate: new Date(`${entry.entryDate}T12:00:00Z`),
      sourceType: source,
      sourceRef: entry.reference,
      description: entry.reason,
      lines: entry.lines,
      // Retries are answered by the Idempotency-Key layer; each call that reaches here books a new entry.
      idempotencyKey: `${source}:${randomUUID()}`,
      createdBy: user.actor,
      access: entry.adjustment ? 'controller-adjustment' : 'document',
    }),
  );
  if (id === null) throw new ApiError('VALIDATION_FAILED', 'The entry has no amounts', 'lines');
  await appendAudit(em, {
    actor: user.actor,
    action: entry.adjustment ? 'journal-entry.adjustment-posted' : 'journal-entry.posted',
    entityType: 'journal_entry',
    entityId: String(id),
    details: { reference: entry.reference, reason: entry.reason, entryDate: entry.entryDate },
  });
  return id;
}

/** The entry's problems as one refusal: the first problem's code, every problem in details by its field path. */
function refusal(problems: EntryProblem[]): ApiError | BooksError {
  const details: ApiErrorDetail[] = problems.map((p) => ({ path: pathOf(p), message: p.message }));
  const first = problems[0] as EntryProblem;
  const message = problems.map((p) => p.message).join('; ');
  if (first.code === 'VALIDATION_FAILED') return new ApiError('VALIDATION_FAILED', message, pathOf(first), details);
  return new BooksError(first.code, message, pathOf(first));
}

function pathOf(problem: EntryProblem): string {
  return problem.line === undefined ? problem.field : `lines[${problem.line}].${problem.field}`;
}

/** Period refusals name the entry's date, the field people typed. */
async function withDateField<T>(posting: Promise<T>): Promise<T> {
  try {
    return await posting;
  } catch (error) {
    if (error instanceof BooksError && error.code.startsWith('PERIOD_')) {
      throw new BooksError(error.code, error.message, 'entryDate');
    }
    throw error;
  }
}
