import type { EntityManager } from '@mikro-orm/postgresql';
import { InsufficientLayersError, receiptValueCents, type IssueOutcome } from '../../rules/valuation';
import {
  ENTRY_ID,
  journalSteps,
  withAccountErrors,
  type JournalInput,
  type JournalLineInput,
} from '../accounting/journal';
import { BooksError } from '../errors';
import { num, runSteps, type Step } from '../sql';
import type { ValueDirection } from './move-types';
import { takeOwnLayerFirst } from './own-layer';
import type { ItemRef, LocationRef } from './references';
import { revalueScope } from './revalue';
import {
  consumptionSteps,
  insertLayerStep,
  lockScope,
  shiftScopeStep,
  type LockedScope,
  type Scope,
} from './valuation-store';

/** Which valuation scopes a move changes: none, one (in or out), or two (a transfer between valued warehouses). */
export type ValuationPlan =
  | { kind: 'none' }
  | { kind: 'in'; target: Scope }
  | { kind: 'out'; source: Scope }
  | { kind: 'carry'; source: Scope; target: Scope };

/**
 * The owner decides valuation (issue 15): a customer's stock is counted, never valued, wherever it lies (a supplier's
 * site holds our valued at-supplier stock and a customer's material side by side). Our stock is valued wherever it
 * lies, with one exception kept from before owners existed: a virtual warehouse holds material that is by definition
 * not ours (the demo's CONSIGN), whose customer was never recorded, so ownerless stock there stays unvalued
 * (Migration20261202172000 carries it over that way). A known customer's material belongs under its owner instead.
 */
function scopeOf(item: ItemRef, location: LocationRef | null, ownerCustomerId: number | null): Scope | null {
  if (!location || ownerCustomerId !== null || location.virtual) return null;
  return {
    itemId: item.id,
    warehouseId: item.valuedPerWarehouse ? location.warehouseId : null,
    method: item.valuationMethod,
  };
}

/**
 * Decided before anything is written, because the first scope is locked by the statement that writes the move.
 * `ownerCustomerId` is the moved stock's owner (null = ours): a customer's stock plans no valuation at all.
 */
export function planValuation(
  item: ItemRef,
  from: LocationRef | null,
  to: LocationRef | null,
  direction: ValueDirection,
  ownerCustomerId: number | null = null,
): ValuationPlan {
  const source = scopeOf(item, from, ownerCustomerId);
  const target = scopeOf(item, to, ownerCustomerId);
  if (direction === 'in') return target ? { kind: 'in', target } : { kind: 'none' };
  if (direction === 'out') return source ? { kind: 'out', source } : { kind: 'none' };
  if (!from || !to) return { kind: 'none' };
  const sameScope = source?.warehouseId === target?.warehouseId && Boolean(source) === Boolean(target);
  if (sameScope) return { kind: 'none' };
  if (!source || !target) {
    throw new BooksError(
      'INVALID_MOVE',
      'Stock cannot be transferred between valued and unvalued warehouses; post a receipt or an issue',
    );
  }
  // Per-warehouse valuation: the transfer takes FIFO cost out of one warehouse and carries it into the other.
  return { kind: 'carry', source, target };
}

/** The scope the move statement locks: the one valued first (an issue from it needs its layers). */
export function firstScope(plan: ValuationPlan): { scope: Scope; forIssue: boolean } | null {
  if (plan.kind === 'none') return null;
  return plan.kind === 'in' ? { scope: plan.target, forIssue: false } : { scope: plan.source, forIssue: true };
}

export interface ValueContext {
  moveId: number;
  moveType: string;
  qty: number;
  unitCost: number | undefined;
  effectiveAt: Date;
  userName: string;
  allowNegativeStock: boolean;
  inlineRevaluationLimit: number | undefined;
  /** An issue that takes first from the layer this receipt move brought in (see takeOwnLayerFirst). */
  fromLayerOfMove?: number;
  /** The journal entry of a move that moved `cents` of value, or null when there is nothing to book. */
  journal: (cents: number) => { input: JournalInput; lines: JournalLineInput[]; period: string } | null;
}

export interface Valued {
  cents: number;
  revalued: number;
  jobId: number | null;
  journalEntryId: number | null;
}

const NOTHING: Valued = { cents: 0, revalued: 0, jobId: null, journalEntryId: null };

/**
 * Values the move in its scope(s), `locked` being the first scope as the move statement locked it: the layers,
 * the scope's totals and the journal entry are written in one statement per scope, then a backdated move re-values
 * the later postings. Returns the value moved (cents), the entry and how many later postings were re-valued.
 */
export async function valueMove(
  em: EntityManager,
  ctx: ValueContext,
  plan: ValuationPlan,
  locked: LockedScope | null,
): Promise<Valued> {
  if (plan.kind === 'none' || !locked) return NOTHING;
  if (plan.kind === 'in') {
    const valued = await valueIn(em, ctx, plan.target, locked, undefined, true);
    return { ...valued, ...(await revalueIfBackdated(em, ctx, plan.target, locked)) };
  }
  if (plan.kind === 'out') {
    const valued = await valueOut(em, ctx, plan.source, locked, true);
    return { ...valued, ...(await revalueIfBackdated(em, ctx, plan.source, locked)) };
  }
  const out = await valueOut(em, ctx, plan.source, locked, false);
  const target = await lockScope(em, plan.target);
  await valueIn(em, ctx, plan.target, target, out.cents, false);
  // Re-valued only now: re-valuing the source may re-cost this very transfer, which then needs its layer here.
  const source = await revalueIfBackdated(em, ctx, plan.source, locked);
  const into = await revalueIfBackdated(em, ctx, plan.target, target, `revaluation:${ctx.moveId}:to`);
  return {
    cents: 0,
    revalued: source.revalued + into.revalued,
    jobId: source.jobId ?? into.jobId,
    journalEntryId: null,
  };
}

async function valueIn(
  em: EntityManager,
  ctx: ValueContext,
  scope: Scope,
  { state }: LockedScope,
  knownCents: number | undefined,
  books: boolean,
) {
  // A positive adjustment without a cost comes in at the scope's current average (currency per unit).
  const averageCost = state.qty > 0 ? (state.value * 10) / state.qty : 0;
  const unitCost = ctx.unitCost ?? (ctx.moveType === 'receipt' ? undefined : averageCost);
  if (knownCents === undefined && (unitCost === undefined || !Number.isFinite(unitCost) || unitCost < 0)) {
    throw new BooksError('INVALID_MOVE', 'A receipt needs a unitCost of zero or more', 'unitCost');
  }
  const cents = knownCents ?? receiptValueCents(ctx.qty, unitCost ?? 0);
  const steps = [
    insertLayerStep(scope, ctx.moveId, ctx.effectiveAt, ctx.qty, cents),
    shiftScopeStep(scope, ctx.qty, cents, ctx.effectiveAt),
  ];
  return { cents, journalEntryId: await writeValuation(em, steps, books ? ctx.journal(cents) : null) };
}

async function valueOut(em: EntityManager, ctx: ValueContext, scope: Scope, { layers }: LockedScope, books: boolean) {
  let outcome: IssueOutcome;
  try {
    outcome = takeOwnLayerFirst(scope.method, layers, ctx.fromLayerOfMove, ctx.qty);
  } catch (error) {
    if (!(error instanceof InsufficientLayersError) || !ctx.allowNegativeStock) throw error;
    outcome = { qty: 0, value: 0, taken: [] }; // negative stock of an item that allows it: valued when stock returns
  }
  const steps = [
    ...consumptionSteps(ctx.moveId, outcome),
    shiftScopeStep(scope, -ctx.qty, -outcome.value, ctx.effectiveAt),
  ];
  const journal = books ? ctx.journal(outcome.value) : null;
  return { cents: outcome.value, journalEntryId: await writeValuation(em, steps, journal) };
}

/** The scope's writes and the move's journal entry (if any) in one statement; returns the entry's id. */
async function writeValuation(
  em: EntityManager,
  steps: Step[],
  journal: ReturnType<ValueContext['journal']>,
): Promise<number | null> {
  if (!journal) {
    await runSteps(em, steps, 'select 1');
    return null;
  }
  const all = [...steps, ...journalSteps(journal.input, journal.lines, journal.period)];
  const [entry] = await withAccountErrors(runSteps<{ id: number }>(em, all, ENTRY_ID));
  return num(entry?.id);
}

/** Re-values the scope when the posting is dated before the latest posting already in it (as it was locked). */
async function revalueIfBackdated(
  em: EntityManager,
  ctx: ValueContext,
  scope: Scope,
  { state }: LockedScope,
  key?: string,
): Promise<{ revalued: number; jobId: number | null }> {
  if (ctx.effectiveAt.getTime() >= state.lastEffectiveAt) return { revalued: 0, jobId: null };
  const trigger = { moveId: ctx.moveId, effectiveAt: ctx.effectiveAt, userName: ctx.userName, key };
  const outcome = await revalueScope(em, scope, trigger, ctx.inlineRevaluationLimit);
  return outcome.inline ? { revalued: outcome.changed, jobId: null } : { revalued: 0, jobId: outcome.jobId };
}
