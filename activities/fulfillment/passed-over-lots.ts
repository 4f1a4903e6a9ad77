import type { EntityManager } from '@mikro-orm/postgresql';
import {
  EXCLUSION_LIMIT,
  exclusionReasons,
  type AllocationContext,
  type Candidate,
  type ExclusionReason,
  type LineAllocation,
  type StockStatus,
} from '../../rules/allocation';
import type { AllocationPolicy } from '../../rules/rule-sets';
import {
  unavailableBalances,
  type LockedCandidate,
  type UnavailableBalance,
} from '../../db/repositories/allocation-repository';

const DAY_MS = 86_400_000;

/** A lot (stock row) the allocation passed over, as the decision record stores it for an auditor. */
export interface PassedOverLot {
  warehouseCode: string;
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  status: string;
  /** Free (unreserved) quantity in the item's unit. */
  free: number;
  reasons: ExclusionReason[];
}

/** A stock row as the pure allocation code sees it (quantities in milli-units, dates as epoch days). */
export function toCandidate(row: LockedCandidate | UnavailableBalance): Candidate {
  return {
    sku: row.sku,
    warehouseCode: row.warehouseCode,
    warehousePriority: row.warehousePriority,
    locationCode: row.locationCode,
    lotCode: row.lotCode ?? '',
    expiresOn: row.expiresOn === null ? null : Math.floor(Date.parse(`${row.expiresOn}T00:00:00Z`) / DAY_MS),
    receivedAt: row.receivedAt,
    status: row.status as StockStatus,
    free: Math.round(row.free * 1000),
  };
}

function passedOver(row: LockedCandidate | UnavailableBalance, reasons: ExclusionReason[]): PassedOverLot {
  const { warehouseCode, locationCode, lotCode, expiresOn, status, free } = row;
  return { warehouseCode, locationCode, lotCode, expiryDate: expiresOn, status, free, reasons };
}

/**
 * Why the line's allocation passed over the rest of the item's stock: the candidates the policy's filters
 * excluded (expired, too short a shelf life, wrong warehouse, status), then the rows never offered to it
 * (quarantined, blocked, fully reserved by others). At most EXCLUSION_LIMIT are listed; `more` counts the rest.
 */
export async function passedOverLots(
  em: EntityManager,
  itemId: number,
  locked: readonly LockedCandidate[],
  result: LineAllocation | undefined,
  policy: AllocationPolicy,
  context: AllocationContext,
): Promise<{ lots: PassedOverLot[]; more: number }> {
  const lots: PassedOverLot[] = [];
  for (const exclusion of result?.excluded ?? []) {
    const row = locked[exclusion.candidate];
    if (row) lots.push(passedOver(row, exclusion.reasons));
  }
  const room = EXCLUSION_LIMIT - lots.length;
  const unavailable = room > 0 ? await unavailableBalances(em, itemId, room) : { rows: [], total: 0 };
  const reasonsFor = exclusionReasons(policy.filters, context);
  for (const row of unavailable.rows) lots.push(passedOver(row, reasonsFor(toCandidate(row))));
  const more = (result?.excludedMore ?? 0) + unavailable.total - unavailable.rows.length;
  return { lots, more };
}
