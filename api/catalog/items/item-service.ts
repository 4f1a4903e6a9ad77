import type { EntityManager } from '@mikro-orm/postgresql';
import { Item, ItemUnitConversion, TaxRate } from '../../../db/entities';
import { ApiError } from '../../errors';
import { findItemBySku, itemHasMoves } from '../../../db/repositories/item-repository';
import { assignFields, auditChange, duplicate, refuseFrozenChanges, type ChangeContext } from '../../master-data';
import type { CreateItemBody, PatchItemBody } from './item-schemas';
import { proposeValuationMethod } from './valuation-proposal';

/** Fields that change how stock is valued: frozen once the item has moves (re-valuing history is not an edit). */
export const FROZEN_ITEM_FIELDS = ['uom', 'valuationMethod', 'valuedPerWarehouse', 'lotTracked'] as const;

const SCALAR_FIELDS = [
  'name',
  'uom',
  'category',
  'abcClass',
  'weightKg',
  'lotTracked',
  'shelfLifeDays',
  'leadTimeDays',
  'safetyStock',
  'reorderPoint',
  'supplyType',
  'valuationMethod',
  'valuedPerWarehouse',
  'allowNegativeStock',
  'listPrice',
  'active',
] as const;

/** Sets the item's tax rate from its code (null: the default rate); an unknown or deactivated code is a 400. */
async function assignTaxRate(em: EntityManager, item: Item, code: string | null | undefined) {
  if (code === undefined || code === (item.taxRate?.code ?? null)) return undefined;
  const from = item.taxRate?.code ?? null;
  if (code === null) {
    item.taxRate = null;
    return { from, to: null };
  }
  const rate = await em.findOne(TaxRate, { code });
  if (!rate) throw new ApiError('VALIDATION_FAILED', `No tax rate ${code} (see /api/tax-rates)`, 'taxCode');
  if (!rate.active) throw new ApiError('VALIDATION_FAILED', `Tax rate ${code} is deactivated`, 'taxCode');
  item.taxRate = rate;
  return { from, to: code };
}

/** Replaces the unit conversions when the body lists them; returns the change for the audit entry, if any. */
function replaceConversions(em: EntityManager, item: Item, wanted: PatchItemBody['unitConversions']) {
  if (wanted === undefined) return undefined;
  const before = item.unitConversions.getItems().map((c) => ({ uom: c.uom, factor: c.factor }));
  const key = (list: Array<{ uom: string; factor: number }>) =>
    JSON.stringify([...list].sort((a, b) => a.uom.localeCompare(b.uom)));
  if (key(before) === key(wanted)) return undefined;
  for (const conversion of item.unitConversions.getItems()) em.remove(conversion);
  item.unitConversions.removeAll();
  for (const { uom, factor } of wanted) {
    const conversion = new ItemUnitConversion();
    conversion.item = item;
    conversion.uom = uom;
    conversion.factor = factor;
    item.unitConversions.add(conversion);
    em.persist(conversion);
  }
  return { from: before, to: wanted };
}

/**
 * Creates an item. Without a valuation method the published `valuation` rules propose one (recorded as a rule
 * decision and named in the audit entry); an explicit method is taken as given.
 */
export async function createItem(em: EntityManager, body: CreateItemBody, ctx: ChangeContext): Promise<Item> {
  if (!ctx.keyIsFree && (await em.findOne(Item, { sku: body.sku }))) throw duplicate('item', 'sku', body.sku);
  const item = new Item();
  item.sku = body.sku;
  assignFields(item, body, SCALAR_FIELDS);
  let proposal = null;
  if (body.valuationMethod === undefined) {
    proposal = await proposeValuationMethod(em, item);
    item.valuationMethod = proposal.method;
  }
  await assignTaxRate(em, item, body.taxCode);
  em.persist(item);
  replaceConversions(em, item, body.unitConversions);
  auditChange(em, {
    actor: ctx.actor,
    action: 'item.created',
    entityType: 'item',
    entityId: item.sku,
    details: { ...body, valuationMethod: item.valuationMethod, ...(proposal ? { valuationProposal: proposal } : {}) },
  });
  return item;
}

/** Changes an item; the valuation fields refuse to change (409 FIELD_FROZEN) once stock has moved. */
export async function updateItem(em: EntityManager, item: Item, body: PatchItemBody, ctx: ChangeContext) {
  await refuseFrozenChanges(
    item,
    body,
    FROZEN_ITEM_FIELDS,
    () => itemHasMoves(em, item),
    'the item has stock moves, which were valued under the current setting',
  );
  const changes = assignFields(item, body, SCALAR_FIELDS);
  const conversions = replaceConversions(em, item, body.unitConversions);
  if (conversions) changes.unitConversions = conversions;
  const tax = await assignTaxRate(em, item, body.taxCode);
  if (tax) changes.taxCode = tax;
  if (Object.keys(changes).length === 0) return;
  auditChange(em, {
    actor: ctx.actor,
    action: 'item.updated',
    entityType: 'item',
    entityId: item.sku,
    details: changes,
  });
}

export { findItemBySku };
