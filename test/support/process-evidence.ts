import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { num, query } from '../../db/sql';

/** The audit actions of the documents whose creation starts a process. */
const DOCUMENT_CREATED = ['order.created', 'purchase-order.created'];

/** What PostgreSQL and Temporal each say about one process start: the evidence an intake fault test judges. */
export interface StartEvidence {
  /** process_start_outbox row (undefined when none). */
  outbox?: { status: string; attempts: number; lastError: string | null };
  /** process_instance row (undefined when none). */
  instance?: { status: string; currentStep: string | null };
  /** Temporal's describe of the workflow id: its status name, or undefined when Temporal never heard of it. */
  temporalStatus?: string;
  /** Open or claimed human tasks of the process: proof the workflow found its document and got to work. */
  openTasks: number;
  /** Audit entries saying the process's document was created (one per document, committed with it). */
  createdAudits: number;
}

/** Reads the outbox, the projection, the task inbox and Temporal for one workflow id. */
export async function startEvidence(orm: MikroORM, temporal: Client, workflowId: string): Promise<StartEvidence> {
  const em = orm.em.fork();
  const [outbox] = await query<{ status: string; attempts: number; last_error: string | null }>(
    em,
    'select status, attempts, last_error from process_start_outbox where workflow_id = ?',
    [workflowId],
  );
  const [instance] = await query<{ status: string; current_step: string | null }>(
    em,
    'select status, current_step from process_instance where workflow_id = ?',
    [workflowId],
  );
  const [tasks] = await query<{ n: string }>(
    em,
    `select count(*) as n from human_task where workflow_id = ? and status in ('open', 'claimed')`,
    [workflowId],
  );
  const [audits] = await query<{ n: string }>(
    em,
    `select count(*) as n from audit_log where workflow_id = ? and action in (${DOCUMENT_CREATED.map(() => '?').join(', ')})`,
    [workflowId, ...DOCUMENT_CREATED],
  );
  return {
    outbox: outbox && { status: outbox.status, attempts: num(outbox.attempts), lastError: outbox.last_error },
    instance: instance && { status: instance.status, currentStep: instance.current_step },
    temporalStatus: await temporalStatus(temporal, workflowId),
    openTasks: num(tasks?.n ?? 0),
    createdAudits: num(audits?.n ?? 0),
  };
}

/** The workflow's status name as Temporal describes it (RUNNING, ...), or undefined when no such workflow exists. */
export async function temporalStatus(temporal: Client, workflowId: string): Promise<string | undefined> {
  try {
    return (await temporal.workflow.getHandle(workflowId).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** Every run Temporal's visibility store lists for a workflow id (a duplicate start would show as a second run). */
export async function runsOf(temporal: Client, workflowId: string): Promise<Array<{ runId: string; status: string }>> {
  const runs: Array<{ runId: string; status: string }> = [];
  for await (const run of temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push({ runId: run.runId, status: run.status.name });
  }
  return runs;
}

/** The documents of a table created after a mark (its highest id before the test acted). */
export async function documentsSince(
  orm: MikroORM,
  table: 'sales_order' | 'purchase_order',
  afterId: number,
): Promise<Array<{ orderNumber: string; workflowId: string }>> {
  const rows = await query<{ order_number: string; workflow_id: string }>(
    orm.em.fork(),
    `select order_number, workflow_id from ${table} where id > ? order by id`,
    [afterId],
  );
  return rows.map((row) => ({ orderNumber: row.order_number, workflowId: row.workflow_id }));
}

/** The highest id of a document table now: the mark {@link documentsSince} counts from. */
export async function lastDocumentId(orm: MikroORM, table: 'sales_order' | 'purchase_order'): Promise<number> {
  const [row] = await query<{ id: string | null }>(orm.em.fork(), `select max(id) as id from ${table}`);
  return num(row?.id ?? 0);
}
