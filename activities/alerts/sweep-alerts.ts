import type { EntityManager } from '@mikro-orm/postgresql';
import { planSweep, WAVE_RISK_DEFAULTS, type AlertCause } from '../../rules/alerts';
import type { EngineCache } from '../../rules/engine';
import { Alert, ALERT_KINDS, type AlertKind } from '../../db/entities';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import type { AlertsSweepInput, AlertsSweepResult } from '../../workflows/alerts-sweep/alerts-sweep.contract';
import { lateProductionCauses, nearExpiryCauses, reorderPointCauses } from './alert-causes';
import { waveAtRiskCauses } from './wave-causes';

/** Who the audit trail names for a re-raise; an acknowledged alert is raised again 8 hours on unless asked otherwise. */
export const ALERTS_SWEEP_DEFAULTS = { actor: 'alerts-sweep', reraiseAfterMinutes: 480 } as const;

/** The lock a sweep and an acknowledgement take (transaction-scoped), so neither overwrites the other's change. */
export async function lockAlerts(em: EntityManager): Promise<void> {
  await query(em, `select pg_advisory_xact_lock(hashtext('millwright:alerts'))`);
}

type FindCauses = (
  em: EntityManager,
  now: Date,
  engines: EngineCache,
  input: AlertsSweepInput,
) => Promise<AlertCause[]>;

const CAUSES: Record<AlertKind, FindCauses> = {
  'late-production': (em, now) => lateProductionCauses(em, now),
  'below-reorder-point': (em) => reorderPointCauses(em),
  'near-expiry': (em, now, engines) => nearExpiryCauses(em, now, engines),
  'wave-at-risk': (em, now, _engines, input) =>
    waveAtRiskCauses(em, now, {
      minutesPerLine: input.waveMinutesPerLine ?? WAVE_RISK_DEFAULTS.minutesPerLine,
      marginMinutes: input.waveMarginMinutes ?? WAVE_RISK_DEFAULTS.marginMinutes,
    }),
};

/**
 * One sweep, in the caller's transaction: finds every cause, then raises an alert for each new one, brings open
 * alerts' reasons up to date, raises again acknowledged alerts whose cause persists `reraiseAfterMinutes` after the
 * acknowledgement (same row: status open, raise count + 1; audited, since it undoes a person's acknowledgement), and
 * resolves the alerts whose cause is gone. Idempotent by its state: a second sweep at once finds nothing to change but
 * the open alerts' figures, so a retried activity needs no key of its own.
 */
export async function sweepAlerts(
  em: EntityManager,
  input: AlertsSweepInput,
  engines: EngineCache,
  now = new Date(),
): Promise<AlertsSweepResult> {
  await lockAlerts(em);
  const kinds = input.kinds ?? [...ALERT_KINDS];
  const causes: AlertCause[] = [];
  for (const kind of kinds) causes.push(...(await CAUSES[kind](em, now, engines, input)));
  const live = await em.find(Alert, { kind: { $in: kinds }, status: { $in: ['open', 'acknowledged'] } });
  const byId = new Map(live.map((alert) => [alert.id, alert]));
  const reraiseAfterMs = (input.reraiseAfterMinutes ?? ALERTS_SWEEP_DEFAULTS.reraiseAfterMinutes) * 60_000;
  const plan = planSweep(
    live.map((alert) => ({ ...alert, status: alert.status as 'open' | 'acknowledged' })),
    causes,
    now,
    reraiseAfterMs,
  );
  for (const cause of plan.raise) {
    em.persist(
      Object.assign(new Alert(), {
        kind: cause.kind as AlertKind,
        subject: cause.subject,
        reason: cause.reason.slice(0, 1000),
        facts: cause.facts,
        firstRaisedAt: now,
        raisedAt: now,
        updatedAt: now,
      }),
    );
  }
  for (const { id, cause } of plan.refresh) {
    Object.assign(byId.get(id) ?? {}, { reason: cause.reason.slice(0, 1000), facts: cause.facts });
  }
  for (const { id, cause } of plan.raiseAgain) {
    const alert = byId.get(id);
    if (!alert) continue;
    await appendAudit(em, {
      actor: ALERTS_SWEEP_DEFAULTS.actor,
      action: 'alert.raised-again',
      entityType: 'alert',
      entityId: String(alert.id),
      details: { kind: alert.kind, subject: alert.subject, acknowledgedBy: alert.acknowledgedBy, reason: cause.reason },
    });
    Object.assign(alert, {
      status: 'open',
      reason: cause.reason.slice(0, 1000),
      facts: cause.facts,
      raisedAt: now,
      raiseCount: alert.raiseCount + 1,
      acknowledgedAt: null,
      acknowledgedBy: null,
      updatedAt: now,
    });
  }
  for (const gone of plan.resolve) {
    Object.assign(byId.get(gone.id) ?? {}, { status: 'resolved', resolvedAt: now, updatedAt: now });
  }
  await em.flush();
  return {
    raised: plan.raise.length,
    raisedAgain: plan.raiseAgain.length,
    resolved: plan.resolve.length,
    live: live.length - plan.resolve.length + plan.raise.length,
  };
}
