import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Forecast, Item } from '../../db/entities';
import { ApiError } from '../errors';
import { assignFields, auditChange } from '../master-data/changes';
import { listAll, listEntities, type ListSpec } from '../master-data/list';
import {
  FORECAST_SORT_FIELDS,
  type ForecastCreateBody,
  type ForecastListQuery,
  type ForecastPatchBody,
  type ForecastRecord,
} from './forecast-schemas';

/** The audit log's entity type of a forecast. */
const LABEL = 'forecast';

export function toForecastRecord(forecast: Forecast): ForecastRecord {
  return {
    id: forecast.id,
    itemSku: forecast.item.sku,
    itemName: forecast.item.name,
    forecastDate: forecast.forecastDate,
    quantity: forecast.quantity,
    note: forecast.note,
    createdBy: forecast.createdBy,
    createdAt: forecast.createdAt.toISOString(),
  };
}

/** Forecasts have no active flag: the list ignores `active`, and deleting one is how a planner withdraws it. */
type Query = ForecastListQuery & { active: 'all' };

const listSpec: ListSpec<Forecast, Query> = {
  entity: Forecast,
  searchFields: ['item.sku', 'item.name', 'note'],
  sortFields: FORECAST_SORT_FIELDS,
  defaultSort: 'forecastDate',
  populate: ['item'],
  where: (query) => {
    const conditions: FilterQuery<Forecast>[] = [];
    if (query.itemSku) conditions.push({ item: { sku: query.itemSku } });
    if (query.from) conditions.push({ forecastDate: { $gte: query.from } });
    if (query.to) conditions.push({ forecastDate: { $lte: query.to } });
    return conditions;
  },
};

/** One page of forecasts (entity query: search, sort, item and date filters). */
export async function listForecasts(em: EntityManager, query: ForecastListQuery) {
  const page = await listEntities(em, listSpec, { ...query, active: 'all' });
  return { ...page, items: page.items.map(toForecastRecord) };
}

/** Every forecast the list's filters select, in list order (CSV export). */
export async function allForecasts(em: EntityManager, query: ForecastListQuery): Promise<ForecastRecord[]> {
  return (await listAll(em, listSpec, { ...query, active: 'all' })).map(toForecastRecord);
}

/** 409 naming forecastDate: the item has a forecast on that day already (change its quantity instead). */
function sameDay(sku: string, date: string): ApiError {
  return new ApiError(
    'DUPLICATE',
    `${sku} has a forecast on ${date} already: change its quantity instead`,
    'forecastDate',
  );
}

/** Loads a forecast with its item, or 404 naming id. */
export async function mustFindForecast(em: EntityManager, id: number): Promise<Forecast> {
  const forecast = await em.findOne(Forecast, { id }, { populate: ['item'] });
  if (!forecast) throw new ApiError('NOT_FOUND', `No forecast ${id}`, 'id');
  return forecast;
}

/**
 * Records an expected demand (audited with the user, in the caller's transaction, flushed here so a same-day race
 * lost to the unique index is answered as the same 409). Refused: an unknown item (400) or a deactivated one (409),
 * a second forecast of the item on the same day (409 naming forecastDate).
 */
export async function createForecast(em: EntityManager, body: ForecastCreateBody, actor: string): Promise<Forecast> {
  const item = await em.findOne(Item, { sku: body.itemSku });
  if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${body.itemSku}`, 'itemSku');
  if (!item.active) throw new ApiError('RECORD_INACTIVE', `Item ${item.sku} is deactivated`, 'itemSku');
  if (await em.findOne(Forecast, { item, forecastDate: body.forecastDate })) {
    throw sameDay(item.sku, body.forecastDate);
  }
  const forecast = new Forecast();
  forecast.item = item;
  forecast.forecastDate = body.forecastDate;
  forecast.quantity = body.quantity;
  forecast.note = body.note ?? null;
  forecast.createdBy = actor;
  em.persist(forecast);
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw sameDay(item.sku, body.forecastDate);
    throw error;
  }
  auditChange(em, {
    actor,
    action: `${LABEL}.created`,
    entityType: LABEL,
    entityId: String(forecast.id),
    details: {
      itemSku: item.sku,
      forecastDate: forecast.forecastDate,
      quantity: forecast.quantity,
      note: forecast.note,
    },
  });
  await em.flush();
  return forecast;
}

/** Changes quantity or note; the audit entry lists what changed, field by field (nothing changed: no entry). */
export async function updateForecast(em: EntityManager, forecast: Forecast, body: ForecastPatchBody, actor: string) {
  const changes = assignFields(forecast, body, ['quantity', 'note']);
  if (Object.keys(changes).length > 0) {
    auditChange(em, {
      actor,
      action: `${LABEL}.updated`,
      entityType: LABEL,
      entityId: String(forecast.id),
      details: changes,
    });
  }
  await em.flush();
}

/** Deletes a forecast (runs keep their own snapshot of it); the audit entry keeps what it said. */
export async function deleteForecast(em: EntityManager, forecast: Forecast, actor: string) {
  auditChange(em, {
    actor,
    action: `${LABEL}.deleted`,
    entityType: LABEL,
    entityId: String(forecast.id),
    details: { itemSku: forecast.item.sku, forecastDate: forecast.forecastDate, quantity: forecast.quantity },
  });
  em.remove(forecast);
  await em.flush();
}
