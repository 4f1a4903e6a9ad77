import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { num } from '../../db/sql';
import { waitingForWave } from '../../db/waves/waiting-orders';
import { PICK_WAVE } from '../../workflows/pick-wave/pick-wave.contract';
import { listRoutes } from '../lists/list-routes';
import { sqlListQuery, when, type SqlListSpec } from '../lists/sql-list';
import { PROCESS_LIST_STATUSES } from '../processes/process-list';

/**
 * The wave planning board's two lists (issue 20), read from PostgreSQL: the orders waiting for a wave (their own pick
 * task open, their reservations in storage bins, by zone) and the waves released (the pick-wave process projection).
 */

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const containing = (text: string | undefined) => `%${text ?? ''}%`;

export const waitingOrderSchema = z.object({
  orderNumber: z.string(),
  customerCode: z.string(),
  customerName: z.string(),
  requestedDate: z.string().nullable(),
  lines: z.number(),
  units: z.number(),
  zones: z.string().describe('The zones its reservations pick from, space-separated (`-` for bins without a zone)'),
  waitingSince: z.string(),
});
type WaitingOrder = z.infer<typeof waitingOrderSchema>;

const WAITING_SORTS = {
  orderNumber: 'so.order_number',
  customerCode: 'c.code',
  customerName: 'c.name',
  requestedDate: 'so.requested_date',
  lines: 'shape.lines',
  units: 'shape.units',
  zones: 'shape.zones',
  waitingSince: 'pick.waiting_since',
} as const;

const waitingQuery = sqlListQuery(WAITING_SORTS, {
  customer: z.string().max(40).optional().describe("Code or name of the order's customer"),
  zone: z.string().max(20).optional().describe('A zone code the order picks from'),
});

/**
 * Orders waiting for a wave (db/waves/waiting-orders.ts, the scheduled release's rule too: their pick still to do, their
 * stock reserved in storage bins, no wave taking them), with the shape `POST /api/waves/plan` plans them by.
 */
export const waitingOrderSpec: SqlListSpec<z.infer<typeof waitingQuery>, WaitingOrder> = {
  select:
    'so.order_number, so.requested_date, c.code as customer_code, c.name as customer_name, shape.lines, ' +
    'shape.units, shape.zones, pick.waiting_since',
  from: `from sales_order so join customer c on c.id = so.customer_id
    cross join lateral (select min(t.created_at) as waiting_since from human_task t
       where t.workflow_id = so.workflow_id and t.task_type = 'pick' and t.status in ('open', 'claimed')) pick
    cross join lateral (select count(distinct r.line_no) as lines, coalesce(sum(r.quantity), 0) as units,
         coalesce(string_agg(distinct coalesce(z.code, '-'), ' '), '') as zones
       from reservation r join location l on l.id = r.location_id and l.type = 'storage'
       left join zone z on z.id = l.zone_id
      where r.document_ref = so.order_number and r.owner_workflow_id = so.workflow_id and r.state = 'active') shape`,
  sortFields: WAITING_SORTS,
  defaultSort: 'waitingSince',
  tieBreaker: 'so.order_number',
  searchFields: ['so.order_number', 'c.code', 'c.name'],
  where: (q) => [
    { sql: waitingForWave('so'), params: [] },
    ...when(q.customer, '(c.code ilike ? or c.name ilike ?)', [containing(q.customer), containing(q.customer)]),
    ...when(q.zone, `(' ' || shape.zones || ' ') ilike ?`, [`% ${q.zone?.trim() ?? ''} %`]),
  ],
  toRow: (r) => ({
    orderNumber: String(r.order_number),
    customerCode: String(r.customer_code),
    customerName: String(r.customer_name),
    requestedDate: r.requested_date ? String(r.requested_date).slice(0, 10) : null,
    lines: num(r.lines as string),
    units: num(r.units as string),
    zones: String(r.zones),
    waitingSince: iso(r.waiting_since) ?? '',
  }),
  csv: [
    { name: 'orderNumber', format: (r) => r.orderNumber },
    { name: 'customerCode', format: (r) => r.customerCode },
    { name: 'customerName', format: (r) => r.customerName },
    { name: 'requestedDate', format: (r) => r.requestedDate },
    { name: 'lines', format: (r) => r.lines },
    { name: 'units', format: (r) => r.units },
    { name: 'zones', format: (r) => r.zones },
    { name: 'waitingSince', format: (r) => r.waitingSince },
  ],
};

export const waveRowSchema = z.object({
  waveId: z.string(),
  workflowId: z.string(),
  status: z.string(),
  currentStep: z.string(),
  openTasks: z.number().describe('Its zone pick and sort tasks still open or claimed'),
  startedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
type WaveRow = z.infer<typeof waveRowSchema>;

const WAVE_SORTS = {
  waveId: 'p.business_key',
  status: 'p.status',
  currentStep: 'p.current_step',
  openTasks: 'tasks.open',
  startedAt: 'p.started_at',
  updatedAt: 'p.updated_at',
  closedAt: 'p.closed_at',
} as const;

const waveQuery = sqlListQuery(WAVE_SORTS, {
  status: z.enum(PROCESS_LIST_STATUSES).or(z.literal('')).optional(),
  step: z.string().max(40).optional().describe('The wave step (joining, picking, sorting, completed ...)'),
});

/** Released waves, newest first, from the process projection the pick-wave workflow writes at each step. */
export const waveListSpec: SqlListSpec<z.infer<typeof waveQuery>, WaveRow> = {
  select: 'p.*, tasks.open as open_tasks',
  from: `from process_instance p cross join lateral (select count(*) as open from human_task t
      where t.workflow_id = p.workflow_id and t.status in ('open', 'claimed')) tasks`,
  sortFields: WAVE_SORTS,
  defaultSort: '-startedAt',
  tieBreaker: 'p.workflow_id',
  searchFields: ['p.business_key'],
  where: (q) => [
    { sql: 'p.process_type = ?', params: [PICK_WAVE] },
    ...when(q.status, 'p.status = ?'),
    ...when(q.step, 'p.current_step = ?'),
  ],
  toRow: (r) => ({
    waveId: String(r.business_key),
    workflowId: String(r.workflow_id),
    status: String(r.status),
    currentStep: String(r.current_step),
    openTasks: num(r.open_tasks as string),
    startedAt: iso(r.started_at) ?? '',
    updatedAt: iso(r.updated_at) ?? '',
    closedAt: iso(r.closed_at),
  }),
  csv: [
    { name: 'waveId', format: (r) => r.waveId },
    { name: 'status', format: (r) => r.status },
    { name: 'currentStep', format: (r) => r.currentStep },
    { name: 'openTasks', format: (r) => r.openTasks },
    { name: 'startedAt', format: (r) => r.startedAt },
    { name: 'closedAt', format: (r) => r.closedAt },
  ],
};

/** `GET /waiting-orders` (+ export) for the supervisors who plan waves, `GET /` (+ export) of the waves for anyone. */
export function waveListRoutes(deps: { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(
      listRoutes(deps, {
        path: '/waiting-orders',
        tag: 'waves',
        query: waitingQuery,
        row: waitingOrderSchema,
        spec: waitingOrderSpec,
        noun: 'orders waiting for a wave',
        lead: 'Orders whose pick is still to do (their own pick task open), longest waiting first',
        filters: 'filtered by customer or zone, searched by order or customer, sorted by any column',
        fileName: 'orders-waiting-for-a-wave.csv',
        roles: ['supervisor', 'admin', 'auditor'],
      }),
    );
    await app.register(
      listRoutes(deps, {
        path: '',
        tag: 'waves',
        query: waveQuery,
        row: waveRowSchema,
        spec: waveListSpec,
        noun: 'pick waves',
        lead: 'Released pick waves from the process projection, newest first',
        filters: 'filtered by status or step, searched by wave id, sorted by any column',
        fileName: 'waves.csv',
      }),
    );
  };
}
