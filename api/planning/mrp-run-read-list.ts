import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '../../db/entities';
import { num } from '../../db/sql';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { MRP_RUN_STATUSES, mrpRunSummary, type MrpRunSummary } from './mrp-run-read-schemas';

const SORT_FIELDS = {
  id: 'r.id',
  status: 'r.status',
  asOf: 'r.as_of',
  bucketCount: 'r.bucket_count',
  levelsDone: 'r.levels_done',
  plannedOrders: "(r.summary->>'plannedOrders')::int",
  exceptions: "(r.summary->>'exceptions')::int",
  createdBy: 'r.created_by',
  createdAt: 'r.created_at',
  finishedAt: 'r.finished_at',
} as const;

export const mrpRunListQuery = sqlListQuery(SORT_FIELDS, {
  status: z.enum(MRP_RUN_STATUSES).or(z.literal('')).optional(),
  simulation: z.enum(['true', 'false']).optional().describe('Only simulations (or only live runs)'),
});
type MrpRunListQuery = z.infer<typeof mrpRunListQuery>;

const countOf = (value: unknown) => (value === null || value === undefined ? null : num(value));
const isoOrNull = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

/** The run list: newest first, with progress by low-level code and the plan's counts once stored. */
export const mrpRunListSpec: SqlListSpec<MrpRunListQuery, MrpRunSummary> = {
  select: `r.id, r.status, r.simulation, to_char(r.as_of, 'YYYY-MM-DD') as as_of, r.bucket_size, r.bucket_count,
       r.levels_done, r.levels_total, r.summary->>'items' as items, r.summary->>'plannedOrders' as planned_orders,
       r.summary->>'exceptions' as exceptions, r.summary->>'problems' as problems, r.created_by, r.created_at,
       r.finished_at`,
  from: 'from mrp_run r',
  sortFields: SORT_FIELDS,
  defaultSort: '-createdAt',
  tieBreaker: 'r.id',
  searchFields: ['r.id::text', 'r.created_by'],
  where: (q) => [
    ...when(q.status, 'r.status = ?'),
    ...when(q.simulation, 'r.simulation = ?', [q.simulation === 'true']),
  ],
  toRow: (r) => ({
    id: num(r.id),
    status: String(r.status) as MrpRunSummary['status'],
    simulation: Boolean(r.simulation),
    asOf: String(r.as_of),
    bucketSize: String(r.bucket_size) as MrpRunSummary['bucketSize'],
    bucketCount: num(r.bucket_count),
    levelsDone: num(r.levels_done),
    levelsTotal: num(r.levels_total),
    items: countOf(r.items),
    plannedOrders: countOf(r.planned_orders),
    exceptions: countOf(r.exceptions),
    problems: countOf(r.problems),
    createdBy: String(r.created_by),
    createdAt: new Date(r.created_at as string).toISOString(),
    finishedAt: isoOrNull(r.finished_at),
  }),
  csv: [
    { name: 'id', format: (o) => o.id },
    { name: 'status', format: (o) => o.status },
    { name: 'simulation', format: (o) => String(o.simulation) },
    { name: 'asOf', format: (o) => o.asOf },
    { name: 'buckets', format: (o) => `${o.bucketCount} ${o.bucketSize}` },
    { name: 'levelsDone', format: (o) => o.levelsDone },
    { name: 'levelsTotal', format: (o) => o.levelsTotal },
    { name: 'plannedOrders', format: (o) => o.plannedOrders ?? '' },
    { name: 'exceptions', format: (o) => o.exceptions ?? '' },
    { name: 'problems', format: (o) => o.problems ?? '' },
    { name: 'createdBy', format: (o) => o.createdBy },
    { name: 'createdAt', format: (o) => o.createdAt },
    { name: 'finishedAt', format: (o) => o.finishedAt ?? '' },
  ],
};

/** Who reads MRP runs: as the run's other reads (api/planning/mrp-run-reads.ts). */
const PLAN_READERS: readonly Role[] = ['planner', 'supervisor', 'admin', 'auditor'];

/** `GET /mrp-runs` (one page) and `GET /mrp-runs/export.csv` (every page, streamed), for planners, supervisors, admins and auditors. */
export const mrpRunListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'planning',
    query: mrpRunListQuery,
    row: mrpRunSummary,
    spec: mrpRunListSpec,
    noun: 'MRP runs',
    lead: 'MRP runs, newest first, one page at a time, with progress by low-level code and the counts of the plan',
    filters: 'filtered by status or simulation, searched by id or who started it, sorted by any column',
    fileName: 'mrp-runs.csv',
    roles: PLAN_READERS,
  });
