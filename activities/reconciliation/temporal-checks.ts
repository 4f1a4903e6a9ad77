import { WorkflowNotFoundError } from '@temporalio/client';
import type { ReconciliationDeps } from './reconciliation-deps';

/** A workflow of one of our document processes that Temporal reports running. */
export interface RunningWorkflow {
  workflowId: string;
  processType: string;
  businessKey: string;
}

/** Every running workflow of `processTypes` (visibility: may lag a start by a moment; callers confirm by describe). */
export async function runningWorkflows(deps: ReconciliationDeps, processTypes: string[]): Promise<RunningWorkflow[]> {
  if (processTypes.length === 0) return [];
  const { processType, businessKey } = deps.keys;
  const types = processTypes.map((type) => `'${type.replace(/'/g, "''")}'`).join(', ');
  const running: RunningWorkflow[] = [];
  const query = `ExecutionStatus = 'Running' AND ${processType.name} IN (${types})`;
  for await (const workflow of deps.temporal.workflow.list({ query })) {
    running.push({
      workflowId: workflow.workflowId,
      processType: workflow.typedSearchAttributes.get(processType) ?? '',
      businessKey: workflow.typedSearchAttributes.get(businessKey) ?? '',
    });
  }
  return running;
}

/** How Temporal stands on a workflow id: 'missing', 'RUNNING', or the status it closed with ('TERMINATED' ...). */
export type WorkflowState = 'missing' | string;

export async function workflowState(deps: ReconciliationDeps, workflowId: string): Promise<WorkflowState> {
  try {
    const description = await deps.temporal.workflow.getHandle(workflowId).describe();
    return description.status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'missing';
    throw error;
  }
}

/** Terminates a workflow if it is still running; true when this call terminated it. */
export async function terminateIfRunning(deps: ReconciliationDeps, workflowId: string, reason: string) {
  if ((await workflowState(deps, workflowId)) !== 'RUNNING') return false;
  await deps.temporal.workflow.getHandle(workflowId).terminate(reason);
  return true;
}
