import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAllocationCandidates, type LockedCandidate } from '../../db/repositories/allocation-repository';
import { releaseExpiredReservations } from '../../db/repositories/stock-repository';
import { allocate } from '../../rules/allocation';
import type { AllocationPolicy } from '../../rules/rule-sets';
import { toCandidate } from '../fulfillment/passed-over-lots';

const DAY_MS = 86_400_000;

/**
 * How production chooses component lots: available stock of the order's warehouse only (never quarantine, blocked
 * or at a supplier; never expired; docks, virtual warehouses and bins under count are never candidates), the lot
 * expiring first, then the oldest receipt (FEFO, then FIFO).
 */
export function productionPolicy(warehouseCode: string): AllocationPolicy {
  return {
    filters: { statuses: ['available'], excludeExpired: true, allowedWarehouses: [warehouseCode] },
    sortKeys: ['expiry-asc', 'received-asc'],
    partial: 'allow-partial',
  };
}

/** A quantity of one locked balance row that allocation chose. */
export interface ChosenLot {
  row: LockedCandidate;
  quantity: number;
}

/**
 * Chooses lots for `quantity` of an item with the allocation machinery, the balance rows locked for the caller's
 * transaction (reservations past their expiry released first). Returns what it chose and what it could not cover.
 */
export async function chooseLots(
  em: EntityManager,
  component: { lineNo: number; itemId: number; sku: string },
  quantity: number,
  warehouseCode: string,
  now: Date,
  /** Whose stock: ours (null, production's always) or a customer's (a customer-provided subcontract component). */
  ownerCustomerId: number | null = null,
): Promise<{ chosen: ChosenLot[]; short: number }> {
  const milli = Math.round(quantity * 1000);
  if (milli <= 0) return { chosen: [], short: 0 };
  await releaseExpiredReservations(em, component.itemId);
  const locked = await lockAllocationCandidates(em, component.itemId, ownerCustomerId);
  const [result] = allocate(
    [{ lineNo: component.lineNo, sku: component.sku, quantity: milli }],
    locked.map(toCandidate),
    productionPolicy(warehouseCode),
    { today: Math.floor(now.getTime() / DAY_MS), customerMinShelfLifeDays: null },
  );
  const chosen: ChosenLot[] = [];
  for (const allocation of result?.allocations ?? []) {
    const row = locked[allocation.candidate];
    if (row) chosen.push({ row, quantity: allocation.qty / 1000 });
  }
  return { chosen, short: (result?.unallocated ?? milli) / 1000 };
}
