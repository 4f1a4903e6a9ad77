import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TASK_PRIORITY_RANK } from '../../db/entities';
import { currentUser, type AuthUser } from '../auth/auth-hook';
import { listRoutes } from '../lists/list-routes';
import {
  customerOfWorkflow,
  itemOfWorkflow,
  sqlListQuery,
  when,
  type Condition,
  type SqlListSpec,
} from '../lists/sql-list';
import { TASK_COLUMNS, taskSchema, toTask, type TaskDto } from './task-schemas';

const SORT_FIELDS = {
  title: 't.title',
  taskType: 't.task_type',
  processType: 't.process_type',
  businessKey: 't.business_key',
  // The inbox's rank expression, exactly as `human_task_inbox_index` is built on it.
  priority: `(${TASK_PRIORITY_RANK.replace('case priority', 'case t.priority')})`,
  dueAt: 't.due_at',
  assignee: 't.assignee',
  candidateRole: 't.candidate_role',
  status: 't.status',
  createdAt: 't.created_at',
  completedAt: 't.completed_at',
  completedBy: 't.completed_by',
} as const;

const date = () => z.iso.date().optional().or(z.literal(''));
export const taskListQuery = sqlListQuery(SORT_FIELDS, {
  scope: z.enum(['inbox', 'mine', 'all']).default('inbox'),
  status: z.enum(['open', 'completed']).default('open'),
  processType: z.string().max(40).optional(),
  taskType: z.string().max(40).optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).or(z.literal('')).optional(),
  assignee: z.string().max(64).optional().describe('Username of the assignee; `-` for unassigned tasks'),
  businessKey: z.string().max(60).optional(),
  customer: z.string().max(40).optional().describe("Code or name of the order's customer"),
  item: z.string().max(40).optional().describe('SKU of an item on the order or purchase order'),
  dueFrom: date().describe('Due on or after this day (YYYY-MM-DD)'),
  dueTo: date().describe('Due on or before this day (YYYY-MM-DD)'),
  overdue: z.enum(['true', '']).optional().describe('Only open tasks past their due time'),
});
type TaskListQuery = z.infer<typeof taskListQuery> & { user: AuthUser };

const like = (text: string | undefined) => `%${text ?? ''}%`;

function scopeOf(q: TaskListQuery): Condition {
  const scopes: Record<TaskListQuery['scope'], Condition> = {
    // Auditors review every process, so their inbox (read-only for them) holds every role's tasks, open or completed.
    inbox: q.user.roles.includes('auditor')
      ? { sql: 'true', params: [] }
      : { sql: 't.candidate_role in (?)', params: [q.user.roles as string[]] },
    mine: { sql: 't.assignee = ?', params: [q.user.username] },
    all: { sql: 'true', params: [] },
  };
  return scopes[q.scope];
}

function assigneeOf(assignee: string | undefined): Condition[] {
  if (assignee === '-') return [{ sql: 't.assignee is null', params: [] }];
  return when(assignee, 't.assignee = ?');
}

/** The task board over `human_task`; customer and item reach through the task's order or purchase order. */
export const taskListSpec: SqlListSpec<TaskListQuery, TaskDto> = {
  select: TASK_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1t.$2'),
  from: 'from human_task t',
  sortFields: SORT_FIELDS,
  defaultSort: '-priority',
  tieBreaker: 't.created_at, t.id',
  searchFields: ['t.title', 't.business_key'],
  where: (q) => [
    { sql: 't.status in (?)', params: [q.status === 'open' ? ['open', 'claimed'] : ['completed', 'cancelled']] },
    scopeOf(q),
    ...when(q.processType, 't.process_type = ?'),
    ...when(q.taskType, 't.task_type = ?'),
    ...when(q.priority, 't.priority = ?'),
    ...assigneeOf(q.assignee),
    ...when(q.businessKey, 't.business_key ilike ?', [like(q.businessKey)]),
    ...customerOfWorkflow('t.workflow_id', q.customer),
    ...itemOfWorkflow('t.workflow_id', q.item),
    ...when(q.dueFrom, 't.due_at >= ?::date'),
    ...when(q.dueTo, `t.due_at < ?::date + interval '1 day'`),
    ...when(q.overdue, 't.due_at < now()', []),
  ],
  toRow: toTask,
  csv: [
    { name: 'title', format: (t) => t.title },
    { name: 'taskType', format: (t) => t.taskType },
    { name: 'businessKey', format: (t) => t.businessKey },
    { name: 'priority', format: (t) => t.priority },
    { name: 'dueAt', format: (t) => t.dueAt },
    { name: 'candidateRole', format: (t) => t.candidateRole },
    { name: 'assignee', format: (t) => t.assignee },
    { name: 'status', format: (t) => t.status },
    { name: 'createdAt', format: (t) => t.createdAt },
    { name: 'completedBy', format: (t) => t.completedBy },
    { name: 'completedAt', format: (t) => t.completedAt },
    { name: 'id', format: (t) => t.id },
  ],
};

/** Open tasks rank by priority (the inbox index's order), finished ones newest first, unless `sort` says otherwise. */
function withDefaults(query: z.infer<typeof taskListQuery>, user: AuthUser): TaskListQuery {
  const sort = query.sort ?? (query.status === 'open' ? '-priority' : '-completedAt');
  return { ...query, sort, user };
}

/** `GET /` (one page) and `GET /export.csv` (every page, streamed) of the task board. */
export const taskListRoutes = (deps: { orm: MikroORM }) =>
  listRoutes(deps, {
    path: '',
    tag: 'tasks',
    query: taskListQuery,
    row: taskSchema,
    spec: taskListSpec,
    noun: 'tasks',
    lead:
      "The task board, one page at a time: `inbox` (open tasks for the caller's roles), `mine` (claimed by the " +
      'caller) or `all`; open tasks by priority, finished ones newest first',
    filters:
      'filtered by process and task type, priority, assignee, business key, customer, item or due date, sorted by any column',
    fileName: 'tasks.csv',
    toQuery: (query, request) => withDefaults(query, currentUser(request)),
  });
