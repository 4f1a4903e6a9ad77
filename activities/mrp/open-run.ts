import type { EntityManager } from '@mikro-orm/postgresql';
import { MrpRun } from '../../db/entities';
import { readMrpSnapshot } from '../../db/planning/mrp-snapshot';
import { findVersion, insertDecisions, versionInForce, type StoredVersion } from '../../db/rules/rule-repository';
import { compileRuleSet, type EngineCache } from '../../rules/engine';
import { decideLotSizes } from '../../rules/lot-sizing';
import type { PlanningItem } from '../../rules/mrp';
import type { RunSnapshot } from './calculate-plan';

/** What a run is asked to plan. */
export interface OpenRunRequest {
  /** The run's date (ISO): the first bucket starts on it. */
  asOf: string;
  bucketSize: 'day' | 'week';
  bucketCount: number;
  /** A what-if: never reviewed nor released. */
  simulation: boolean;
  /** A simulation may plan under a draft lot-sizing version (its number); a live run takes the one in force. */
  lotSizingVersion?: number;
  /** The run's process (`mrp-run:<id>` is not known before the row exists: the workflow that opens it). */
  workflowId: string | null;
  requestedBy: string;
}

/** The lot-sizing version a run plans with: recorded with the run so the plan can be explained and re-computed. */
export interface LotSizingPin {
  ruleSetId: number;
  ruleSetCode: string;
  version: number;
  contentHash: string;
}

/**
 * Opens a run: reads the inputs as of one instant, decides every item's lot size with the pinned `lot-sizing`
 * version (each decision stored with its facts, fired rules and the rules that lost), and records inputs, lot sizes
 * and pin with the run in one transaction. Returns the run's id.
 */
export async function openMrpRun(
  em: EntityManager,
  engines: EngineCache,
  request: OpenRunRequest,
): Promise<{ runId: number; lotSizing: LotSizingPin }> {
  const snapshot = await readMrpSnapshot(em, request.asOf);
  const version = await lotSizingVersion(em, request);
  const compiled = await compileRuleSet<'lot-sizing'>(
    {
      ruleSetId: version.ruleSetId,
      type: 'lot-sizing',
      version: version.version,
      contentHash: version.contentHash,
      content: version.content,
    },
    engines,
  );
  const decided = await decideLotSizes(
    compiled,
    snapshot.items.map((item) => ({
      sku: item.sku,
      category: item.category,
      abcClass: item.abcClass,
      sourcing: item.source,
      supplierCode: item.supplierCode,
    })),
  );
  const lotSizeOf = new Map(decided.map((d) => [d.sku, d.choice.lotSize]));
  const items: PlanningItem[] = snapshot.items.map((item) => ({
    sku: item.sku,
    source: item.source,
    leadTimeDays: item.leadTimeDays,
    safetyStock: item.safetyStock,
    lotSize: lotSizeOf.get(item.sku)!,
    ...(item.supplierMinimum !== null ? { supplierMinimum: item.supplierMinimum } : {}),
    ...(item.supplierMultiple !== null ? { supplierMultiple: item.supplierMultiple } : {}),
  }));
  const lotSizing: LotSizingPin = {
    ruleSetId: version.ruleSetId,
    ruleSetCode: version.ruleSetCode,
    version: version.version,
    contentHash: version.contentHash,
  };
  const recorded: RunSnapshot & { lotSizing: LotSizingPin } = {
    items,
    boms: snapshot.boms,
    demands: snapshot.demands,
    supplies: snapshot.supplies,
    lotSizing,
  };
  const runId = await em.fork().transactional(async (tx) => {
    const run = Object.assign(new MrpRun(), {
      simulation: request.simulation,
      asOf: request.asOf,
      bucketSize: request.bucketSize,
      bucketCount: request.bucketCount,
      snapshot: recorded as unknown as Record<string, unknown>,
      createdBy: request.requestedBy,
    });
    await tx.persist(run).flush();
    await insertDecisions(
      tx,
      decided.map((d) => ({
        ruleSetId: d.decision.ruleSetId,
        ruleSetType: d.decision.ruleSetType,
        version: d.decision.version,
        contentHash: d.decision.contentHash,
        workflowId: request.workflowId,
        businessKey: `MRP-${run.id}:${d.sku}`,
        facts: d.decision.facts,
        firedRules: d.decision.firedRules,
        result: { sku: d.sku, ...d.choice },
      })),
    );
    return run.id;
  });
  return { runId, lotSizing };
}

/** The version in force on the run's date, or (a simulation only) the draft it names. */
async function lotSizingVersion(em: EntityManager, request: OpenRunRequest): Promise<StoredVersion> {
  if (request.lotSizingVersion !== undefined && !request.simulation) {
    throw new RangeError('Only a simulation may plan under a lot-sizing version that is not in force');
  }
  const inForce = await versionInForce(em, 'lot-sizing', new Date(`${request.asOf}T23:59:59Z`));
  if (request.lotSizingVersion === undefined || request.lotSizingVersion === inForce.version) return inForce;
  return findVersion(em, inForce.ruleSetCode, request.lotSizingVersion);
}
