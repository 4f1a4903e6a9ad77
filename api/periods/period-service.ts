import type { MikroORM } from '@mikro-orm/postgresql';
import { appendAudit } from '../../db/repositories/audit-repository';
import { findPeriod, lockPeriod, markClosed, markOpen, type PeriodRow } from '../../db/repositories/period-repository';
import { ApiError } from '../errors';

export interface PeriodAct {
  code: string;
  actor: string;
  reason?: string;
}

/**
 * Closes a period: the row lock (`for update`) waits for postings in flight, which hold it `for share`, and keeps
 * new ones out until the close commits; the audit entry commits with the change or not at all.
 */
export async function closePeriod(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return orm.em.fork().transactional(async (em) => {
    const status = await lockPeriod(em, act.code);
    if (!status) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${act.code}`, 'code');
    if (status === 'closed')
      throw new ApiError('PERIOD_ALREADY_CLOSED', `Period ${act.code} is already closed`, 'code');
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

/** Reopening is its own audited act, recording who closed the period before. */
export async function reopenPeriod(orm: MikroORM, act: PeriodAct): Promise<PeriodRow> {
  return orm.em.fork().transactional(async (em) => {
    const status = await lockPeriod(em, act.code);
    if (!status) throw new ApiError('PERIOD_NOT_FOUND', `No accounting period ${act.code}`, 'code');
    if (status === 'open') throw new ApiError('PERIOD_NOT_CLOSED', `Period ${act.code} is not closed`, 'code');
    const before = requirePeriod(await findPeriod(em, act.code));
    await markOpen(em, act.code);
    await appendAudit(em, {
      actor: act.actor,
      action: 'period.reopened',
      entityType: 'accounting_period',
      entityId: act.code,
      details: { closedAt: before.closedAt, closedBy: before.closedBy, ...(act.reason ? { reason: act.reason } : {}) },
    });
    return requirePeriod(await findPeriod(em, act.code));
  });
}

function requirePeriod(period: PeriodRow | null): PeriodRow {
  if (!period) throw new ApiError('INTERNAL', 'The locked period disappeared');
  return period;
}
