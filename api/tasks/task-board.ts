import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { HumanTask } from '../../db/entities';
import { column, listQuerySchema, type CsvColumn, type ListSpec } from '../master-data';
import type { TaskDto } from './task-schemas';

/** What the board's status filter offers: `active` (open or claimed, the default), one status, or `all`. */
const BOARD_STATUSES = ['active', 'open', 'claimed', 'completed', 'cancelled', 'all'] as const;
const STATUS_SETS: Record<(typeof BOARD_STATUSES)[number], string[] | null> = {
  active: ['open', 'claimed'],
  open: ['open'],
  claimed: ['claimed'],
  completed: ['completed'],
  cancelled: ['cancelled'],
  all: null,
};

/** `assignee=none` finds the tasks nobody holds. */
export const UNASSIGNED = 'none';

const SORT_FIELDS = {
  title: 'title',
  businessKey: 'businessKey',
  taskType: 'taskType',
  processType: 'processType',
  candidateRole: 'candidateRole',
  assignee: 'assignee',
  status: 'status',
  dueAt: 'dueAt',
  createdAt: 'createdAt',
} as const;

/** The supervisor's board query: search, sort, paging (the shared list's contract) and the board's own filters. */
export const boardQuery = listQuerySchema(Object.keys(SORT_FIELDS), {
  status: z.enum(BOARD_STATUSES).default('active').describe('Task status; `active` is open or claimed'),
  assignee: z.string().max(64).optional().describe(`Who holds the task; \`${UNASSIGNED}\` for nobody`),
  candidateRole: z.string().max(20).optional().describe('The role the task is for'),
  processType: z.string().max(40).optional().describe('The process the task belongs to'),
});
export type BoardQuery = z.infer<typeof boardQuery>;

function boardWhere(query: BoardQuery): FilterQuery<HumanTask>[] {
  const conditions: FilterQuery<HumanTask>[] = [];
  const statuses = STATUS_SETS[query.status];
  if (statuses) conditions.push({ status: { $in: statuses } } as FilterQuery<HumanTask>);
  if (query.assignee) conditions.push({ assignee: query.assignee === UNASSIGNED ? null : query.assignee });
  if (query.candidateRole) conditions.push({ candidateRole: query.candidateRole });
  if (query.processType) conditions.push({ processType: query.processType });
  return conditions;
}

/** Every task, whoever holds it: the list behind the supervisor's board and its CSV export. */
export const BOARD_LIST: ListSpec<HumanTask, BoardQuery> = {
  entity: HumanTask,
  searchFields: ['id', 'title', 'businessKey', 'assignee'],
  sortFields: SORT_FIELDS,
  defaultSort: 'dueAt',
  where: boardWhere,
};

function iso(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** The API's task shape from the entity (the board reads through the ORM; the inbox through TASK_COLUMNS). */
export function taskOf(task: HumanTask): TaskDto {
  return {
    id: task.id,
    workflowId: task.workflowId,
    processType: task.processType,
    businessKey: task.businessKey,
    taskType: task.taskType,
    title: task.title,
    candidateRole: task.candidateRole,
    assignee: task.assignee,
    status: task.status,
    priority: task.priority,
    dueAt: iso(task.dueAt),
    escalatedAt: iso(task.escalatedAt),
    formKind: task.formKind,
    payload: task.payload,
    outcome: task.outcome,
    completedBy: task.completedBy,
    completedAt: iso(task.completedAt),
    createdAt: iso(task.createdAt) ?? '',
  };
}

/** The board's CSV columns (an export only: tasks are created by their workflows, never imported). */
export const BOARD_CSV: ReadonlyArray<CsvColumn<TaskDto>> = (
  [
    'id',
    'businessKey',
    'title',
    'processType',
    'taskType',
    'candidateRole',
    'assignee',
    'status',
    'priority',
    'dueAt',
    'createdAt',
    'completedBy',
    'completedAt',
  ] as const
).map((name) => column<TaskDto>(name));
