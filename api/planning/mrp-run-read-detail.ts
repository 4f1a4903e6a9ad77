import type { EntityManager, Loaded } from '@mikro-orm/postgresql';
import { Item, MrpException, MrpItemPlan, MrpPlannedOrder, MrpRun, MrpRunLevel } from '../../db/entities';
import { query } from '../../db/sql';
import { derivedPeggingOf, readRunStructure } from '../../db/planning/derived-pegging';
import {
  bucketsOf,
  fullRows,
  type DerivedPegging,
  type PlanningItem,
  type PlanningProblem,
  type StoredGrid,
  type SupplyPegging,
} from '../../rules/mrp';
import { ApiError } from '../errors';
import type {
  ExceptionRow,
  MrpItemGrid,
  MrpRunDetail,
  PlannedOrderFilter,
  PlannedOrderRow,
} from './mrp-run-read-schemas';

/** The run, or 404 naming it. */
/** A run without its recorded inputs (tens of megabytes on a large run: the parts a read needs are read apart). */
export type RunHeader = Loaded<MrpRun, never, '*', 'snapshot'>;

export async function runOrFail(em: EntityManager, id: number): Promise<RunHeader> {
  const run = await em.findOne(MrpRun, id, { exclude: ['snapshot'] });
  if (!run) throw new ApiError('NOT_FOUND', `No MRP run ${id}`, 'id');
  return run;
}

const count = (summary: Record<string, unknown> | null, key: string) =>
  summary && typeof summary[key] === 'number' ? summary[key] : null;

/** The order a released suggestion became; subcontract suggestions are never released yet. */
function documentOf(order: MrpPlannedOrder): PlannedOrderRow['document'] {
  if (order.documentNumber === null || order.orderType === 'subcontract') return null;
  const kind = order.orderType === 'purchase' ? 'purchase-order' : 'production-order';
  return { kind, number: order.documentNumber };
}

/**
 * A planned order as a read lists it; `pegging` is its item's derived pegging when the run derives pegs (its stored
 * `pegs` otherwise: runs stored before pegging was derived).
 */
export function plannedOrderRowOf(order: MrpPlannedOrder, pegging?: DerivedPegging): PlannedOrderRow {
  return {
    plannedRef: order.plannedRef,
    sku: order.item.sku,
    itemName: order.item.name,
    type: order.orderType,
    quantity: order.quantity,
    receiptDate: order.receiptDate,
    releaseDate: order.releaseDate,
    pastDue: order.pastDue,
    status: order.status,
    pegs: (pegging?.orders.get(order.plannedRef) ?? order.pegs ?? []) as PlannedOrderRow['pegs'],
    changeReason: order.changeReason,
    document: documentOf(order),
  };
}

function exceptionRowOf(e: MrpException): ExceptionRow {
  return {
    kind: e.kind,
    sku: e.item.sku,
    ref: e.ref,
    fromDate: e.fromDate,
    toDate: e.toDate,
    quantity: e.quantity,
    message: e.message,
  };
}

/** The derived pegging of these items in the run (none asked: nothing read). */
async function peggingOfItems(em: EntityManager, run: RunHeader, skus: string[]): Promise<Map<string, DerivedPegging>> {
  if (skus.length === 0) return new Map();
  const bucketing = { size: run.bucketSize, start: run.asOf, count: run.bucketCount };
  return derivedPeggingOf(em, { id: run.id, bucketing }, skus, await readRunStructure(em, run.id));
}

/** The lot-sizing rule-set version the run pinned, from its recorded inputs. */
async function lotSizingPin(
  em: EntityManager,
  runId: number,
): Promise<{ ruleSetCode: string; version: number } | null> {
  const [row] = await query<{ pin: { ruleSetCode: string; version: number } | null }>(
    em,
    `select snapshot->'lotSizing' as pin from mrp_run where id = ?`,
    [runId],
  );
  return row?.pin ?? null;
}

/** The item as the run planned it (its lot size decided), from the run's recorded inputs. */
async function plannedItem(em: EntityManager, runId: number, sku: string): Promise<PlanningItem | null> {
  const [row] = await query<{ item: PlanningItem | null }>(
    em,
    `select jsonb_path_query_first(snapshot->'items', '$[*] \\? (@.sku == $sku)', jsonb_build_object('sku', ?::text))
              as item
       from mrp_run where id = ?`,
    [sku, runId],
  );
  return row?.item ?? null;
}

function runHeader(run: RunHeader, pin: { ruleSetCode: string; version: number } | null): MrpRunDetail['run'] {
  return {
    id: run.id,
    status: run.status,
    simulation: run.simulation,
    asOf: run.asOf,
    bucketSize: run.bucketSize,
    bucketCount: run.bucketCount,
    levelsDone: run.levelsDone,
    levelsTotal: run.levelsTotal,
    items: count(run.summary, 'items'),
    plannedOrders: count(run.summary, 'plannedOrders'),
    exceptions: count(run.summary, 'exceptions'),
    problems: count(run.summary, 'problems'),
    beyondHorizon: count(run.summary, 'beyondHorizon'),
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    workflowId: run.workflowId,
    lotSizing: pin ? { ruleSetCode: pin.ruleSetCode, version: pin.version } : null,
  };
}

/** A run with its planned orders (filtered), exception messages and the items it could not plan. */
export async function readMrpRun(em: EntityManager, id: number, filter: PlannedOrderFilter): Promise<MrpRunDetail> {
  const run = await runOrFail(em, id);
  const orders = await em.find(
    MrpPlannedOrder,
    {
      run: id,
      ...(filter.type ? { orderType: filter.type } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.sku ? { item: { sku: filter.sku } } : {}),
    },
    { populate: ['item'], orderBy: { releaseDate: 'asc', id: 'asc' } },
  );
  const pegging = await peggingOfItems(
    em,
    run,
    orders.filter((order) => order.pegs === null).map((order) => order.item.sku),
  );
  const exceptions = await em.find(MrpException, { run: id }, { populate: ['item'], orderBy: { id: 'asc' } });
  const levels = await em.find(MrpRunLevel, { run: id }, { orderBy: { level: 'asc' } });
  const problems = levels.flatMap((l) => (l.result as { problems?: PlanningProblem[] }).problems ?? []);
  return {
    run: runHeader(run, await lotSizingPin(em, id)),
    plannedOrders: orders.map((order) => plannedOrderRowOf(order, pegging.get(order.item.sku))),
    exceptions: exceptions.map(exceptionRowOf),
    problems: problems.map((p) => ({ sku: p.sku, reason: p.reason, message: p.message })),
  };
}

/** The lot-sizing decision the run's first step took for the item: its reason, as the rule set worded it. */
async function lotSizeReason(em: EntityManager, runId: number, sku: string): Promise<string | null> {
  const rows = await query<{ reason: string | null }>(
    em,
    `select result->>'reason' as reason from rule_decision where business_key = ? order by id desc limit 1`,
    [`MRP-${runId}:${sku}`],
  );
  return rows[0]?.reason ?? null;
}

/** One item's MRP grid in a run: buckets, rows, its planned orders with pegs, its supplies' pegging, exceptions. */
export async function readMrpItemGrid(em: EntityManager, runId: number, sku: string): Promise<MrpItemGrid> {
  const run = await runOrFail(em, runId);
  const item = await em.findOne(Item, { sku });
  const plan = item ? await em.findOne(MrpItemPlan, { run: runId, item }) : null;
  if (!item || !plan) throw new ApiError('NOT_FOUND', `MRP run ${runId} has no plan for item ${sku}`, 'sku');
  const planned = await plannedItem(em, runId, sku);
  const orders = await em.find(
    MrpPlannedOrder,
    { run: runId, item },
    { populate: ['item'], orderBy: { receiptDate: 'asc', id: 'asc' } },
  );
  const exceptions = await em.find(MrpException, { run: runId, item }, { populate: ['item'], orderBy: { id: 'asc' } });
  const pegging = plan.inputs === null ? undefined : (await peggingOfItems(em, run, [sku])).get(sku);
  return {
    runId,
    sku,
    name: item.name,
    uom: item.uom,
    source: planned?.source ?? 'buy',
    lowLevelCode: plan.lowLevelCode,
    leadTimeDays: planned?.leadTimeDays ?? null,
    safetyStock: planned?.safetyStock ?? 0,
    lotSize: (planned?.lotSize as Record<string, unknown> | undefined) ?? null,
    lotSizeReason: await lotSizeReason(em, runId, sku),
    changeReason: plan.changeReason,
    changedAt: plan.changedAt ? plan.changedAt.toISOString() : null,
    buckets: bucketsOf({ size: run.bucketSize, start: run.asOf, count: run.bucketCount }),
    rows: fullRows(plan.rows as StoredGrid, run.bucketCount),
    plannedOrders: orders.map((order) => plannedOrderRowOf(order, pegging)),
    supplies: pegging?.supplies ?? ((plan.supplies ?? []) as SupplyPegging[]),
    exceptions: exceptions.map(exceptionRowOf),
  };
}
