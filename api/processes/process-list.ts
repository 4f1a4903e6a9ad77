import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { listRoutes } from '../lists/list-routes';
import { customerOfWorkflow, itemOfWorkflow, sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';

/** How a process ended or where it stands; `pending` is a start still in the outbox (the console says "starting"). */
export const PROCESS_LIST_STATUSES = [
  'pending',
  'running',
  'completed',
  'cancelled',
  'rejected',
  'failed',
  'terminated',
] as const;

export const processInstanceSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  processType: z.string(),
  businessKey: z.string(),
  status: z.string(),
  currentStep: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
type ProcessRow = z.infer<typeof processInstanceSchema>;

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

export function toInstance(r: Record<string, unknown>): ProcessRow {
  return {
    workflowId: String(r.workflow_id),
    runId: String(r.run_id),
    processType: String(r.process_type),
    businessKey: String(r.business_key),
    status: String(r.status),
    currentStep: String(r.current_step),
    startedAt: iso(r.started_at) ?? '',
    updatedAt: iso(r.updated_at) ?? '',
    closedAt: iso(r.closed_at),
    lastError: r.last_error === null ? null : String(r.last_error),
  };
}

const SORT_FIELDS = {
  processType: 'p.process_type',
  businessKey: 'p.business_key',
  status: 'p.status',
  currentStep: 'p.current_step',
  startedAt: 'p.started_at',
  updatedAt: 'p.updated_at',
  closedAt: 'p.closed_at',
} as const;

const date = () => z.iso.date().optional().or(z.literal(''));
const listQuery = sqlListQuery(SORT_FIELDS, {
  processType: z.string().max(40).optional(),
  status: z.enum(PROCESS_LIST_STATUSES).or(z.literal('')).optional(),
  businessKey: z.string().max(60).optional(),
  customer: z.string().max(40).optional().describe("Code or name of the sales order's customer"),
  item: z.string().max(40).optional().describe('SKU of an item on the order or purchase order'),
  startedFrom: date().describe('Started on or after this day (YYYY-MM-DD)'),
  startedTo: date().describe('Started on or before this day (YYYY-MM-DD)'),
});
type ProcessListQuery = z.infer<typeof listQuery>;

/**
 * Above this many matching instances the list's total is PostgreSQL's estimate (`totalEstimated`): the console
 * shows it and pages through it as any total; a page past the real end (the estimate a little high) is empty.
 */
export const PROCESS_COUNT_CAP = 10_000;

/**
 * The process list over the `process_instance` projection; customer and item reach through the process's document.
 * Built for a million instances (npm run bench -- --only=process-list): every column but `closedAt` is never null,
 * so a page sorted by start comes off an index (type and status, type, or the start alone, migration
 * 20261203163000) instead of a sort of every match; the search and the business-key filter use the trigram index on
 * business key and step; the total is exact up to {@link PROCESS_COUNT_CAP}.
 */
export const processListSpec: SqlListSpec<ProcessListQuery, ProcessRow> = {
  select: 'p.*',
  from: 'from process_instance p',
  sortFields: SORT_FIELDS,
  defaultSort: '-startedAt',
  tieBreaker: 'p.workflow_id',
  notNullSorts: ['processType', 'businessKey', 'status', 'currentStep', 'startedAt', 'updatedAt'],
  countCap: PROCESS_COUNT_CAP,
  searchFields: ['p.business_key', 'p.current_step'],
  where: (q) => [
    ...when(q.processType, 'p.process_type = ?'),
    ...when(q.status, 'p.status = ?'),
    ...when(q.businessKey, 'p.business_key ilike ?', [`%${q.businessKey ?? ''}%`]),
    ...customerOfWorkflow('p.workflow_id', q.customer),
    ...itemOfWorkflow('p.workflow_id', q.item),
    ...when(q.startedFrom, 'p.started_at >= ?::date'),
    ...when(q.startedTo, `p.started_at < ?::date + interval '1 day'`),
  ],
  toRow: toInstance,
  csv: [
    { name: 'processType', format: (r) => r.processType },
    { name: 'businessKey', format: (r) => r.businessKey },
    { name: 'status', format: (r) => r.status },
    { name: 'currentStep', format: (r) => r.currentStep },
    { name: 'startedAt', format: (r) => r.startedAt },
    { name: 'updatedAt', format: (r) => r.updatedAt },
    { name: 'closedAt', format: (r) => r.closedAt },
    { name: 'workflowId', format: (r) => r.workflowId },
  ],
};

/** `GET /` (one page) and `GET /export.csv` (every page, streamed) of the process instances. */
export const processListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'processes',
    query: listQuery,
    row: processInstanceSchema,
    spec: processListSpec,
    noun: 'process instances',
    lead:
      'Running and finished workflows from the PostgreSQL projection, newest first; `total` is exact up to ' +
      `${PROCESS_COUNT_CAP.toLocaleString('en')} matches and estimated above (\`totalEstimated\`)`,
    filters: 'filtered by process type, status, business key, customer, item or start date, sorted by any column',
    fileName: 'processes.csv',
  });
