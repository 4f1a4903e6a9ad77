import type { EntityManager } from '@mikro-orm/postgresql';
import type { Discrepancy, ReconciliationReport } from '../../workflows/reconciliation/reconciliation.contract';
import {
  documentsWithoutProcess,
  existingDocuments,
  expiredKeyCount,
  recordedRunning,
  recordedWithoutDocument,
  stuckStarts,
} from './document-checks';
import type { DocumentProcess, ReconciliationDeps } from './reconciliation-deps';
import { runningWorkflows, workflowState, type RunningWorkflow } from './temporal-checks';

/** How many findings of each check one run lists; the rest waits for the next run (the report says so). */
export const FINDINGS_PER_CHECK = 200;

/** What a check needs: the database (a forked EntityManager), Temporal, and the age a finding must reach. */
export interface CheckContext {
  em: EntityManager;
  deps: ReconciliationDeps;
  olderThanMinutes: number;
}

/**
 * Compares documents, process instances, queued starts and Temporal, and lists what does not match, with the repair
 * that is safe for each (or none). Reads only; the repairs re-check each finding before they act.
 */
export async function findDiscrepancies(context: CheckContext): Promise<ReconciliationReport> {
  const { em, deps } = context;
  const types = deps.documents.map((document) => document.processType);
  const running = await runningWorkflows(deps, types);
  const found: Discrepancy[][] = [];
  let truncated = false;
  const add = (discrepancies: Discrepancy[]) => {
    found.push(discrepancies);
    if (discrepancies.length >= FINDINGS_PER_CHECK) truncated = true;
  };
  for (const document of deps.documents) add(await unstartedDocuments(context, document));
  const orphans: Discrepancy[] = [];
  for (const document of deps.documents) orphans.push(...(await orphanProcesses(context, document, running)));
  orphans.splice(FINDINGS_PER_CHECK);
  add(orphans);
  add(await lostProcesses(context, running, new Set(orphans.map((orphan) => orphan.workflowId ?? ''))));
  add(
    (await stuckStarts(em, context.olderThanMinutes, FINDINGS_PER_CHECK)).map((start) => ({
      kind: 'start-stuck',
      processType: start.processType,
      businessKey: start.businessKey,
      workflowId: start.workflowId,
      detail:
        `The start of ${start.workflowId} is queued since ${iso(start.createdAt)} and Temporal has not accepted it ` +
        `(${start.attempts} attempts${start.lastError ? `, last: ${start.lastError.split('\n')[0]}` : ''}).`,
      repair: 'start-queued',
    })),
  );
  const expired = await expiredKeyCount(em);
  if (expired > 0) {
    add([
      {
        kind: 'expired-idempotency-keys',
        processType: null,
        businessKey: null,
        workflowId: null,
        detail: `${expired} stored idempotent answers are past their expiry.`,
        repair: 'purge-expired-keys',
        count: expired,
      },
    ]);
  }
  return { checkedAt: new Date().toISOString(), discrepancies: found.flat(), truncated };
}

/**
 * Documents with no process at all. Queuing the start is safe when the document is still in the status it was
 * created in, records the workflow id the API would have given it, and Temporal has no closed run of that id (a
 * closed run did work already; starting another would repeat it). A running one is only recorded by the start.
 */
async function unstartedDocuments(context: CheckContext, document: DocumentProcess): Promise<Discrepancy[]> {
  const { start, workflowIdSql } = document;
  if (!start || workflowIdSql === null) return [];
  const rows = await documentsWithoutProcess(
    context.em,
    { ...document, workflowIdSql },
    context.olderThanMinutes,
    FINDINGS_PER_CHECK,
  );
  const findings: Discrepancy[] = [];
  for (const row of rows) {
    const state = await workflowState(context.deps, row.workflowId);
    const expected = start(row.businessKey, row.createdBy).workflowId;
    const safe = row.status === document.startStatus && row.workflowId === expected && isOpen(state);
    findings.push({
      kind: 'document-without-process',
      processType: document.processType,
      businessKey: row.businessKey,
      workflowId: row.workflowId,
      detail:
        `${capitalise(document.documentName)} ${row.businessKey} (${row.status}, created ${iso(row.createdAt)} ` +
        `by ${row.createdBy}) has no process instance and no queued start; Temporal ${describeState(state)}` +
        `${safe ? '' : unsafeReason(row, expected, document, state)}.`,
      repair: safe ? 'queue-start' : null,
    });
  }
  return findings;
}

/** Running instances (recorded, or running in Temporal) whose document does not exist: they can never finish. */
async function orphanProcesses(
  context: CheckContext,
  document: DocumentProcess,
  running: RunningWorkflow[],
): Promise<Discrepancy[]> {
  const recorded = await recordedWithoutDocument(context.em, document, FINDINGS_PER_CHECK);
  const ofType = running.filter((workflow) => workflow.processType === document.processType);
  const existing = await existingDocuments(context.em, document, [...new Set(ofType.map((w) => w.businessKey))]);
  const byId = new Map<string, { businessKey: string; recorded: string | null; running: boolean }>();
  for (const row of recorded)
    byId.set(row.workflowId, { businessKey: row.businessKey, recorded: row.status, running: false });
  for (const workflow of ofType.filter((w) => !existing.has(w.businessKey))) {
    const known = byId.get(workflow.workflowId);
    byId.set(workflow.workflowId, {
      businessKey: workflow.businessKey,
      recorded: known?.recorded ?? null,
      running: true,
    });
  }
  return [...byId].map(([workflowId, orphan]) => ({
    kind: 'process-without-document',
    processType: document.processType,
    businessKey: orphan.businessKey,
    workflowId,
    detail:
      `${workflowId} is ${orphan.running ? 'running in Temporal' : `recorded as ${orphan.recorded}`} but ` +
      `${document.documentName} ${orphan.businessKey} does not exist, so it can never finish.`,
    repair: 'close-orphan',
  }));
}

/**
 * Instances recorded as running that Temporal does not run (visibility may lag, so each is confirmed by describe).
 * Listed only: the process may have done part of its work, and restarting or closing the document is a person's call.
 */
async function lostProcesses(
  context: CheckContext,
  running: RunningWorkflow[],
  orphans: Set<string>,
): Promise<Discrepancy[]> {
  const runningIds = new Set(running.map((workflow) => workflow.workflowId));
  const types = context.deps.documents.map((document) => document.processType);
  const suspects = (await recordedRunning(context.em, types)).filter(
    (row) => !runningIds.has(row.workflowId) && !orphans.has(row.workflowId),
  );
  const findings: Discrepancy[] = [];
  for (const row of suspects) {
    if (findings.length >= FINDINGS_PER_CHECK) break;
    const state = await workflowState(context.deps, row.workflowId);
    if (state === 'RUNNING') continue;
    findings.push({
      kind: state === 'missing' ? 'process-missing' : 'process-closed',
      processType: row.processType,
      businessKey: row.businessKey,
      workflowId: row.workflowId,
      detail: `${row.workflowId} is recorded as running, but Temporal ${describeState(state)}; its document may be stuck.`,
      repair: null,
    });
  }
  return findings;
}

function isOpen(state: string): boolean {
  return state === 'missing' || state === 'RUNNING';
}

function describeState(state: string): string {
  if (state === 'missing') return 'has no such workflow';
  if (state === 'RUNNING') return 'runs its workflow';
  return `closed its workflow as ${state.toLowerCase()}`;
}

function unsafeReason(
  row: { status: string; workflowId: string },
  expected: string,
  document: DocumentProcess,
  state: string,
): string {
  if (row.workflowId !== expected)
    return ` (it records workflow id ${row.workflowId}, not ${expected}: left to a person)`;
  if (row.status !== document.startStatus) return ` (it is ${row.status}, so it was worked on: left to a person)`;
  return ` (a closed run did its work already: left to a person, not restarted; state ${state})`;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
