import type { MikroORM } from '@mikro-orm/postgresql';
import { Alert } from '../../db/entities';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import type { AuthUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { ALERT_ROLES } from './alert-roles';

/**
 * A person acknowledges an open alert: status acknowledged, who and when, audited (`alert.acknowledged`) in the same
 * transaction. Only the roles the kind concerns may (403 otherwise); acknowledging an acknowledged alert again changes
 * nothing; a resolved one is refused (409 ALERT_NOT_OPEN). Takes the sweep's lock, so a sweep resolving or raising the
 * alert again at the same moment is never overwritten.
 */
export async function acknowledgeAlert(orm: MikroORM, id: number, user: AuthUser): Promise<number> {
  return orm.em.fork().transactional(async (em) => {
    await query(em, `select pg_advisory_xact_lock(hashtext('millwright:alerts'))`);
    const alert = await em.findOne(Alert, { id });
    if (!alert) throw new ApiError('NOT_FOUND', `No alert ${id}`, 'id');
    const roles = ALERT_ROLES[alert.kind];
    if (!user.roles.some((role) => roles.includes(role))) {
      throw new ApiError('FORBIDDEN', `A ${alert.kind} alert is acknowledged by one of: ${roles.join(', ')}`);
    }
    if (alert.status === 'resolved') {
      throw new ApiError('ALERT_NOT_OPEN', `Alert ${id} was resolved: its cause is gone`, 'id');
    }
    if (alert.status === 'acknowledged') return alert.id;
    const now = new Date();
    Object.assign(alert, {
      status: 'acknowledged',
      acknowledgedAt: now,
      acknowledgedBy: user.username,
      updatedAt: now,
    });
    await appendAudit(em, {
      actor: user.username,
      action: 'alert.acknowledged',
      entityType: 'alert',
      entityId: String(alert.id),
      details: { kind: alert.kind, subject: alert.subject, raiseCount: alert.raiseCount, reason: alert.reason },
    });
    await em.flush();
    return alert.id;
  });
}
