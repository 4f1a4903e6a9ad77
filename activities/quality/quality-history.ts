import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionLot } from '../../db/entities';
import {
  switchingState,
  type SkipLotRecord,
  type SupplierQualitySummary,
  type SwitchingRecord,
} from '../../rules/quality';

/** A supplier's recorded lots of one item in the shapes the switching and skip-lot rules read (oldest first). */
export interface QualityHistory {
  summary: SupplierQualitySummary;
  switching: SwitchingRecord[];
  skipLot: SkipLotRecord[];
}

/**
 * Reads the quality history of a supplier and item from the inspection lots already judged (released unseen or with a
 * verdict), oldest first: lots with a verdict are switching records judged by their own Ac; a lot released unseen is a
 * skipped lot for skip-lot; a held lot that was inspected marks the resumption. No supplier (production) has no history to switch on.
 */
export async function qualityHistory(
  em: EntityManager,
  subject: { supplierId: number | null; itemId: number },
): Promise<QualityHistory> {
  const lots =
    subject.supplierId === null
      ? []
      : await em.find(
          InspectionLot,
          { supplier: subject.supplierId, item: subject.itemId, status: { $in: ['disposed', 'released'] } },
          { orderBy: { id: 'asc' }, fields: ['id', 'status', 'verdict', 'ac', 'sampling'] },
        );
  const switching: SwitchingRecord[] = [];
  const skipLot: SkipLotRecord[] = [];
  for (const lot of lots) {
    if (lot.verdict === null) {
      skipLot.push({ inspected: false });
      continue;
    }
    const accepted = lot.verdict === 'accepted';
    // A lot held while inspection was discontinued was inspected only once the quality engineer resumed (ISO 2859-1
    // 9.4: resumed under tightened inspection), so its record follows a resumption.
    if (lot.sampling.result === 'hold') switching.push({ resumed: true });
    switching.push({ accepted, acceptanceNumber: lot.ac ?? 0 });
    skipLot.push({ inspected: true, accepted });
  }
  const judged = switching.filter(
    (record): record is { accepted: boolean; acceptanceNumber: number } => 'accepted' in record,
  );
  let consecutiveAccepted = 0;
  for (let i = judged.length - 1; i >= 0 && judged[i]!.accepted; i -= 1) consecutiveAccepted += 1;
  const state = switchingState(switching, { reducedApproved: false, productionSteady: true });
  return {
    summary: {
      lotsInspected: judged.length,
      lotsRejected: judged.filter((record) => !record.accepted).length,
      consecutiveAccepted,
      switchingState: state.state,
    },
    switching,
    skipLot,
  };
}
