import type { MikroORM } from '@mikro-orm/postgresql';
import { appendAudit } from '../../db/repositories/audit-repository';
import {
  earliestOpenBefore,
  findPeriod,
  invalidateClosingBalancesFrom,
  latestClosedAfter,
  lockPeriod,
  lockPeriodAdministration,
  markClosed,
  markOpen,
  markStatus,
  type PeriodRow,
} from '../../db/repositories/period-repository';
import { ApiError } from '../errors';

export interface PeriodAct {
  code: string;
  actor: string;
  reason?: string;
}

/**
 * Closes a period (open, or soft-locked by a close under way): the row lock (`for update`) waits for postings in flight, which hold it `for share`, and keeps
 * new ones out until the close commits; the audit entry commits with the change or not at all. Months close in
 * order: while an earlier month is open, a later one cannot close (the books accept postings only at or after
 * the latest closed month, so closing out of order would strand the earlier one).
 */
export async function closePeriod(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return orm.em.fork().transactional(async (em) => {
    await lockPeriodAdministration(em);
    const status = await lockPeriod(em, act.code);
    if (!status) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${act.code}`, 'code');
    if (status === 'closed')
      throw new ApiError('PERIOD_ALREADY_CLOSED', `Period ${act.code} is already closed`, 'code');
    const earlier = await earliestOpenBefore(em, act.code);
    if (earlier) {
      const message = `Period ${earlier} is still open: close it before ${act.code} (months close in order)`;
      throw new ApiError('PERIOD_OUT_OF_ORDER', message, 'code');
    }
    await markClosed(em, act.code, act.actor);
    await appendAudit(em, {
      actor: act.actor,
      action: 'period.closed',
      entityType: 'accounting_period',
      entityId: act.code,
      details: act.reason ? { reason: act.reason } : {},
    });
    return requirePeriod(await findPeriod(em, act.code));
  });
}

/**
 * Soft-locks an open period for a close under way: from then on only the close's own postings and a controller's
 * audited adjustments land in it (other documents: 409 PERIOD_SOFT_LOCKED). Waits, like a close, for postings in
 * flight. Idempotent (a retried step finds it locked and records nothing again); audited.
 */
export async function softLockPeriod(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return changeSoftLock(orm, act, 'soft-locked');
}

/** Lifts a soft lock (the close finished elsewhere or was abandoned): the period is open again. Idempotent, audited. */
export async function liftSoftLock(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return changeSoftLock(orm, act, 'open');
}

async function changeSoftLock(orm: MikroORM, act: PeriodAct, target: 'open' | 'soft-locked'): Promise<PeriodRow> {
  return orm.em.fork().transactional(async (em) => {
    await lockPeriodAdministration(em);
    const status = await lockPeriod(em, act.code);
    if (!status) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${act.code}`, 'code');
    if (status === 'closed')
      throw new ApiError('PERIOD_ALREADY_CLOSED', `Period ${act.code} is already closed`, 'code');
    if (status !== target) {
      await markStatus(em, act.code, target);
      await appendAudit(em, {
        actor: act.actor,
        action: target === 'soft-locked' ? 'period.soft-locked' : 'period.soft-lock-lifted',
        entityType: 'accounting_period',
        entityId: act.code,
        details: act.reason ? { reason: act.reason } : {},
      });
    }
    return requirePeriod(await findPeriod(em, act.code));
  });
}

/**
 * Reopening is its own audited act, recording who closed the period before. Months reopen in reverse order, the
 * latest closed first, so no open month ever lies behind a closed one. The stored closing balances of the month and
 * every later one are marked invalid (the month may change again; later openings chain from it).
 */
export async function reopenPeriod(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return orm.em.fork().transactional(async (em) => {
    await lockPeriodAdministration(em);
    const status = await lockPeriod(em, act.code);
    if (!status) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${act.code}`, 'code');
    if (status !== 'closed') throw new ApiError('PERIOD_NOT_CLOSED', `Period ${act.code} is not closed`, 'code');
    const later = await latestClosedAfter(em, act.code);
    if (later) {
      const message = `Period ${later} is closed too: reopen it before ${act.code} (months reopen latest first)`;
      throw new ApiError('PERIOD_OUT_OF_ORDER', message, 'code');
    }
    const before = requirePeriod(await findPeriod(em, act.code));
    await markOpen(em, act.code);
    const invalidated = await invalidateClosingBalancesFrom(em, act.code);
    await appendAudit(em, {
      actor: act.actor,
      action: 'period.reopened',
      entityType: 'accounting_period',
      entityId: act.code,
      details: {
        closedAt: before.closedAt,
        closedBy: before.closedBy,
        invalidatedClosingBalances: invalidated,
        ...(act.reason ? { reason: act.reason } : {}),
      },
    });
    return requirePeriod(await findPeriod(em, act.code));
  });
}

function requirePeriod(period: PeriodRow | null): PeriodRow {
  if (!period) throw new ApiError('INTERNAL', 'The locked period disappeared');
  return period;
}
