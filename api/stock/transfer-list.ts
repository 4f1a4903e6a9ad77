import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { StockTransfer } from '../../db/entities';
import { viewOf } from '../../db/inventory/stock-transfer';
import { listAll, listEntities, type ListSpec } from '../master-data/list';
import { TRANSFER_SORT_FIELDS, type TransferListQuery } from './transfer-schemas';

/** Transfers have no active flag: the list ignores `active`. */
type Query = TransferListQuery & { active: 'all' };

const listSpec: ListSpec<StockTransfer, Query> = {
  entity: StockTransfer,
  searchFields: ['number', 'item.sku'],
  sortFields: TRANSFER_SORT_FIELDS,
  defaultSort: '-dispatchedAt',
  populate: ['item', 'lot', 'fromLocation', 'toWarehouse', 'transitLocation', 'toLocation'],
  where: (query) => {
    const conditions: FilterQuery<StockTransfer>[] = [];
    if (query.status) conditions.push({ status: query.status });
    if (query.toWarehouse) conditions.push({ toWarehouse: { code: query.toWarehouse } });
    return conditions;
  },
};

/** One page of transfers (entity query: search, sort, status and destination filters). */
export async function listTransfers(em: EntityManager, query: TransferListQuery) {
  const page = await listEntities(em, listSpec, { ...query, active: 'all' });
  return { ...page, items: page.items.map(viewOf) };
}

/** Every transfer the list's filters select, in list order (CSV export). */
export async function allTransfers(em: EntityManager, query: TransferListQuery) {
  return (await listAll(em, listSpec, { ...query, active: 'all' })).map(viewOf);
}
