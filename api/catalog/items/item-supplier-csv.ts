import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Item, ItemSupplier, Supplier } from '../../../db/entities';
import { ANY_ROLE } from '../../auth/auth-hook';
import { ApiError } from '../../errors';
import { assignFields, auditChange, column, type CsvTransfer, type ImportSpec } from '../../master-data';

/** One line of the item-supplier file (also what export writes). */
export interface ItemSupplierLine {
  itemSku: string;
  supplierCode: string;
  price: number;
  leadTimeDays: number | null;
  minOrderQuantity: number | null;
  orderMultiple: number | null;
  preferred: boolean;
}

const rowSchema = z
  .object({
    itemSku: z.string().trim().min(1, 'is required').max(40),
    supplierCode: z.string().trim().min(1, 'is required').max(40),
    price: z.number().min(0, 'cannot be negative').max(1e9, 'too large'),
    leadTimeDays: z.number().int('whole days').min(0, 'cannot be negative').max(3650).nullable().optional(),
    minOrderQuantity: z.number().min(0, 'cannot be negative').max(1e12).nullable().optional(),
    orderMultiple: z.number().min(0.001, 'at least 0.001').max(1e12).nullable().optional(),
    preferred: z.boolean().optional(),
  })
  .strict();
type Row = z.output<typeof rowSchema>;
const FIELDS = ['price', 'leadTimeDays', 'minOrderQuantity', 'orderMultiple', 'preferred'] as const;

const entityIdOf = (row: ItemSupplier) => `${row.item.sku}/${row.supplier.code}`;

/**
 * Upserts item-supplier records by item SKU + supplier code. Everything the file names is loaded in `prepare`, so
 * the rows work in memory: at most one preferred supplier per item within the file, and a preferred row unmarks
 * the item's other preferred supplier (audited), as the PATCH does.
 */
function importSpec(): ImportSpec<Row> {
  const items = new Map<string, Item>();
  const suppliers = new Map<string, Supplier>();
  const byItem = new Map<string, ItemSupplier[]>();
  const preferredInFile = new Map<string, string>();
  return {
    label: 'item supplier',
    keyColumn: ['itemSku', 'supplierCode'],
    columns: csvColumns as ImportSpec<Row>['columns'],
    rowSchema,
    prepare: async (em, rows) => {
      const skus = [...new Set(rows.map((row) => row.itemSku))];
      const codes = [...new Set(rows.map((row) => row.supplierCode))];
      for (const item of await em.find(Item, { sku: { $in: skus } })) items.set(item.sku, item);
      for (const supplier of await em.find(Supplier, { code: { $in: codes } })) suppliers.set(supplier.code, supplier);
      const existing = await em.find(
        ItemSupplier,
        { item: { sku: { $in: skus } } },
        { populate: ['item', 'supplier'] },
      );
      for (const row of existing) byItem.set(row.item.sku, [...(byItem.get(row.item.sku) ?? []), row]);
    },
    upsert: async (em, body, actor) => {
      const item = items.get(body.itemSku);
      if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${body.itemSku}`, 'itemSku');
      const supplier = suppliers.get(body.supplierCode);
      if (!supplier) throw new ApiError('UNKNOWN_SUPPLIER', `No supplier ${body.supplierCode}`, 'supplierCode');
      if (body.preferred) {
        const other = preferredInFile.get(item.sku);
        if (other !== undefined && other !== supplier.code) {
          const message = `${item.sku} already has preferred supplier ${other} in this file; at most one per item`;
          throw new ApiError('VALIDATION_FAILED', message, 'preferred');
        }
        preferredInFile.set(item.sku, supplier.code);
      }
      const rows = byItem.get(item.sku) ?? [];
      let row = rows.find((candidate) => candidate.supplier === supplier);
      const outcome = row ? 'updated' : 'created';
      if (!row) {
        if (!supplier.active) {
          throw new ApiError('RECORD_INACTIVE', `Supplier ${supplier.code} is deactivated`, 'supplierCode');
        }
        row = new ItemSupplier();
        row.item = item;
        row.supplier = supplier;
        assignFields(row, body, FIELDS);
        em.persist(row);
        byItem.set(item.sku, [...rows, row]);
        const details = { ...body };
        auditChange(em, {
          actor,
          action: 'item-supplier.created',
          entityType: 'item-supplier',
          entityId: entityIdOf(row),
          details,
        });
      } else {
        const changes = assignFields(row, body, FIELDS);
        if (Object.keys(changes).length > 0) {
          const entityId = entityIdOf(row);
          auditChange(em, {
            actor,
            action: 'item-supplier.updated',
            entityType: 'item-supplier',
            entityId,
            details: changes,
          });
        }
      }
      if (row.preferred) unmarkOthers(em, byItem.get(item.sku) ?? [], row, actor);
      return outcome;
    },
  };
}

function unmarkOthers(em: EntityManager, rows: ItemSupplier[], preferred: ItemSupplier, actor: string) {
  for (const other of rows) {
    if (other === preferred || !other.preferred) continue;
    other.preferred = false;
    const details = { preferred: { from: true, to: false } };
    auditChange(em, {
      actor,
      action: 'item-supplier.updated',
      entityType: 'item-supplier',
      entityId: entityIdOf(other),
      details,
    });
  }
}

const csvColumns = [
  column<ItemSupplierLine>('itemSku'),
  column<ItemSupplierLine>('supplierCode'),
  column<ItemSupplierLine>('price', { kind: 'number' }),
  column<ItemSupplierLine>('leadTimeDays', { kind: 'number', nullable: true }),
  column<ItemSupplierLine>('minOrderQuantity', { kind: 'number', nullable: true }),
  column<ItemSupplierLine>('orderMultiple', { kind: 'number', nullable: true }),
  column<ItemSupplierLine>('preferred', { kind: 'boolean' }),
];

/** `/api/item-suppliers/export.csv` and `/import`: every item's supplier records as one file. */
export const itemSupplierTransfer: CsvTransfer<ItemSupplierLine, Row> = {
  label: 'item supplier',
  tag: 'items',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  columns: csvColumns,
  exportRecords: async (em) => {
    const rows = await em.find(
      ItemSupplier,
      {},
      { populate: ['item', 'supplier'], orderBy: { item: { sku: 'asc' }, supplier: { code: 'asc' } } },
    );
    return rows.map((row) => ({
      itemSku: row.item.sku,
      supplierCode: row.supplier.code,
      price: row.price,
      leadTimeDays: row.leadTimeDays,
      minOrderQuantity: row.minOrderQuantity,
      orderMultiple: row.orderMultiple,
      preferred: row.preferred,
    }));
  },
  importSpec,
};
