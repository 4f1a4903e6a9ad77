import type { MikroORM } from '@mikro-orm/postgresql';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';

/*
 * A production world of its own for a test (fresh SKUs, work centres and order number): a finished good FG made of a
 * phantom PH (never stocked: its components are issued directly), a stocked sub-assembly SUB with a BOM of its own
 * (three levels) and bolts (category 'fastener': the seeded material-issue rules backflush them). A routing of two
 * operations: 10 at a centre with labour and overhead rates, 20 at one with a labour rate only.
 *
 *   FG  = 2 PH + 1 SUB + 4 BOLT (scrap 25 %)        PH  = 3 C1 (scrap 10 %) + 2 BOLT        SUB = 5 C2
 */

/** Two bins of the main warehouse that other test files leave alone. */
export const BIN_A = 'MAIN-C08';
export const BIN_B = 'MAIN-C07';

const DAY_MS = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

export interface Lot {
  lot: string;
  location: string;
  quantity: number;
  unitCost: number;
  expiresOn?: string;
  status?: 'available' | 'quarantine';
}

export interface ProductionWorld {
  suffix: string;
  sku: { fg: string; ph: string; sub: string; c1: string; c2: string; bolt: string };
  centres: { assembly: string; test: string };
  orderNumber: string;
  workflowId: string;
}

let serial = 0;

async function insertItem(
  orm: MikroORM,
  sku: string,
  category: string,
  options: { lotTracked: boolean; make: boolean },
) {
  const [row] = await query<{ id: number }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', ?, ?, null, 1, ?, false, 'fifo', false, 10, now()) returning id`,
    [sku, `Production test ${sku}`, category, options.lotTracked, options.make ? 'make' : 'buy'],
  );
  return num(row?.id);
}

async function insertBom(
  orm: MikroORM,
  parentId: number,
  phantom: boolean,
  lines: Array<[number, number, number]>,
): Promise<void> {
  const em = orm.em.fork();
  const [bom] = await query<{ id: number }>(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     values (?, 1, ?, ?, 'tester', now()) returning id`,
    [parentId, isoDay(-30), phantom],
  );
  for (const [index, [componentId, quantityPer, scrapPercent]] of lines.entries()) {
    await query(
      em,
      `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent) values (?, ?, ?, ?, ?)`,
      [bom?.id, index + 1, componentId, quantityPer, scrapPercent],
    );
  }
}

async function insertCentre(orm: MikroORM, code: string, rates: Array<[string, number, number | null]>) {
  const em = orm.em.fork();
  const [centre] = await query<{ id: number }>(
    em,
    `insert into work_centre (code, name, active, created_at) values (?, ?, true, now()) returning id`,
    [code, `Centre ${code}`],
  );
  for (const [effectiveFrom, labour, overhead] of rates) {
    await query(
      em,
      `insert into work_centre_rate (work_centre_id, effective_from, labour_rate, overhead_rate, created_by, created_at)
       values (?, ?, ?, ?, 'tester', now())`,
      [centre?.id, effectiveFrom, labour, overhead],
    );
  }
  return num(centre?.id);
}

/** Receives lots (in the order given, an hour apart, oldest first) at their own unit costs. */
export async function receiveLots(orm: MikroORM, sku: string, lots: Lot[]): Promise<void> {
  for (const [index, lot] of lots.entries()) {
    await orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: sku,
        lot: { code: lot.lot, expiresOn: lot.expiresOn },
        toLocation: lot.location,
        toStatus: lot.status ?? 'available',
        quantity: lot.quantity,
        unitCost: lot.unitCost,
        effectiveAt: new Date(Date.now() - (lots.length - index) * 60_000),
        documentType: 'test',
        documentRef: `production-stock-${sku}`,
        userName: 'tester',
        idempotencyKey: `production-stock:${sku}:${lot.lot}`,
      }),
    );
  }
}

/** Builds the items, BOMs, work centres and routing, and a created order for `quantity` FG. */
export async function productionWorld(orm: MikroORM, quantity: number): Promise<ProductionWorld> {
  serial += 1;
  const suffix = `${Date.now() % 10_000_000}${serial}`;
  const sku = {
    fg: `PFG-${suffix}`,
    ph: `PPH-${suffix}`,
    sub: `PSUB-${suffix}`,
    c1: `PC1-${suffix}`,
    c2: `PC2-${suffix}`,
    bolt: `PBOLT-${suffix}`,
  };
  const fg = await insertItem(orm, sku.fg, 'test', { lotTracked: false, make: true });
  const ph = await insertItem(orm, sku.ph, 'test', { lotTracked: false, make: true });
  const sub = await insertItem(orm, sku.sub, 'test', { lotTracked: true, make: true });
  const c1 = await insertItem(orm, sku.c1, 'test', { lotTracked: true, make: false });
  const c2 = await insertItem(orm, sku.c2, 'test', { lotTracked: true, make: false });
  const bolt = await insertItem(orm, sku.bolt, 'fastener', { lotTracked: true, make: false });
  await insertBom(orm, fg, false, [
    [ph, 2, 0],
    [sub, 1, 0],
    [bolt, 4, 25],
  ]);
  await insertBom(orm, ph, true, [
    [c1, 3, 10],
    [bolt, 2, 0],
  ]);
  await insertBom(orm, sub, false, [[c2, 5, 0]]);
  const centres = { assembly: `PA${suffix}`, test: `PT${suffix}` };
  // Assembly's rates changed ten days ago: a report dated today uses the new ones.
  const assembly = await insertCentre(orm, centres.assembly, [
    [isoDay(-400), 10, 5],
    [isoDay(-10), 40, 25],
  ]);
  const testing = await insertCentre(orm, centres.test, [[isoDay(-400), 30, null]]);
  const em = orm.em.fork();
  const [routing] = await query<{ id: number }>(
    em,
    `insert into routing (item_id, version, effective_from, created_by, created_at)
     values (?, 1, ?, 'tester', now()) returning id`,
    [fg, isoDay(-30)],
  );
  for (const [seq, centre, description] of [
    [10, assembly, 'Assemble'],
    [20, testing, 'Test'],
  ] as const) {
    await query(
      em,
      `insert into routing_operation (routing_id, seq, work_centre_id, description, setup_hours, run_hours_per_unit)
       values (?, ?, ?, ?, 0.5, 0.25)`,
      [routing?.id, seq, centre, description],
    );
  }
  const orderNumber = `PRD-T${suffix}`;
  await query(
    em,
    `insert into production_order (number, item_id, quantity, warehouse_id, due_date, start_date, created_by,
                                   created_at, updated_at)
     select ?, ?, ?, l.warehouse_id, ?, ?, 'planner', now(), now() from location l where l.code = ?`,
    [orderNumber, fg, quantity, isoDay(14), isoDay(0), BIN_A],
  );
  return { suffix, sku, centres, orderNumber, workflowId: `production-order:${orderNumber}` };
}
