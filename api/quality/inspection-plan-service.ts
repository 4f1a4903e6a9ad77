import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionCharacteristic, InspectionPlan, Item } from '../../db/entities';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import { auditChange } from '../master-data';
import type { InspectionPlanCreateBody, InspectionPlanRecord } from './inspection-plan-schemas';

const POPULATE = ['item', 'characteristics'] as const;

/** The wire record of a version (item and characteristics loaded). */
export function toPlanRecord(plan: InspectionPlan): InspectionPlanRecord {
  return {
    id: plan.id,
    itemSku: plan.item?.sku ?? null,
    itemCategory: plan.itemCategory,
    version: plan.version,
    effectiveFrom: plan.effectiveFrom,
    note: plan.note,
    createdBy: plan.createdBy,
    createdAt: plan.createdAt.toISOString(),
    characteristics: plan.characteristics.getItems().map((c) => ({
      lineNo: c.lineNo,
      code: c.code,
      name: c.name,
      kind: c.kind,
      nominal: c.nominal,
      lower: c.lower,
      upper: c.upper,
      unit: c.unit,
      allowedValues: c.allowedValues,
    })),
  };
}

const itemKey = (sku: string) => `item:${sku}`;
const categoryKey = (category: string) => `category:${category}`;

async function mustFindItem(em: EntityManager, sku: string, field: string): Promise<Item> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${sku}`, field);
  return item;
}

/**
 * Creates the next version of an item's (or a category's) inspection plan, characteristics numbered 10, 20, 30 ... in
 * the body's order, audited. Plan writes of one scope are serialised by an advisory lock so two writers never take the
 * same version number; the body was validated whole before, so a refusal writes nothing.
 */
export async function createPlanVersion(
  em: EntityManager,
  body: InspectionPlanCreateBody,
  actor: string,
): Promise<InspectionPlan> {
  const item = body.itemSku === undefined ? null : await mustFindItem(em, body.itemSku, 'itemSku');
  const scopeKey = item ? itemKey(item.sku) : categoryKey(body.itemCategory!);
  await query(em, `select pg_advisory_xact_lock(hashtext(?))`, [`millwright:inspection-plan:${scopeKey}`]);
  const latest = await em.findOne(InspectionPlan, { scopeKey }, { orderBy: { version: 'desc' }, fields: ['version'] });
  const plan = new InspectionPlan();
  plan.scopeKey = scopeKey;
  plan.item = item;
  plan.itemCategory = item ? null : body.itemCategory!;
  plan.version = (latest?.version ?? 0) + 1;
  plan.effectiveFrom = body.effectiveFrom;
  plan.note = body.note ?? null;
  plan.createdBy = actor;
  em.persist(plan);
  body.characteristics.forEach((c, index) => {
    const row = new InspectionCharacteristic();
    row.plan = plan;
    row.lineNo = (index + 1) * 10;
    row.code = c.code;
    row.name = c.name;
    row.kind = c.kind;
    if (c.kind === 'numeric') {
      row.nominal = c.nominal ?? null;
      row.lower = c.lower ?? null;
      row.upper = c.upper ?? null;
      row.unit = c.unit;
    }
    if (c.kind === 'attribute') row.allowedValues = c.allowedValues;
    plan.characteristics.add(row);
    em.persist(row);
  });
  auditChange(em, {
    actor,
    action: 'inspection-plan.created',
    entityType: 'inspection_plan',
    entityId: `${scopeKey}/${plan.version}`,
    details: { ...body },
  });
  await em.flush();
  return plan;
}

/** Every version of an item's or a category's plan, newest first. */
export async function planVersions(
  em: EntityManager,
  filter: { itemSku?: string; itemCategory?: string },
): Promise<InspectionPlan[]> {
  const keys = [
    ...(filter.itemSku === undefined ? [] : [itemKey(filter.itemSku)]),
    ...(filter.itemCategory === undefined ? [] : [categoryKey(filter.itemCategory)]),
  ];
  const where = keys.length === 0 ? {} : { scopeKey: { $in: keys } };
  return em.find(InspectionPlan, where, {
    orderBy: [{ scopeKey: 'asc' }, { version: 'desc' }],
    populate: POPULATE,
    limit: 500,
  });
}

async function effectiveIn(em: EntityManager, scopeKey: string, date: string): Promise<InspectionPlan | null> {
  return em.findOne(
    InspectionPlan,
    { scopeKey, effectiveFrom: { $lte: date } },
    { orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }], populate: POPULATE },
  );
}

/**
 * The plan in effect for an item on `date`: its own version with the greatest effectiveFrom <= date (ties to the
 * higher version), else its category's; null when neither has one.
 */
export async function planInEffect(em: EntityManager, sku: string, date: string): Promise<InspectionPlan | null> {
  const item = await em.findOne(Item, { sku });
  if (!item) throw new ApiError('NOT_FOUND', `No item ${sku}`, 'sku');
  const own = await effectiveIn(em, itemKey(item.sku), date);
  if (own) return own;
  return effectiveIn(em, categoryKey(item.category), date);
}
