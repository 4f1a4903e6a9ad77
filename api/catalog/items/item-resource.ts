import type { EntityManager } from '@mikro-orm/postgresql';
import { Item } from '../../../db/entities';
import { availableByItem, itemsWithMoves } from '../../../db/repositories/item-repository';
import { ANY_ROLE } from '../../auth/auth-hook';
import { column, likePattern, type CsvColumn, type MasterDataResource } from '../../master-data';
import {
  createItemSchema,
  itemListQuery,
  itemRecordSchema,
  patchItemSchema,
  type CreateItemBody,
  type ItemListQuery,
  type ItemRecord,
  type PatchItemBody,
} from './item-schemas';
import { createItem, findItemBySku, updateItem } from './item-service';

async function toRecords(em: EntityManager, items: Item[]): Promise<ItemRecord[]> {
  const ids = items.map((item) => item.id);
  const [available, moved] = await Promise.all([availableByItem(em, ids), itemsWithMoves(em, ids)]);
  return items.map((item) => ({
    sku: item.sku,
    name: item.name,
    uom: item.uom,
    category: item.category,
    abcClass: item.abcClass,
    weightKg: item.weightKg,
    lotTracked: item.lotTracked,
    shelfLifeDays: item.shelfLifeDays,
    leadTimeDays: item.leadTimeDays,
    safetyStock: item.safetyStock,
    reorderPoint: item.reorderPoint,
    supplyType: item.supplyType,
    valuationMethod: item.valuationMethod,
    valuedPerWarehouse: item.valuedPerWarehouse,
    allowNegativeStock: item.allowNegativeStock,
    listPrice: item.listPrice,
    taxCode: item.taxRate?.code ?? null,
    active: item.active,
    unitConversions: item.unitConversions.isInitialized()
      ? item.unitConversions.getItems().map((c) => ({ uom: c.uom, factor: c.factor }))
      : [],
    available: available.get(item.id) ?? 0,
    hasMoves: moved.has(item.id),
  }));
}

/** `BOX=12;PAL=480` <-> [{ uom: 'BOX', factor: 12 }, ...]; anything unreadable goes to zod as text to be refused. */
function parseConversions(cell: string): unknown {
  const parts = cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const conversions = parts.map((part) => {
    const [uom, factor, extra] = part.split('=').map((side) => side.trim());
    const value = Number(factor);
    return uom && factor && extra === undefined && Number.isFinite(value) ? { uom, factor: value } : null;
  });
  return conversions.every((c) => c !== null) ? conversions : `${cell} (write UNIT=factor;UNIT=factor)`;
}

const CSV_COLUMNS: CsvColumn<ItemRecord>[] = [
  column('sku'),
  column('name'),
  column('uom'),
  column('category'),
  column('abcClass', { nullable: true }),
  column('weightKg', { kind: 'number', nullable: true }),
  column('lotTracked', { kind: 'boolean' }),
  column('shelfLifeDays', { kind: 'number', nullable: true }),
  column('leadTimeDays', { kind: 'number', nullable: true }),
  column('safetyStock', { kind: 'number', nullable: true }),
  column('supplyType'),
  column('valuationMethod'),
  column('valuedPerWarehouse', { kind: 'boolean' }),
  column('allowNegativeStock', { kind: 'boolean' }),
  column('listPrice', { kind: 'number' }),
  column('taxCode', { nullable: true }),
  {
    name: 'unitConversions',
    parse: parseConversions,
    format: (record) => record.unitConversions.map((c) => `${c.uom}=${c.factor}`).join(';'),
  },
  column('active', { kind: 'boolean' }),
];

/** Items: the master-data resource behind /api/items. */
export const itemResource: MasterDataResource<Item, ItemRecord, CreateItemBody, PatchItemBody, ItemListQuery> = {
  label: 'item',
  tag: 'items',
  key: 'sku',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: itemRecordSchema,
  toRecords,
  list: {
    entity: Item,
    query: itemListQuery,
    searchFields: ['sku', 'name'],
    sortFields: { abcClass: 'abcClass', supplyType: 'supplyType', leadTimeDays: 'leadTimeDays' },
    defaultSort: 'sku',
    populate: ['unitConversions'],
    where: (query) => {
      const conditions: object[] = [];
      if (query.search && !query.q) {
        const pattern = likePattern(query.search);
        conditions.push({ $or: [{ sku: { $ilike: pattern } }, { name: { $ilike: pattern } }] });
      }
      if (query.category) conditions.push({ category: query.category });
      if (query.supplyType) conditions.push({ supplyType: query.supplyType });
      if (query.abcClass) conditions.push({ abcClass: query.abcClass });
      return conditions;
    },
  },
  createSchema: createItemSchema,
  patchSchema: patchItemSchema,
  findByKey: findItemBySku,
  create: createItem,
  update: updateItem,
  csv: CSV_COLUMNS,
};
