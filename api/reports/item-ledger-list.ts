import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { MOVE_TYPES } from '../../db/entities/inventory';
import { SIGNED_QUANTITY } from '../../db/repositories/ledger-report-repository';
import { num, query } from '../../db/sql';
import { type ExportColumn, type SqlListSpec, sqlListQuery, when } from '../lists/sql-list';
import { containing, nullableText } from './report-list';
import type { itemLedgerRow } from './report-schemas';

type LedgerRow = z.infer<typeof itemLedgerRow>;

/**
 * Every move with the item's running quantity and value after it, in effective order (the move's cost layer in,
 * its layer consumptions out). The windows are partitioned by item, so the list's `item_id = ?` is pushed below
 * them and only the item's moves are read (the (item_id, effective_at) index); sorting by another column or
 * filtering keeps each row's running figures those of the item's whole history.
 */
const LEDGER = `
  from (
    select mv.*, sum(mv.signed_quantity) over w as running_quantity,
           sum(mv.value_in - mv.value_out) over w as running_value
      from (
        select m.id as move_id, m.item_id, m.effective_at, m.move_type, m.document_type, m.document_ref, m.line_no,
               fl.code as from_location, tl.code as to_location, m.from_status, m.to_status, lot.code as lot_code,
               m.quantity, ${SIGNED_QUANTITY} as signed_quantity, coalesce(cl.value_in, 0) as value_in,
               coalesce((select sum(c.value) from layer_consumption c where c.move_id = m.id), 0) as value_out
          from stock_move m
          left join cost_layer cl on cl.source_move_id = m.id
          left join location fl on fl.id = m.from_location_id
          left join location tl on tl.id = m.to_location_id
          left join lot on lot.id = m.lot_id) mv
    window w as (partition by mv.item_id order by mv.effective_at, mv.move_id)) ledger`;

const SORTS = {
  effectiveAt: 'ledger.effective_at',
  moveType: 'ledger.move_type',
  documentType: 'ledger.document_type',
  documentRef: 'ledger.document_ref',
  fromLocation: 'ledger.from_location',
  toLocation: 'ledger.to_location',
  lotCode: 'ledger.lot_code',
  quantityIn: 'greatest(ledger.signed_quantity, 0)',
  quantityOut: 'greatest(-ledger.signed_quantity, 0)',
  runningQuantity: 'ledger.running_quantity',
  valueIn: 'ledger.value_in',
  valueOut: 'ledger.value_out',
  runningValue: 'ledger.running_value',
} as const;

/** The item (required), page, search (document, lot, locations), sort, move type and lot. */
export const itemLedgerQuery = sqlListQuery(SORTS, {
  itemSku: z.string().trim().min(1, 'itemSku is required').max(40).describe('The item whose moves are listed'),
  moveType: z.enum(MOVE_TYPES).optional().describe('Only moves of this type'),
  lotCode: z.string().trim().max(60).optional().describe('Moves of lots whose code contains this text'),
});
/** The query with the item resolved to its id (the SKU is looked up once, refused when unknown). */
type LedgerQuery = z.infer<typeof itemLedgerQuery> & { itemId: number };

const CSV: ReadonlyArray<ExportColumn<LedgerRow>> = [
  { name: 'Effective', format: (r) => r.effectiveAt },
  { name: 'Move', format: (r) => r.moveType },
  { name: 'Document type', format: (r) => r.documentType },
  { name: 'Document', format: (r) => r.documentRef },
  { name: 'Line', format: (r) => r.lineNo },
  { name: 'From', format: (r) => r.fromLocation },
  { name: 'To', format: (r) => r.toLocation },
  { name: 'From status', format: (r) => r.fromStatus },
  { name: 'To status', format: (r) => r.toStatus },
  { name: 'Lot', format: (r) => r.lotCode },
  { name: 'In', format: (r) => r.quantityIn },
  { name: 'Out', format: (r) => r.quantityOut },
  { name: 'Balance', format: (r) => r.runningQuantity },
  { name: 'Value in', format: (r) => r.valueIn.toFixed(2) },
  { name: 'Value out', format: (r) => r.valueOut.toFixed(2) },
  { name: 'Running value', format: (r) => r.runningValue.toFixed(2) },
];

export const itemLedgerList: SqlListSpec<LedgerQuery, LedgerRow> = {
  select: 'ledger.*',
  from: LEDGER,
  sortFields: SORTS,
  defaultSort: 'effectiveAt',
  tieBreaker: 'ledger.move_id',
  searchFields: ['ledger.document_ref', 'ledger.lot_code', 'ledger.from_location', 'ledger.to_location'],
  where: (q) => [
    { sql: 'ledger.item_id = ?', params: [q.itemId] },
    ...when(q.moveType, 'ledger.move_type = ?'),
    ...containing(q.lotCode, 'ledger.lot_code'),
  ],
  toRow: (r) => {
    const signed = num(r.signed_quantity);
    return {
      moveId: num(r.move_id),
      effectiveAt: new Date(r.effective_at as string).toISOString(),
      moveType: String(r.move_type),
      documentType: String(r.document_type),
      documentRef: String(r.document_ref),
      lineNo: r.line_no === null ? null : num(r.line_no),
      fromLocation: nullableText(r.from_location),
      toLocation: nullableText(r.to_location),
      fromStatus: nullableText(r.from_status),
      toStatus: nullableText(r.to_status),
      lotCode: nullableText(r.lot_code),
      quantity: num(r.quantity),
      quantityIn: signed > 0 ? signed : 0,
      quantityOut: signed < 0 ? -signed : 0,
      runningQuantity: num(r.running_quantity),
      valueIn: num(r.value_in),
      valueOut: num(r.value_out),
      runningValue: num(r.running_value),
    };
  },
  csv: CSV,
};

/** The item's stock on hand and value now (beside the ledger's pages, whatever they filter). */
export async function itemPosition(em: EntityManager, itemId: number) {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select (select coalesce(sum(quantity), 0) from stock_balance where item_id = ?) as on_hand,
            (select coalesce(sum(value), 0) from item_valuation where item_id = ?) as value`,
    [itemId, itemId],
  );
  return { onHand: num(row?.on_hand ?? 0), value: num(row?.value ?? 0) };
}
