import type { EntityManager } from '@mikro-orm/postgresql';
import { StockBalance, StockMove } from '../entities/inventory';
import { Location } from '../entities/warehouse';

/** A location as the processes name it. */
export interface LocationRef {
  id: number;
  code: string;
}

/**
 * The warehouse's dock: its active location of type `dock`, the first in walking order if it has several. The
 * one definition of "the dock": receipts land here, picks are staged here, and allocation never draws from any
 * location of this type (the allocation and stock queries test `type <> 'dock'`, the same definition in SQL).
 */
export async function dockOf(em: EntityManager, warehouseId: number): Promise<LocationRef | undefined> {
  const dock = await em.findOne(
    Location,
    { warehouse: warehouseId, type: 'dock', active: true },
    { fields: ['id', 'code'], orderBy: { pickSequence: 'asc', code: 'asc' }, disableIdentityMap: true },
  );
  return dock ? { id: dock.id, code: dock.code } : undefined;
}

/** The dock of the warehouse a location belongs to (where picks from that location are staged). */
export async function dockBeside(em: EntityManager, locationCode: string): Promise<LocationRef | undefined> {
  const location = await em.findOne(
    Location,
    { code: locationCode },
    { fields: ['warehouse'], disableIdentityMap: true },
  );
  return location ? dockOf(em, location.warehouse.id) : undefined;
}

/** The active storage bins of a warehouse in walking order: where received stock may be put away. */
export async function putawayBins(em: EntityManager, warehouseId: number): Promise<string[]> {
  const bins = await em.find(
    Location,
    { warehouse: warehouseId, type: 'storage', active: true },
    { fields: ['code'], orderBy: { pickSequence: 'asc', code: 'asc' }, disableIdentityMap: true },
  );
  return bins.map((bin) => bin.code);
}

/** Whether any stock lies in the location (any status, reserved or not): such a location cannot be deactivated. */
export async function locationHoldsStock(em: EntityManager, locationId: number): Promise<boolean> {
  const balance = await em.findOne(
    StockBalance,
    { location: locationId, quantity: { $ne: 0 } },
    { fields: ['id'], disableIdentityMap: true },
  );
  return balance !== null;
}

/** The codes of a warehouse's locations that hold stock (at most `limit`), to name them in a refusal. */
export async function stockedLocationsOf(em: EntityManager, warehouseId: number, limit = 5): Promise<string[]> {
  const balances = await em.find(
    StockBalance,
    { location: { warehouse: warehouseId }, quantity: { $ne: 0 } },
    { populate: ['location'], fields: ['location.code'], limit: 50, disableIdentityMap: true },
  );
  return [...new Set(balances.map((balance) => balance.location.code))].slice(0, limit);
}

/** Whether the ledger has any move into or out of the warehouse (then whether it is valued may not change). */
export async function warehouseHasMoves(em: EntityManager, warehouseId: number): Promise<boolean> {
  const move = await em.findOne(
    StockMove,
    { $or: [{ fromLocation: { warehouse: warehouseId } }, { toLocation: { warehouse: warehouseId } }] },
    { fields: ['id'], disableIdentityMap: true },
  );
  return move !== null;
}
