import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNTS, postJournal, type JournalLineInput } from '../accounting/journal';
import { WORK_IN_PROGRESS } from './move-types';
import { periodCodeOf } from '../accounting/periods';
import { productionShares, recordProductionShares, type IssuedShare } from './revalue-production';

/**
 * Cost differences of re-valued issues, by the issues' period (`YYYY-MM`): the latest re-valued issue's time in it
 * (epoch ms) and the difference per account the issues booked against (cents; positive: the issues cost more);
 * production issues' differences per move in `production`, their account decided when booked (the order open: 1400,
 * closed: 5500, see revalue-production). Plain JSON, so a chunked job can carry it in its checkpoint.
 */
export type PeriodDifferences = Record<
  string,
  { at: number; accounts: Record<string, number>; production?: IssuedShare[] }
>;

/**
 * Adds one issue's difference to its period (`timeZone`: the company's, which decides the books' periods), under
 * the account the issue itself booked; a production issue's (`productionMoveId`) is kept per move for its order.
 */
export function addDifference(
  into: PeriodDifferences,
  issue: { at: number; account: string; cents: number; productionMoveId?: number },
  timeZone: string,
): void {
  if (issue.cents === 0) return;
  const period = periodCodeOf(new Date(issue.at), timeZone);
  if (issue.productionMoveId === undefined) {
    addToPeriod(into, period, issue.at, issue.account, issue.cents);
    return;
  }
  addProduction(into, period, issue.at, [{ moveId: issue.productionMoveId, cents: issue.cents }]);
}

function addProduction(into: PeriodDifferences, period: string, at: number, shares: IssuedShare[]): void {
  const entry = (into[period] ??= { at, accounts: {} });
  entry.at = Math.max(entry.at, at);
  entry.production = [...(entry.production ?? []), ...shares];
}

function addToPeriod(into: PeriodDifferences, period: string, at: number, account: string, cents: number): void {
  const entry = (into[period] ??= { at, accounts: {} });
  entry.at = Math.max(entry.at, at);
  entry.accounts[account] = (entry.accounts[account] ?? 0) + cents;
}

/** Folds `more` into `into` (a chunk's differences into the job's running total). */
export function mergeDifferences(into: PeriodDifferences, more: PeriodDifferences): PeriodDifferences {
  for (const [period, entry] of Object.entries(more)) {
    for (const [account, cents] of Object.entries(entry.accounts)) addToPeriod(into, period, entry.at, account, cents);
    if (entry.production?.length) addProduction(into, period, entry.at, entry.production);
  }
  return into;
}

export interface RevaluationBooking {
  sourceRef: string;
  /** Each period's entry is keyed `<idempotencyKey>:<period>`, so a retried booking posts nothing twice. */
  idempotencyKey: string;
  userName: string;
}

/**
 * The after-the-fact rule for a backdated re-valuation (POSTINGS.md): one journal entry per re-valued issue's
 * period, dated at the latest re-valued issue in it (an issue in December corrected by a receipt backdated into
 * November is corrected in December), each difference against the account its issue booked, Inventory opposite.
 * Books only the periods `which` selects (all by default) and returns the ones it left for later.
 */
export async function bookDifferences(
  em: EntityManager,
  differences: PeriodDifferences,
  booking: RevaluationBooking,
  which: (period: string) => boolean = () => true,
): Promise<PeriodDifferences> {
  const left: PeriodDifferences = {};
  for (const period of Object.keys(differences).sort()) {
    const entry = differences[period];
    if (!entry) continue;
    if (!which(period)) {
      left[period] = entry;
      continue;
    }
    const lines: JournalLineInput[] = [];
    const orders = await productionShares(em, entry.production ?? []);
    const traced = new Set(orders.map((share) => share.moveId));
    const accounts = { ...entry.accounts };
    // A production issue no order claims books to WIP, the account it stored, like any other issue.
    const unclaimed = (entry.production ?? []).filter((share) => !traced.has(share.moveId));
    const shares = [...orders, ...unclaimed.map((share) => ({ ...share, account: WORK_IN_PROGRESS }))];
    for (const share of shares) accounts[share.account] = (accounts[share.account] ?? 0) + share.cents;
    for (const [account, diff] of Object.entries(accounts)) {
      if (diff === 0) continue;
      lines.push(diff > 0 ? { account, debitCents: diff } : { account, creditCents: -diff });
      lines.push(
        diff > 0
          ? { account: ACCOUNTS.inventory, creditCents: diff }
          : { account: ACCOUNTS.inventory, debitCents: -diff },
      );
    }
    const journalEntryId = await postJournal(em, {
      entryDate: new Date(entry.at),
      sourceType: 'revaluation',
      sourceRef: booking.sourceRef,
      description: `Re-valuation of ${period} issues after a backdated posting (${booking.sourceRef})`,
      lines,
      idempotencyKey: `${booking.idempotencyKey}:${period}`,
      createdBy: booking.userName,
    });
    await recordProductionShares(em, orders, {
      journalEntryId,
      key: `${booking.idempotencyKey}:${period}`,
      userName: booking.userName,
      at: new Date(entry.at),
    });
  }
  return left;
}
