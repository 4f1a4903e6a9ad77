import { z } from 'zod';
import { isoDate } from '../input-guard';
import { listQuerySchema } from '../master-data/list';

const forecastDate = isoDate().describe(
  'The day the demand is expected (it falls into the MRP bucket holding that day)',
);
const quantity = z
  .number()
  .min(0.001, 'must be at least 0.001 (more than 0)')
  .max(1e12, 'too large')
  .describe('In the base unit');
const note = z.string().trim().max(200, 'at most 200 characters').nullable();

/** `POST /api/forecasts`: one expected demand of an item on a day. */
export const forecastCreateBody = z
  .object({
    itemSku: z.string().trim().min(1, 'is required').max(40),
    forecastDate,
    quantity,
    note: note.optional(),
  })
  .strict();
export type ForecastCreateBody = z.infer<typeof forecastCreateBody>;

/** `PATCH /api/forecasts/:id`: the quantity or the note (the item and the day are the forecast's identity). */
export const forecastPatchBody = z.object({ quantity, note }).partial().strict();
export type ForecastPatchBody = z.infer<typeof forecastPatchBody>;

export const forecastIdParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** One forecast on the wire. */
export const forecastRecord = z.object({
  id: z.number(),
  itemSku: z.string(),
  itemName: z.string(),
  forecastDate: z.string(),
  quantity: z.number(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ForecastRecord = z.infer<typeof forecastRecord>;

/** Wire sort field -> entity property path. */
export const FORECAST_SORT_FIELDS = {
  forecastDate: 'forecastDate',
  itemSku: 'item.sku',
  itemName: 'item.name',
  quantity: 'quantity',
  createdBy: 'createdBy',
  createdAt: 'createdAt',
} as const;

const optionalDate = isoDate().or(z.literal('')).optional();

/** The list's query: search (sku, item name, note), sort, paging, and filters by item and date range. */
export const forecastListQuery = listQuerySchema(Object.keys(FORECAST_SORT_FIELDS), {
  itemSku: z.string().max(40).optional().describe('Only this item (its sku)'),
  from: optionalDate.describe('Only forecasts on or after this day'),
  to: optionalDate.describe('Only forecasts on or before this day'),
}).omit({ active: true });
export type ForecastListQuery = z.infer<typeof forecastListQuery>;
