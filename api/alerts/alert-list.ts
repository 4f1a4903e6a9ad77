import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ALERT_KINDS, ALERT_STATUSES, type AlertKind } from '../../db/entities';
import { num } from '../../db/sql';
import { currentUser } from '../auth/auth-hook';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type Condition, type SqlListQuery, type SqlListSpec } from '../lists/sql-list';
import { ALERT_ROLES, kindsFor } from './alert-roles';

/** One alert as the console lists it: what, why (sentence and figures), how it stands and who may acknowledge it. */
export const alertSummary = z.object({
  id: z.number(),
  kind: z.enum(ALERT_KINDS),
  subject: z.string(),
  status: z.enum(ALERT_STATUSES),
  reason: z.string(),
  facts: z.record(z.string(), z.unknown()),
  firstRaisedAt: z.string(),
  raisedAt: z.string(),
  raiseCount: z.number(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** The roles the kind concerns: who sees it on their home page and may acknowledge it. */
  roles: z.array(z.string()),
});
export type AlertRow = z.infer<typeof alertSummary>;

const SORT_FIELDS = {
  id: 'a.id',
  kind: 'a.kind',
  subject: 'a.subject',
  status: 'a.status',
  raisedAt: 'a.raised_at',
  raiseCount: 'a.raise_count',
  acknowledgedAt: 'a.acknowledged_at',
} as const;

const listQuery = sqlListQuery(SORT_FIELDS, {
  kind: z.enum(ALERT_KINDS).or(z.literal('')).optional(),
  status: z.enum(ALERT_STATUSES).or(z.literal('')).optional(),
  live: z.enum(['true', 'false']).optional().describe('Only open and acknowledged alerts (or only resolved ones)'),
  forMe: z.enum(['true', 'false']).optional().describe("Only the kinds the caller's roles concern (the home page)"),
});

interface AlertListQuery extends SqlListQuery {
  kind?: AlertKind | '';
  status?: string;
  live?: 'true' | 'false';
  /** Filled from the caller when `forMe=true`. */
  kinds?: AlertKind[];
}

const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

/** Only alerts of `kinds` (none at all for a caller no kind concerns). */
function ofKinds(kinds: AlertKind[] | undefined): Condition[] {
  if (kinds === undefined) return [];
  return kinds.length > 0 ? [{ sql: 'a.kind in (?)', params: [kinds] }] : [{ sql: 'false', params: [] }];
}

/** The alert list: newest raise first; open before acknowledged on the home page is the console's sort. */
export const alertListSpec: SqlListSpec<AlertListQuery, AlertRow> = {
  select: `a.id, a.kind, a.subject, a.status, a.reason, a.facts, a.first_raised_at, a.raised_at, a.raise_count,
       a.acknowledged_at, a.acknowledged_by, a.resolved_at`,
  from: 'from alert a',
  sortFields: SORT_FIELDS,
  defaultSort: '-raisedAt',
  tieBreaker: 'a.id',
  searchFields: ['a.subject', 'a.reason'],
  where: (q) => [
    ...when(q.kind, 'a.kind = ?'),
    ...when(q.status, 'a.status = ?'),
    ...when(q.live, q.live === 'true' ? `a.status in ('open', 'acknowledged')` : `a.status = 'resolved'`, []),
    ...ofKinds(q.kinds),
  ],
  toRow: (r) => {
    const kind = String(r.kind) as AlertKind;
    return {
      id: num(r.id),
      kind,
      subject: String(r.subject),
      status: String(r.status) as AlertRow['status'],
      reason: String(r.reason),
      facts: (r.facts ?? {}) as Record<string, unknown>,
      firstRaisedAt: iso(r.first_raised_at) ?? '',
      raisedAt: iso(r.raised_at) ?? '',
      raiseCount: num(r.raise_count),
      acknowledgedAt: iso(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by === null ? null : String(r.acknowledged_by),
      resolvedAt: iso(r.resolved_at),
      roles: [...ALERT_ROLES[kind]],
    };
  },
  csv: [
    { name: 'id', format: (a) => a.id },
    { name: 'kind', format: (a) => a.kind },
    { name: 'subject', format: (a) => a.subject },
    { name: 'status', format: (a) => a.status },
    { name: 'reason', format: (a) => a.reason },
    { name: 'raisedAt', format: (a) => a.raisedAt },
    { name: 'raiseCount', format: (a) => a.raiseCount },
    { name: 'acknowledgedAt', format: (a) => a.acknowledgedAt ?? '' },
    { name: 'acknowledgedBy', format: (a) => a.acknowledgedBy ?? '' },
    { name: 'resolvedAt', format: (a) => a.resolvedAt ?? '' },
  ],
};

/** `GET /alerts` (one page) and `GET /alerts/export.csv` (every page, streamed). */
export const alertListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'alerts',
    query: listQuery,
    row: alertSummary,
    spec: alertListSpec,
    noun: 'alerts',
    lead: 'Alerts (late production orders, items below their reorder point, lots near expiry), latest raise first',
    filters:
      "filtered by kind, status, live or resolved, and forMe (the kinds the caller's roles concern), sorted by any column",
    fileName: 'alerts.csv',
    toQuery: (query, request) => ({
      ...query,
      kinds: query.forMe === 'true' ? kindsFor(currentUser(request).roles) : undefined,
    }),
  });
