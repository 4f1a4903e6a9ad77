import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { appendAudit } from '../../db/repositories/audit-repository';
import { query } from '../../db/sql';
import {
  getOrderStateQuery,
  type OrderFulfillmentState,
} from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { comparePackage } from '../../workflows/order-fulfillment/pack-check-rules';
import {
  PACK_CHECK_REJECTION,
  packCheckOf,
  recordPackCheckUpdate,
  type PackCheckPackage,
  type PackCheckProblem,
  type PackCheckRecorded,
  type ScannedLine,
} from '../../workflows/order-fulfillment/pack-check.contract';
import { ApiError, type ApiErrorCode } from '../errors';
import { updateRejection } from '../update-rejection';

export interface PackCheckDeps {
  orm: MikroORM;
  temporal: Client;
}

/** One attempt at checking a package, as kept in pack_check_attempt. */
export interface PackCheckAttemptView {
  packageNo: string;
  matched: boolean;
  problems: PackCheckProblem[];
  checkedBy: string;
  checkedAt: string;
}

/** What the pack-check screen shows: each package's lines, whether it has passed, and every attempt so far. */
export interface PackCheckView {
  orderNumber: string;
  customerName: string | null;
  step: string;
  /** Whether this order's dispatch has a pack check (every one has, unless its customer or warehouse opted out). */
  required: boolean;
  /** Whether packages can be checked now (the shipment waits for its confirmation). */
  open: boolean;
  shipTaskId: string | null;
  packages: Array<PackCheckPackage & { attempts: number }>;
  attempts: PackCheckAttemptView[];
}

const REJECTION_CODES: Record<string, ApiErrorCode> = {
  [PACK_CHECK_REJECTION.notOpen]: 'PACK_CHECK_NOT_OPEN',
  [PACK_CHECK_REJECTION.mismatch]: 'PACK_CHECK_MISMATCH',
};

async function orderOf(em: EntityManager, orderNumber: string) {
  const [row] = await query<{ workflow_id: string; customer_name: string }>(
    em,
    `select o.workflow_id, c.name as customer_name
       from sales_order o join customer c on c.id = o.customer_id where o.order_number = ?`,
    [orderNumber],
  );
  if (!row) throw new ApiError('NOT_FOUND', `No sales order ${orderNumber}`);
  return row;
}

async function stateOf(deps: PackCheckDeps, workflowId: string): Promise<OrderFulfillmentState | null> {
  try {
    return await deps.temporal.workflow.getHandle(workflowId).query(getOrderStateQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** The order's pack check: its packages with what each should hold, who checked it and when, and every attempt. */
export async function packCheckView(deps: PackCheckDeps, orderNumber: string): Promise<PackCheckView> {
  const em = deps.orm.em.fork();
  const order = await orderOf(em, orderNumber);
  const state = await stateOf(deps, order.workflow_id);
  const check = packCheckOf(state);
  const attempts = (
    await query<{
      package_no: string;
      ship_task_id: string;
      matched: boolean;
      problems: PackCheckProblem[];
      checked_by: string;
      checked_at: Date;
    }>(
      em,
      `select package_no, ship_task_id, matched, problems, checked_by, checked_at
         from pack_check_attempt where order_number = ? order by checked_at, id`,
      [orderNumber],
    )
  ).filter((row) => !check || row.ship_task_id === check.shipTaskId);
  return {
    orderNumber,
    customerName: state?.customerName ?? order.customer_name,
    step: state?.step ?? 'unknown',
    required: check !== null,
    open: check !== null && state?.step === 'awaiting-ship',
    shipTaskId: check?.shipTaskId ?? null,
    packages: (check?.packages ?? []).map((pkg) => ({
      ...pkg,
      attempts: attempts.filter((attempt) => attempt.package_no === pkg.packageNo).length,
    })),
    attempts: attempts.map((row) => ({
      packageNo: row.package_no,
      matched: row.matched,
      problems: row.problems,
      checkedBy: row.checked_by,
      checkedAt: new Date(row.checked_at).toISOString(),
    })),
  };
}

/** Why the order's packages cannot be checked now, in people's words. */
function notOpenReason(orderNumber: string, state: OrderFulfillmentState | null): string {
  if (!state) return `The process of order ${orderNumber} has ended`;
  if (['shipping', 'invoicing', 'completed'].includes(state.step)) return `Order ${orderNumber} has already shipped`;
  if (['cancelled', 'cancelling', 'credit-rejected'].includes(state.step)) return `Order ${orderNumber} is cancelled`;
  if (state.step === 'awaiting-ship') return `Order ${orderNumber}'s packages need no pack check (opted out)`;
  return `Order ${orderNumber} is not packed yet (it is at ${state.step.replace(/-/g, ' ')}): pack it first`;
}

/**
 * Checks one package: the clerk's scanned lines are compared with what the package should hold. Every attempt is
 * kept (pack_check_attempt) and audited with who and when. A mismatch is refused (422) naming each line and field;
 * a match is recorded on the order's workflow, whose ship task accepts the shipment once every package matched.
 */
export async function checkPackage(
  deps: PackCheckDeps,
  orderNumber: string,
  packageNo: string,
  lines: ScannedLine[],
  username: string,
): Promise<PackCheckRecorded> {
  const order = await orderOf(deps.orm.em.fork(), orderNumber);
  const workflowId = order.workflow_id;
  const state = await stateOf(deps, workflowId);
  const check = packCheckOf(state);
  if (!check || state?.step !== 'awaiting-ship') {
    throw new ApiError('PACK_CHECK_NOT_OPEN', notOpenReason(orderNumber, state));
  }
  const pkg = check.packages.find((candidate) => candidate.packageNo === packageNo);
  if (!pkg) {
    const known = check.packages.map((candidate) => candidate.packageNo).join(', ');
    throw new ApiError('NOT_FOUND', `Package ${packageNo} is not one of order ${orderNumber}'s packages (${known})`);
  }
  const problems = comparePackage(pkg, lines);
  const attempt = { orderNumber, workflowId, shipTaskId: check.shipTaskId, packageNo, lines, username };
  if (problems.length > 0) {
    await recordAttempt(deps, attempt, problems);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new ApiError(
      'PACK_CHECK_MISMATCH',
      `Package ${packageNo} does not match what was packed: ${problems[0]!.message}${more}`,
      problems[0]!.path,
      problems,
    );
  }
  let recorded: PackCheckRecorded;
  try {
    recorded = await deps.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(recordPackCheckUpdate, { args: [{ packageNo, lines, checkedBy: username }] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new ApiError('PACK_CHECK_NOT_OPEN', `The process of order ${orderNumber} has ended`);
    }
    const rejection = updateRejection(error, REJECTION_CODES, /^(packageNo|lines(?:\[\d+\]\.\w+)?)/);
    if (rejection) throw rejection;
    if (error instanceof WorkflowUpdateFailedError) throw new ApiError('PACK_CHECK_NOT_OPEN', error.message);
    throw error;
  }
  await recordAttempt(deps, attempt, []);
  return recorded;
}

async function recordAttempt(
  deps: PackCheckDeps,
  attempt: {
    orderNumber: string;
    workflowId: string;
    shipTaskId: string;
    packageNo: string;
    lines: ScannedLine[];
    username: string;
  },
  problems: PackCheckProblem[],
): Promise<void> {
  const matched = problems.length === 0;
  await deps.orm.em.fork().transactional(async (em) => {
    await query(
      em,
      `insert into pack_check_attempt
         (order_number, workflow_id, ship_task_id, package_no, matched, lines, problems, checked_by, checked_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [
        attempt.orderNumber,
        attempt.workflowId,
        attempt.shipTaskId,
        attempt.packageNo,
        matched,
        JSON.stringify(attempt.lines),
        JSON.stringify(problems),
        attempt.username,
      ],
    );
    await appendAudit(em, {
      actor: attempt.username,
      action: matched ? 'order.pack-check-matched' : 'order.pack-check-mismatch',
      entityType: 'sales_order',
      entityId: attempt.orderNumber,
      workflowId: attempt.workflowId,
      details: { packageNo: attempt.packageNo, shipTaskId: attempt.shipTaskId, lines: attempt.lines, problems },
    });
  });
}

/** A pack check policy row: a warehouse or customer opted out of the pack check (`required: false`) or held to it. */
export interface PackCheckPolicyView {
  scope: 'warehouse' | 'customer';
  code: string;
  required: boolean;
  updatedBy: string;
  updatedAt: string;
}

export async function listPackCheckPolicies(orm: MikroORM): Promise<PackCheckPolicyView[]> {
  const rows = await query<{
    scope: 'warehouse' | 'customer';
    code: string;
    required: boolean;
    updated_by: string;
    updated_at: Date;
  }>(orm.em.fork(), 'select scope, code, required, updated_by, updated_at from pack_check_policy order by scope, code');
  return rows.map((row) => ({
    scope: row.scope,
    code: row.code,
    required: row.required,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  }));
}

/** Opts a warehouse or customer out of the pack check, or back in (from their next packing on); audited. */
export async function setPackCheckPolicy(
  orm: MikroORM,
  scope: 'warehouse' | 'customer',
  code: string,
  required: boolean,
  username: string,
): Promise<PackCheckPolicyView> {
  return orm.em.fork().transactional(async (em) => {
    const table = scope === 'warehouse' ? 'warehouse' : 'customer';
    const [known] = await query<{ code: string }>(em, `select code from ${table} where code = ?`, [code]);
    if (!known) {
      throw new ApiError(
        scope === 'warehouse' ? 'UNKNOWN_WAREHOUSE' : 'UNKNOWN_CUSTOMER',
        `No ${scope} ${code}`,
        'code',
      );
    }
    const [row] = await query<{ updated_at: Date }>(
      em,
      `insert into pack_check_policy (scope, code, required, updated_by, updated_at) values (?, ?, ?, ?, now())
       on conflict (scope, code) do update set required = excluded.required, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at
       returning updated_at`,
      [scope, code, required, username],
    );
    await appendAudit(em, {
      actor: username,
      action: 'pack-check-policy.set',
      entityType: 'pack_check_policy',
      entityId: `${scope}:${code}`,
      details: { scope, code, required },
    });
    return { scope, code, required, updatedBy: username, updatedAt: new Date(row!.updated_at).toISOString() };
  });
}
