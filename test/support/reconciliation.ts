import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { num, query } from '../../db/sql';
import { orderFulfillmentWorkflowId } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { purchaseReceiptWorkflowId } from '../../workflows/purchase-receipt/purchase-receipt.contract';
import type { ReconciliationResult } from '../../workflows/reconciliation/reconciliation.contract';
import { startSearchAttributes } from '../../workflows/search-attributes';

// Test support for the reconciliation tests: the discrepancies made for real, in PostgreSQL and Temporal.

/** A sales order committed the way the API commits one, an hour ago, and never started (no process, no outbox). */
export async function unstartedSalesOrder(orm: MikroORM, sku: string): Promise<string> {
  return orm.em.fork().transactional(async (em) => {
    const [seq] = await query<{ n: string }>(em, `select nextval('sales_order_number_seq') as n`);
    const orderNumber = `SO-${String(num(seq?.n)).padStart(6, '0')}`;
    const [order] = await query<{ id: number }>(
      em,
      `insert into sales_order (order_number, customer_id, status, workflow_id, created_by, created_at, updated_at)
       select ?, id, 'open', ?, 'sales', now() - interval '1 hour', now() - interval '1 hour'
         from customer where active order by id limit 1 returning id`,
      [orderNumber, orderFulfillmentWorkflowId(orderNumber)],
    );
    await query(
      em,
      `insert into sales_order_line (order_id, line_no, item_id, quantity, unit_price)
       select ?, 1, id, 1, list_price from item where sku = ?`,
      [order?.id, sku],
    );
    return orderNumber;
  });
}

/** A purchase order committed an hour ago and never started. */
export async function unstartedPurchaseOrder(orm: MikroORM): Promise<string> {
  return orm.em.fork().transactional(async (em) => {
    const [seq] = await query<{ n: string }>(em, `select nextval('purchase_order_number_seq') as n`);
    const orderNumber = `PO-${String(num(seq?.n)).padStart(6, '0')}`;
    const [order] = await query<{ id: number }>(
      em,
      `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                   updated_at)
       select ?, (select id from supplier where code = 'S-NORD'), (select id from warehouse where code = 'EAST'),
              'open', ?, 'buyer', now() - interval '1 hour', now() - interval '1 hour' returning id`,
      [orderNumber, purchaseReceiptWorkflowId(orderNumber)],
    );
    await query(
      em,
      `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost)
       select ?, 1, id, 5, 2.5 from item where sku = 'FOOD-003'`,
      [order?.id],
    );
    return orderNumber;
  });
}

/**
 * A running order-fulfillment workflow whose order does not exist (the API deleted it after a start that timed out
 * on its side but was accepted). It runs on a queue no worker polls, as while workers are down: with a worker it
 * would fail on its own at the credit check.
 */
export async function orphanWorkflow(
  temporal: Client,
  taskQueue: string,
  kind: 'order' | 'purchase',
): Promise<{ workflowId: string; businessKey: string }> {
  const suffix = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const businessKey = kind === 'order' ? `SO-GONE-${suffix}` : `PO-GONE-${suffix}`;
  const workflowId =
    kind === 'order' ? orderFulfillmentWorkflowId(businessKey) : purchaseReceiptWorkflowId(businessKey);
  const processType = kind === 'order' ? 'order-fulfillment' : 'purchase-receipt';
  await temporal.workflow.start(kind === 'order' ? 'orderFulfillment' : 'purchaseReceipt', {
    workflowId,
    taskQueue: `${taskQueue}-no-worker`,
    args: [{ orderNumber: businessKey, pickSlaMinutes: 60, receiptSlaMinutes: 60, putawaySlaMinutes: 60 }],
    typedSearchAttributes: startSearchAttributes({ processType, businessKey }),
  });
  return { workflowId, businessKey };
}

/** The row the API wrote for a started process (the old API wrote it right after the start). */
export async function recordRunning(orm: MikroORM, workflowId: string, processType: string, businessKey: string) {
  await query(
    orm.em.fork(),
    `insert into process_instance (workflow_id, run_id, process_type, business_key, status, current_step, started_at,
                                   updated_at) values (?, '', ?, ?, 'running', 'started', now(), now())`,
    [workflowId, processType, businessKey],
  );
}

/** Whether Temporal's visibility lists the workflow as running yet (the check reads it from there). */
export async function listedRunning(temporal: Client, workflowId: string): Promise<true | undefined> {
  for await (const workflow of temporal.workflow.list({
    query: `WorkflowId = '${workflowId}' AND ExecutionStatus = 'Running'`,
  })) {
    if (workflow.workflowId === workflowId) return true;
  }
  return undefined;
}

/** What `npm run doctor -- --json` printed, and its exit code. */
export interface DoctorRun {
  code: number;
  result: ReconciliationResult & { repair: boolean };
  stderr: string;
}

/** Runs the doctor script as `npm run doctor` does, against the test servers. */
export async function runDoctor(env: Record<string, string>, args: string[]): Promise<DoctorRun> {
  const root = join(__dirname, '..', '..');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'doctor.ts'), '--json', ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        if (code === 2 || !stdout.trim()) {
          reject(new Error(`doctor failed (${code}): ${stderr}`));
          return;
        }
        resolve({ code, result: JSON.parse(stdout) as DoctorRun['result'], stderr });
      },
    );
  });
}
