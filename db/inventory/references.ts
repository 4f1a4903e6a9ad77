import type { EntityManager } from '@mikro-orm/postgresql';
import { PERIOD_CODE_OF, POSTING_STATUS, type PeriodLookup } from '../accounting/periods';
import { BooksError } from '../errors';
import { num, query } from '../sql';

export interface ItemRef {
  id: number;
  sku: string;
  lotTracked: boolean;
  allowNegativeStock: boolean;
  valuationMethod: 'fifo' | 'moving-average';
  valuedPerWarehouse: boolean;
}

export interface LocationRef {
  id: number;
  code: string;
  warehouseId: number;
  virtual: boolean;
}

export interface LotInput {
  code: string;
  manufacturedOn?: string;
  expiresOn?: string | null;
}

/** Everything a posting looks up before it writes, as one statement found it. */
export interface References {
  /** The move already posted under the idempotency key, if any (then nothing else is looked up or locked). */
  duplicateId: number | null;
  /** The posting's period (company time zone) and the status it sees, share-locked; status null when never opened. */
  period: PeriodLookup;
  item: ItemRef | null;
  /** The locations named, or null when not named or not found. */
  from: LocationRef | null;
  to: LocationRef | null;
  /** The named lot of the item, when it exists. */
  lotId: number | null;
  /** The owning customer named (ownerCustomerCode), or null when none is named or it does not exist. */
  ownerCustomerId: number | null;
}

export interface ReferenceQuery {
  idempotencyKey: string;
  /** The posting's effective time; its period is resolved in the company's time zone by the same statement. */
  effectiveAt: Date;
  itemSku: string;
  lotCode: string | null;
  fromLocation: string | null;
  toLocation: string | null;
  /** The customer whose stock moves (customer-supplied material); absent or null = ours. */
  ownerCustomerCode?: string | null;
}

const LOCATION = `select l.id, l.code, l.warehouse_id, w.virtual from location l join warehouse w on w.id = l.warehouse_id
                   where l.code = ?`;

/**
 * The idempotency key, the period, the item, the locations and the lot of a posting in one round trip. The period
 * row is locked for share, as assertPeriodOpen does, so a concurrent close waits for the posting; a repeated key
 * takes no lock. What is missing comes back null; the caller decides which absence is an error, and in what order.
 */
export async function loadReferences(em: EntityManager, q: ReferenceQuery): Promise<References> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `with duplicate as (select id from stock_move where idempotency_key = ?),
          period as (select ${PERIOD_CODE_OF} as code)
     select (select id from duplicate) as duplicate_id,
            (select code from period) as period_code,
            (select ${POSTING_STATUS} from accounting_period p, period
              where p.code = period.code and not exists (select 1 from duplicate) for share of p) as period_status,
            i.id as item_id, i.sku, i.lot_tracked, i.allow_negative_stock, i.valuation_method, i.valued_per_warehouse,
            (select id from lot where item_id = i.id and code = ?) as lot_id,
            (select id from customer where code = ?) as owner_customer_id,
            f.id as from_id, f.code as from_code, f.warehouse_id as from_warehouse_id, f.virtual as from_virtual,
            t.id as to_id, t.code as to_code, t.warehouse_id as to_warehouse_id, t.virtual as to_virtual
       from (select 1) as one
       left join item i on i.sku = ?
       left join (${LOCATION}) f on true
       left join (${LOCATION}) t on true`,
    [
      q.idempotencyKey,
      q.effectiveAt.toISOString(),
      q.lotCode,
      q.ownerCustomerCode ?? null,
      q.itemSku,
      q.fromLocation,
      q.toLocation,
    ],
  );
  if (!row) throw new Error('the reference lookup returned no row');
  return {
    duplicateId: row.duplicate_id == null ? null : num(row.duplicate_id),
    period: {
      code: String(row.period_code),
      status: row.period_status == null ? null : String(row.period_status),
    },
    item: row.item_id == null ? null : itemOf(row),
    from: locationOf(row, 'from'),
    to: locationOf(row, 'to'),
    lotId: row.lot_id == null ? null : num(row.lot_id),
    ownerCustomerId: row.owner_customer_id == null ? null : num(row.owner_customer_id),
  };
}

function itemOf(row: Record<string, unknown>): ItemRef {
  return {
    id: num(row.item_id),
    sku: String(row.sku),
    lotTracked: Boolean(row.lot_tracked),
    allowNegativeStock: Boolean(row.allow_negative_stock),
    valuationMethod: row.valuation_method === 'moving-average' ? 'moving-average' : 'fifo',
    valuedPerWarehouse: Boolean(row.valued_per_warehouse),
  };
}

function locationOf(row: Record<string, unknown>, side: 'from' | 'to'): LocationRef | null {
  if (row[`${side}_id`] == null) return null;
  return {
    id: num(row[`${side}_id`]),
    code: String(row[`${side}_code`]),
    warehouseId: num(row[`${side}_warehouse_id`]),
    virtual: Boolean(row[`${side}_virtual`]),
  };
}

/** A location the move type needs: named, and existing. */
export function requireLocation(code: string | null | undefined, found: LocationRef | null, field: string) {
  if (!code) throw new BooksError('INVALID_MOVE', `${field} is required for this move type`, field);
  if (!found) throw new BooksError('UNKNOWN_LOCATION', `No location ${code}`, field);
  return found;
}

/**
 * The lot a move names (`existing` is its id if it exists): receipts create it (with its dates) the first time;
 * every other move needs it to exist. Items that are not lot-tracked carry no lot.
 */
export async function resolveLot(
  em: EntityManager,
  item: ItemRef,
  lot: { input: LotInput | null | undefined; existing: number | null },
  creates: boolean,
  receivedAt: Date,
): Promise<number | null> {
  if (!item.lotTracked) return null;
  const code = lot.input?.code;
  if (!code) throw new BooksError('UNKNOWN_LOT', `Item ${item.sku} is lot-tracked: name the lot`, 'lot.code');
  if (lot.existing !== null) return lot.existing;
  if (!creates) throw new BooksError('UNKNOWN_LOT', `Item ${item.sku} has no lot ${code}`, 'lot.code');
  const manufacturedOn = lot.input?.manufacturedOn ?? receivedAt.toISOString().slice(0, 10);
  const [created] = await query<{ id: number }>(
    em,
    `insert into lot (item_id, code, manufactured_on, expires_on, received_at) values (?, ?, ?, ?, ?)
     on conflict (item_id, code) do update set code = excluded.code returning id`,
    [item.id, code, manufacturedOn, lot.input?.expiresOn ?? null, receivedAt],
  );
  return num(created?.id);
}
