import type { EntityManager } from '@mikro-orm/postgresql';
import { InspectionPlan, Item } from '../../db/entities';

async function effectiveIn(em: EntityManager, scopeKey: string, date: string): Promise<InspectionPlan | null> {
  return em.findOne(
    InspectionPlan,
    { scopeKey, effectiveFrom: { $lte: date } },
    { orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }], populate: ['characteristics'] },
  );
}

/**
 * The inspection plan in effect for an item on `date` (ISO): its own version with the greatest effectiveFrom <= date
 * (ties to the higher version), else its category's; null when neither has one. The same reading as the API's
 * "plan in effect" (api/quality), kept here because activities may not import the API.
 */
export async function inspectionPlanInEffect(
  em: EntityManager,
  sku: string,
  date: string,
): Promise<InspectionPlan | null> {
  const item = await em.findOne(Item, { sku });
  if (!item) return null;
  return (
    (await effectiveIn(em, `item:${item.sku}`, date)) ?? (await effectiveIn(em, `category:${item.category}`, date))
  );
}
