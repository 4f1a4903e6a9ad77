import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '../../db/bound-sql';
import { MrpRun } from '../../db/entities';
import { readMrpSnapshot } from '../../db/planning/mrp-snapshot';
import { applyWhatIf, type WhatIf } from '../../db/planning/what-if';
import { findVersion, insertDecisions, versionInForce, type StoredVersion } from '../../db/rules/rule-repository';
import { compileRuleSet, type EngineCache } from '../../rules/engine';
import { decideLotSizes } from '../../rules/lot-sizing';
import type { PlanningItem } from '../../rules/mrp';
import type { RunSnapshot } from './calculate-plan';

/** The lot-sizing version a run plans with: recorded with the run so the plan can be explained and re-computed. */
export interface LotSizingPin {
  ruleSetId: number;
  ruleSetCode: string;
  version: number;
  contentHash: string;
}

/**
 * A queued run's first step: reads the inputs as of one instant (a simulation's what-if applied), decides every item's lot size with the pinned
 * `lot-sizing` version (each decision stored with its facts, fired rules and the rules that lost), and records
 * inputs, lot sizes and pin with the run in one transaction, which moves it to `calculating`. Once done, calling it
 * again changes nothing (the run is locked and its status checked first).
 */
export async function snapshotMrpRun(em: EntityManager, engines: EngineCache, runId: number): Promise<LotSizingPin> {
  const queued = await em.fork().findOneOrFail(MrpRun, runId);
  if (queued.status !== 'queued') return (queued.snapshot as { lotSizing: LotSizingPin }).lotSizing;
  // A simulation's hypothetical demand and lead times change its inputs before anything is decided on them.
  const whatIf = queued.simulation ? (queued.whatIf as WhatIf | null) : null;
  const snapshot = applyWhatIf(await readMrpSnapshot(em, queued.asOf), whatIf);
  const version = await lotSizingVersion(em, queued);
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
    // Not a planning input: release orders from the supplier whose lead time and quantities the plan used.
    ...(item.supplierCode !== null ? { supplierCode: item.supplierCode } : {}),
  }));
  const lotSizing: LotSizingPin = {
    ruleSetId: version.ruleSetId,
    ruleSetCode: version.ruleSetCode,
    version: version.version,
    contentHash: version.contentHash,
  };
  // The what-if is recorded with the inputs it changed, so a simulation explains itself.
  const recorded: RunSnapshot & { lotSizing: LotSizingPin; whatIf?: WhatIf } = {
    items,
    boms: snapshot.boms,
    demands: snapshot.demands,
    supplies: snapshot.supplies,
    lotSizing,
    ...(whatIf ? { whatIf } : {}),
  };
  return em.fork().transactional(async (tx) => {
    const run = await tx.findOneOrFail(MrpRun, runId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (run.status !== 'queued') return (run.snapshot as { lotSizing: LotSizingPin }).lotSizing;
    await insertDecisions(
      tx,
      decided.map((d) => ({
        ruleSetId: d.decision.ruleSetId,
        ruleSetType: d.decision.ruleSetType,
        version: d.decision.version,
        contentHash: d.decision.contentHash,
        workflowId: run.workflowId,
        businessKey: `MRP-${run.id}:${d.sku}`,
        facts: d.decision.facts,
        firedRules: d.decision.firedRules,
        result: { sku: d.sku, ...d.choice },
      })),
    );
    // Bound, not through the unit of work: the ORM would escape the megabytes of inputs into the SQL text.
    await queryBound(tx, `update mrp_run set snapshot = ?::jsonb, status = 'calculating' where id = ?`, [
      JSON.stringify(recorded),
      run.id,
    ]);
    return lotSizing;
  });
}

/** The version in force on the run's date, or (a simulation only) the draft it names. */
async function lotSizingVersion(em: EntityManager, run: MrpRun): Promise<StoredVersion> {
  const inForce = await versionInForce(em, 'lot-sizing', new Date(`${run.asOf}T23:59:59Z`));
  if (run.lotSizingVersion === null || !run.simulation || run.lotSizingVersion === inForce.version) return inForce;
  return findVersion(em, inForce.ruleSetCode, run.lotSizingVersion);
}
