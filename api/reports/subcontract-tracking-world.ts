import type { MikroORM } from '@mikro-orm/postgresql';
import { type MoveCommand, postMove } from '../../db/inventory/post-move';
import {
  Item,
  SubcontractDelivery,
  SubcontractOrder,
  SubcontractOrderComponent,
  Supplier,
  Warehouse,
} from '../../db/entities';
import { query } from '../../db/sql';

/**
 * A test world for the subcontract tracking reports (integration test and e2e journey), on a supplier, site and items
 * of its own (suffix): component A received 10 at 2 and 10 at 4 (unit value 3) and component B 5 at 10; 6 A and 5 B
 * moved to the supplier's site SUP-<code> with status at-supplier (value 18 + 50 = 68). Orders, written through the
 * entities as the order's process would leave them:
 * - `late`: 10 FG due yesterday, at-supplier; A sent 6, consumed 2, scrapped 1 (3 out, 9); B sent 2, consumed 2;
 *   P bought by the supplier (nothing sent); deliveries 4 received (fee 14) and 1 rejected (fee 3.5).
 * - `open`: 5 FG due in 10 days, at-supplier; A sent 3 (out, 9), B sent 5 (out, 50).
 * - `received`: 2 FG due yesterday, received; one delivery of 2 (fee 7). Not late.
 * - `cancelled`: due two days ago, cancelled. Not late.
 * The kept deliveries' finished goods are received at their fee (Cr 2300), so the books hold the fees they accrued.
 */
export interface SubcontractTrackingWorld {
  supplierCode: string;
  supplierName: string;
  warehouseCode: string;
  sku: { fg: string; a: string; b: string; p: string };
  orders: { late: string; open: string; received: string; cancelled: string };
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export async function subcontractTrackingWorld(orm: MikroORM, label: string): Promise<SubcontractTrackingWorld> {
  const suffix = `${label}${Date.now() % 1_000_000}${Math.floor(Math.random() * 1000)}`;
  const supplierCode = `STK${suffix}`.slice(0, 16);
  const warehouseCode = `SUP-${supplierCode}`;
  const sku = { fg: `TRK-FG-${suffix}`, a: `TRK-A-${suffix}`, b: `TRK-B-${suffix}`, p: `TRK-P-${suffix}` };
  const em = orm.em.fork();
  await query(
    em,
    `insert into supplier (code, name, trusted, payment_terms_days, active, created_at) values (?, ?, false, 30, true, now())`,
    [supplierCode, `Tracking plating ${suffix}`],
  );
  await query(em, `insert into warehouse (code, name, priority, virtual, active) values (?, ?, 900, false, true)`, [
    warehouseCode,
    `Site of ${supplierCode}`,
  ]);
  await query(
    em,
    `insert into location (code, warehouse_id, type, pick_sequence, active)
     select ?, id, 'storage', 0, true from warehouse where code = ?`,
    [`${warehouseCode}-01`, warehouseCode],
  );
  for (const [key, item] of Object.entries(sku)) {
    await query(
      em,
      `insert into item (sku, name, uom, category, lot_tracked, lead_time_days, supply_type, allow_negative_stock,
                         valuation_method, valued_per_warehouse, list_price, created_at)
       values (?, ?, 'pcs', 'test', false, 1, 'buy', false, 'fifo', false, 10, now())`,
      [item, `Tracking ${key} ${suffix}`],
    );
  }

  let moves = 0;
  const move = (itemSku: string, command: Partial<MoveCommand>): MoveCommand => {
    moves += 1;
    const documentRef = `tracking-${suffix}-${moves}`;
    const base = { moveType: 'receipt' as const, toLocation: 'MAIN-A01', quantity: 1, documentType: 'test' };
    return { ...base, itemSku, documentRef, userName: 'tester', idempotencyKey: documentRef, ...command };
  };
  const toSupplier = { moveType: 'transfer' as const, fromLocation: 'MAIN-A01', toLocation: `${warehouseCode}-01` };
  for (const command of [
    move(sku.a, { quantity: 10, unitCost: 2 }),
    move(sku.a, { quantity: 10, unitCost: 4 }),
    move(sku.b, { quantity: 5, unitCost: 10 }),
    move(sku.a, { ...toSupplier, quantity: 6, toStatus: 'at-supplier' }),
    move(sku.b, { ...toSupplier, quantity: 5, toStatus: 'at-supplier' }),
  ]) {
    await orm.em.fork().transactional((tx) => postMove(tx, command));
  }

  const orders = {
    late: `SCT-L-${suffix}`,
    open: `SCT-O-${suffix}`,
    received: `SCT-R-${suffix}`,
    cancelled: `SCT-C-${suffix}`,
  };
  await orm.em.fork().transactional(async (tx) => {
    const supplier = await tx.findOneOrFail(Supplier, { code: supplierCode });
    const warehouse = await tx.findOneOrFail(Warehouse, { code: 'MAIN' });
    const items = {
      fg: await tx.findOneOrFail(Item, { sku: sku.fg }),
      a: await tx.findOneOrFail(Item, { sku: sku.a }),
      b: await tx.findOneOrFail(Item, { sku: sku.b }),
      p: await tx.findOneOrFail(Item, { sku: sku.p }),
    };
    // Entity instances with their class defaults (zero totals, created now), persisted together in one flush.
    const make = <T extends object>(entity: T, data: Partial<T>): T => {
      tx.persist(Object.assign(entity, data));
      return entity;
    };
    const order = (orderNumber: string, quantity: number, dueDate: string, status: SubcontractOrder['status']) =>
      make(new SubcontractOrder(), {
        orderNumber,
        supplier,
        item: items.fg,
        quantity,
        dueDate,
        feePerUnit: 3.5,
        warehouse,
        status,
        workflowId: `subcontract-order:${orderNumber}`,
        createdBy: 'tester',
      });
    type Totals = Partial<Pick<SubcontractOrderComponent, 'sentQuantity' | 'consumedQuantity' | 'scrappedQuantity'>>;
    const line = (owner: SubcontractOrder, lineNo: number, item: Item, totals: Totals) =>
      make(new SubcontractOrderComponent(), {
        order: owner,
        lineNo,
        item,
        quantityPer: 1,
        requiredQuantity: owner.quantity,
        ...totals,
      });
    const delivery = (owner: SubcontractOrder, deliveryNo: number, finishedQuantity: number, feeAccrued: number) =>
      make(new SubcontractDelivery(), {
        order: owner,
        deliveryNo,
        finishedQuantity,
        feeAccrued,
        receivedAt: new Date(),
        idempotencyKey: `tracking:${owner.orderNumber}:${deliveryNo}`,
      });

    const late = order(orders.late, 10, isoDay(-1), 'at-supplier');
    line(late, 1, items.a, { sentQuantity: 6, consumedQuantity: 2, scrappedQuantity: 1 });
    line(late, 2, items.b, { sentQuantity: 2, consumedQuantity: 2 });
    make(new SubcontractOrderComponent(), {
      order: late,
      lineNo: 3,
      item: items.p,
      quantityPer: 1,
      requiredQuantity: 10,
      provision: 'supplier',
    });
    delivery(late, 1, 4, 14);
    delivery(late, 2, 1, 3.5).status = 'rejected';

    const open = order(orders.open, 5, isoDay(10), 'at-supplier');
    line(open, 1, items.a, { sentQuantity: 3 });
    line(open, 2, items.b, { sentQuantity: 5 });

    delivery(order(orders.received, 2, isoDay(-1), 'received'), 1, 2, 7);
    order(orders.cancelled, 1, isoDay(-2), 'cancelled');
  });
  // The finished goods of the kept deliveries come in at their fee, Cr 2300, as the delivery's entry books the fee:
  // the fee accrual in the books matches the deliveries' (the period close reconciles 2300 against them).
  for (const [orderNumber, quantity] of [
    [orders.late, 4],
    [orders.received, 2],
  ] as const) {
    const key = `subcontract:${orderNumber}:d1:finished`;
    const receipt = move(sku.fg, {
      quantity,
      unitCost: 3.5,
      offsetAccount: '2300',
      idempotencyKey: key,
      documentRef: orderNumber,
    });
    await orm.em.fork().transactional((tx) => postMove(tx, { ...receipt, documentType: 'subcontract-order' }));
  }
  return { supplierCode, supplierName: `Tracking plating ${suffix}`, warehouseCode, sku, orders };
}
