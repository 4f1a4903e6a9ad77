import type { MikroORM } from '@mikro-orm/postgresql';
import { createProductionActivities } from '../../activities/production/production-activities';
import { postSupplierInvoice } from '../../activities/invoicing/post-invoice';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';
import { BIN_A, receiveLots, type ProductionWorld } from './production-world';

/*
 * Test support for after-the-fact cost differences of a production order's components (the world of
 * production-world.ts for 5 FG): C1 bought on a purchase order and invoiced later, the order's kit issued, its
 * operations and completion reported and the order closed by the production activities (no workflow).
 */

const clerk = 'clerk';
const acts = (orm: MikroORM) => createProductionActivities({ orm });

/** A purchase order for `quantity` C1 at 10.00 received into BIN_A (lot C1-PO), for a supplier invoice to match. */
export async function purchasedC1(orm: MikroORM, world: ProductionWorld, quantity: number) {
  const poNumber = `PO-AF-${world.suffix}`;
  const em = orm.em.fork();
  const [po] = await query<{ id: number }>(
    em,
    `insert into purchase_order (order_number, supplier_id, warehouse_id, status, workflow_id, created_by, created_at,
                                 updated_at)
     select ?, s.id, l.warehouse_id, 'received', ?, 'tester', now(), now()
       from supplier s, location l where s.code = 'S-NORD' and l.code = ? returning id`,
    [poNumber, `purchase-order:${poNumber}`, BIN_A],
  );
  const [line] = await query<{ id: number }>(
    em,
    `insert into purchase_order_line (order_id, line_no, item_id, quantity, unit_cost, received_quantity)
     select ?, 1, i.id, ?, 10, ? from item i where i.sku = ? returning id`,
    [po?.id, quantity, quantity, world.sku.c1],
  );
  await orm.em.fork().transactional((tx) =>
    postMove(tx, {
      moveType: 'receipt',
      itemSku: world.sku.c1,
      lot: { code: 'C1-PO' },
      toLocation: BIN_A,
      quantity,
      unitCost: 10,
      effectiveAt: new Date(Date.now() - 120_000),
      documentType: 'purchase-order',
      documentRef: poNumber,
      lineNo: 1,
      userName: 'tester',
      idempotencyKey: `after-the-fact:${poNumber}:receipt`,
    }),
  );
  return { poId: num(po?.id), lineId: num(line?.id) };
}

/** Enters and posts a supplier invoice for the whole receipt at `unitPrice` (no tax), as the invoice process posts. */
export async function invoiceAt(
  orm: MikroORM,
  world: ProductionWorld,
  po: { poId: number; lineId: number },
  qty: number,
  unitPrice: number,
) {
  const invoiceNumber = `INV-AF-${world.suffix}`;
  const net = Math.round(qty * unitPrice * 100) / 100;
  const workflowId = `supplier-invoice:${invoiceNumber}`;
  const em = orm.em.fork();
  const [invoice] = await query<{ id: number }>(
    em,
    `insert into supplier_invoice (invoice_number, supplier_id, purchase_order_id, invoice_date, due_date, net_total,
                                   tax_total, gross_total, status, workflow_id, created_by, created_at)
     select ?, po.supplier_id, po.id, current_date, current_date + 30, ?, 0, ?, 'matching', ?, 'clerk', now()
       from purchase_order po where po.id = ? returning id`,
    [invoiceNumber, net, net, workflowId, po.poId],
  );
  await query(
    em,
    `insert into supplier_invoice_line (invoice_id, line_no, order_line_id, quantity, unit_price_net, net_amount,
                                        tax_rate, tax_amount) values (?, 1, ?, ?, ?, ?, 0, 0)`,
    [invoice?.id, po.lineId, qty, unitPrice, net],
  );
  const posting = await orm.em
    .fork()
    .transactional((tx) =>
      postSupplierInvoice(tx, { workflowId, invoiceId: num(invoice?.id), decidedBy: 'controller' }),
    );
  const lines = await query<{ account_code: string; net: string }>(
    em,
    `select account_code, sum(debit - credit) as net from journal_line where entry_id = ? group by account_code`,
    [posting.journalEntryId],
  );
  return { posting, entry: Object.fromEntries(lines.map((l) => [l.account_code, num(l.net)])) };
}

/** SUB and bolts in stock; C1 comes from each test. */
export async function otherStock(orm: MikroORM, world: ProductionWorld) {
  await receiveLots(orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 5, unitCost: 7 }]);
  await receiveLots(orm, world.sku.bolt, [{ lot: 'B-1', location: BIN_A, quantity: 100, unitCost: 0.1 }]);
}

/** Releases the order and issues its kit (C1 33, SUB 5); returns the C1 issue move. */
export async function issued(orm: MikroORM, world: ProductionWorld) {
  const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
  await acts(orm).releaseProductionOrder(ref);
  const kit = await acts(orm).reserveKit({ ...ref, round: 1 });
  if (!kit.complete) throw new Error(`the kit of ${world.orderNumber} is short: ${JSON.stringify(kit.short)}`);
  const picks = kit.picks.map((p) => ({
    lineNo: p.lineNo,
    location: p.location,
    lotCode: p.lotCode ?? '',
    quantity: p.quantity,
  }));
  await acts(orm).issueKit({ ...ref, picks, userName: clerk });
  const [move] = await query<{ stock_move_id: number }>(
    orm.em.fork(),
    `select c.stock_move_id from production_cost c join production_order o on o.id = c.production_order_id
      where o.number = ? and c.kind = 'material' and c.component_line_no = 1`,
    [world.orderNumber],
  );
  return num(move?.stock_move_id);
}

/** Reports both operations for 5 good, completes 5 and closes the order. */
export async function completedAndClosed(orm: MikroORM, world: ProductionWorld) {
  const ref = { workflowId: world.workflowId, orderNumber: world.orderNumber };
  const reportedAt = new Date().toISOString();
  for (const seq of [10, 20]) {
    await acts(orm).reportOperation({
      ...ref,
      taskId: `${world.orderNumber}:op${seq}`,
      seq,
      good: 5,
      scrap: 0,
      labourHours: 1,
      userName: clerk,
      reportedAt,
    });
  }
  const done = await acts(orm).completeProductionOrder({
    ...ref,
    taskId: `${world.orderNumber}:done`,
    good: 5,
    toLocation: BIN_A,
    userName: clerk,
    reportedAt,
  });
  const closed = await acts(orm).closeProductionOrder({ ...ref, userName: 'planner' });
  return { done, closed };
}
