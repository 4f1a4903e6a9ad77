import type { AlertKind, Role } from '../../db/entities';

/**
 * Who an alert kind concerns: they see it on their home page and may acknowledge it (admins everywhere). Late
 * production is the planner's and the shop floor supervisor's; a reorder point the planner's and the clerk who places
 * purchase orders (there is no purchasing role); a near-expiry lot the warehouse clerk's, the supervisor's and the
 * quality engineer's; a wave at risk of missing its cut-off the supervisor's (who released it) and the clerks' who pick it.
 */
export const ALERT_ROLES: Readonly<Record<AlertKind, readonly Role[]>> = {
  'late-production': ['planner', 'supervisor', 'admin'],
  'below-reorder-point': ['planner', 'clerk', 'admin'],
  'near-expiry': ['clerk', 'supervisor', 'quality-engineer', 'admin'],
  'wave-at-risk': ['supervisor', 'clerk', 'admin'],
};

/** Every role some alert kind concerns: who may call the acknowledge route at all. */
export const ANY_ALERT_ROLE: readonly Role[] = [...new Set(Object.values(ALERT_ROLES).flat())];

/** The kinds that concern someone holding `roles`. */
export function kindsFor(roles: readonly Role[]): AlertKind[] {
  return (Object.keys(ALERT_ROLES) as AlertKind[]).filter((kind) =>
    ALERT_ROLES[kind].some((role) => roles.includes(role)),
  );
}
