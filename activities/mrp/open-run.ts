import { IsolationLevel, LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { queryBound } from '../../db/bound-sql';
import { MrpRun } from '../../db/entities';
import { readMrpSnapshotIn } from '../../db/planning/mrp-snapshot';
import { consumeChanges, visiblePendingChangeIds } from '../../db/planning/planning-changes';
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
 * A queued run's first step, in one REPEATABLE READ transaction with the run locked: reads the inputs as of one instant
 * (a simulation's what-if applied), decides every item's lot size with the pinned `lot-sizing` version (each decision
 * stored with its facts, fired rules and the rules that lost), records inputs, lot sizes and pin with the run, which
 * moves it to `calculating`, and consumes the planning changes the transaction sees (mrp_pending_change: each commits
 * with its document, so the ones this snapshot sees are exactly those in the inputs just read; one committed later
 * stays pending and reaches the plan by net change, queued when the run reaches review). A simulation consumes
 * nothing: its plan never becomes the live one. Once done, calling it again changes nothing (the run's status is read
 * under the lock first); a failed attempt (a serialization failure included) commits nothing and is retried whole.
 */
export async function snapshotMrpRun(em: EntityManager, engines: EngineCache, runId: number): Promise<LotSizingPin> {
  return em.fork().transactional(
    async (tx) => {
      // Locked by the transaction's first statement, which also fixes the instant everything below reads.
      const run = await tx.findOneOrFail(MrpRun, runId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (run.status !== 'queued') return (run.snapshot as { lotSizing: LotSizingPin }).lotSizing;
      // A simulation's hypothetical demand and lead times change its inputs before anything is decided on them.
      const whatIf = run.simulation ? (run.whatIf as WhatIf | null) : null;
      const snapshot = applyWhatIf(await readMrpSnapshotIn(tx, run.asOf), whatIf);
      const included = run.simulation ? [] : await visiblePendingChangeIds(tx);
      const version = await lotSizingVersion(tx, run);
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
      await consumeChanges(tx, run.id, included);
      return lotSizing;
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ },
  );
}

/** The version in force on the run's date, or (a simulation only) the draft it names. */
async function lotSizingVersion(em: EntityManager, run: MrpRun): Promise<StoredVersion> {
  const inForce = await versionInForce(em, 'lot-sizing', new Date(`${run.asOf}T23:59:59Z`));
  if (run.lotSizingVersion === null || !run.simulation || run.lotSizingVersion === inForce.version) return inForce;
  return findVersion(em, inForce.ruleSetCode, run.lotSizingVersion);
}
