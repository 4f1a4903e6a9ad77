import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { postMove } from '../../db/inventory/post-move';
import { num, query } from '../../db/sql';

/*
 * A subcontracting world of its own for an integration test: a warehouse (ranked last, nobody else's orders look at
 * it) with two bins, a supplier, a finished item FG made of BOLT (2 per unit, 10 % planned scrap) and PLATE (1 per
 * unit), both lot-tracked, and a supplier rule of the subcontract-consumption rules for this supplier.
 */

const DAY_MS = 86_400_000;
export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

export interface SubcontractWorld {
  suffix: string;
  supplierCode: string;
  warehouseCode: string;
  bins: { a: string; b: string };
  sku: { fg: string; bolt: string; plate: string };
}

let serial = 0;

async function insertItem(orm: MikroORM, sku: string) {
  const [row] = await query<{ id: number }>(
    orm.em.fork(),
    `insert into item (sku, name, uom, category, lot_tracked, shelf_life_days, lead_time_days, supply_type,
                       allow_negative_stock, valuation_method, valued_per_warehouse, list_price, created_at)
     values (?, ?, 'pcs', 'test', true, null, 1, 'buy', false, 'fifo', false, 10, now()) returning id`,
    [sku, `Subcontract test ${sku}`],
  );
  return num(row?.id);
}

/** Builds the world: items, BOM, supplier, warehouse and bins. */
export async function subcontractWorld(orm: MikroORM): Promise<SubcontractWorld> {
  serial += 1;
  const suffix = `${Date.now() % 10_000_000}${serial}`;
  const sku = { fg: `SFG-${suffix}`, bolt: `SBOLT-${suffix}`, plate: `SPLATE-${suffix}` };
  const warehouseCode = `SCW${suffix}`;
  const bins = { a: `${warehouseCode}-A`, b: `${warehouseCode}-B` };
  const supplierCode = `SSUP-${suffix}`;
  const em = orm.em.fork();
  const fg = await insertItem(orm, sku.fg);
  const bolt = await insertItem(orm, sku.bolt);
  const plate = await insertItem(orm, sku.plate);
  const [bom] = await query<{ id: number }>(
    em,
    `insert into bom (item_id, version, effective_from, phantom, created_by, created_at)
     values (?, 1, ?, false, 'tester', now()) returning id`,
    [fg, isoDay(-30)],
  );
  await query(
    em,
    `insert into bom_line (bom_id, line_no, component_item_id, quantity_per, scrap_percent)
     values (?, 1, ?, 2, 10), (?, 2, ?, 1, 0)`,
    [bom?.id, bolt, bom?.id, plate],
  );
  await query(em, `insert into supplier (code, name, trusted, created_at) values (?, ?, false, now())`, [
    supplierCode,
    `Subcontractor ${suffix}`,
  ]);
  const [warehouse] = await query<{ id: number }>(
    em,
    `insert into warehouse (code, name, priority, virtual, active) values (?, ?, 9000, false, true) returning id`,
    [warehouseCode, `Subcontract test ${suffix}`],
  );
  await query(
    em,
    `insert into location (code, warehouse_id, type, pick_sequence, active) values (?, ?, 'storage', 1, true),
       (?, ?, 'storage', 2, true)`,
    [bins.a, warehouse?.id, bins.b, warehouse?.id],
  );
  return { suffix, supplierCode, warehouseCode, bins, sku };
}

/** Receives lots (in the order given, a minute apart, oldest first) at their own unit costs. */
export async function receiveLots(
  orm: MikroORM,
  sku: string,
  lots: Array<{ lot: string; location: string; quantity: number; unitCost: number }>,
): Promise<void> {
  for (const [index, lot] of lots.entries()) {
    await orm.em.fork().transactional((em) =>
      postMove(em, {
        moveType: 'receipt',
        itemSku: sku,
        lot: { code: lot.lot },
        toLocation: lot.location,
        quantity: lot.quantity,
        unitCost: lot.unitCost,
        effectiveAt: new Date(Date.now() - (lots.length - index) * 60_000),
        documentType: 'test',
        documentRef: `subcontract-stock-${sku}`,
        userName: 'tester',
        idempotencyKey: `subcontract-stock:${sku}:${lot.lot}`,
      }),
    );
  }
}

/**
 * Publishes a subcontract-consumption version that adds one rule per given supplier (the rules in force kept), drafted
 * by admin and published by admin2 (four-eyes). Returns the version.
 */
export async function publishSupplierRules(
  app: FastifyInstance,
  headers: { admin: { authorization: string }; admin2: { authorization: string } },
  rules: Array<{ supplierCode: string; method: 'bom-ratio' | 'as-sent'; overDeliveryPercent: number }>,
): Promise<number> {
  const call = (method: 'POST' | 'PUT', url: string, as: object, payload: object) =>
    app.inject({ method, url: `/api/rule-sets${url}`, headers: as as Record<string, string>, payload });
  const draft = await call('POST', '/subcontract-consumption/drafts', headers.admin, {});
  if (draft.statusCode !== 201) throw new Error(`draft: ${draft.body}`);
  const content = draft.json<{ content: { rules: unknown[]; defaultPolicy: unknown } }>().content;
  const added = rules.map((rule) => ({
    name: `supplier-${rule.supplierCode}`,
    priority: 50,
    conditions: { all: [{ fact: 'supplier.code', operator: 'equal', value: rule.supplierCode }] },
    event: { type: 'policy', params: { method: rule.method, overDeliveryPercent: rule.overDeliveryPercent } },
  }));
  const version = draft.json<{ version: number }>().version;
  const saved = await call('PUT', `/subcontract-consumption/versions/${version}`, headers.admin, {
    content: { ...content, rules: [...content.rules, ...added] },
  });
  if (saved.statusCode !== 200) throw new Error(`save: ${saved.body}`);
  const published = await call('POST', `/subcontract-consumption/versions/${version}/publish`, headers.admin2, {});
  if (published.statusCode !== 200) throw new Error(`publish: ${published.body}`);
  return version;
}
