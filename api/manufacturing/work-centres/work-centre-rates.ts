import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { WorkCentreRate, type WorkCentre } from '../../../db/entities';
import { isoDate } from '../../input-guard';
import { auditChange } from '../../master-data';
import { ApiError } from '../../errors';

/** Today's date in UTC (YYYY-MM-DD): which rate a list shows as current. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

const rate = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, `${field} cannot be negative`)
    .max(1e9, `${field} is too large`)
    .multipleOf(0.0001, `${field} has at most 4 decimals`);

/** POST /api/work-centres/:code/rates. */
export const createRateSchema = z
  .object({
    effectiveFrom: isoDate('effectiveFrom must be a date YYYY-MM-DD').describe('The first day the rates apply'),
    labourRate: rate('labourRate').describe('Labour cost per hour'),
    overheadRate: rate('overheadRate')
      .nullable()
      .optional()
      .describe(
        'Overhead applied per hour; null or absent: none applied (the period close distributes actual overhead)',
      ),
  })
  .strict();
export type CreateRateBody = z.output<typeof createRateSchema>;

export const rateRecordSchema = z.object({
  workCentreCode: z.string(),
  effectiveFrom: z.string(),
  labourRate: z.number(),
  overheadRate: z.number().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type RateRecord = z.output<typeof rateRecordSchema>;

export function toRateRecord(centre: WorkCentre, row: WorkCentreRate): RateRecord {
  const { effectiveFrom, labourRate, overheadRate, createdBy, createdAt } = row;
  return {
    workCentreCode: centre.code,
    effectiveFrom,
    labourRate,
    overheadRate,
    createdBy,
    createdAt: createdAt.toISOString(),
  };
}

/**
 * The rates valid on `date` for each work centre: per centre, the row with the greatest effectiveFrom <= date.
 * One query for a whole page of centres.
 */
export async function ratesValidOn(
  em: EntityManager,
  centreIds: number[],
  date: string,
): Promise<Map<number, WorkCentreRate>> {
  if (centreIds.length === 0) return new Map();
  const rows = await em.find(
    WorkCentreRate,
    { workCentre: { $in: centreIds }, effectiveFrom: { $lte: date } },
    { orderBy: { effectiveFrom: 'desc' } },
  );
  const valid = new Map<number, WorkCentreRate>();
  for (const row of rows) {
    const id = row.workCentre.id;
    if (!valid.has(id)) valid.set(id, row);
  }
  return valid;
}

/** A work centre's rate history, newest first. */
export function rateHistory(em: EntityManager, centre: WorkCentre): Promise<WorkCentreRate[]> {
  return em.find(WorkCentreRate, { workCentre: centre }, { orderBy: { effectiveFrom: 'desc' } });
}

/** Adds rates from a date on (never changes an existing row: posted reports keep their explanation). */
export async function addRate(
  em: EntityManager,
  centre: WorkCentre,
  body: CreateRateBody,
  actor: string,
): Promise<WorkCentreRate> {
  if (await em.findOne(WorkCentreRate, { workCentre: centre, effectiveFrom: body.effectiveFrom })) {
    throw new ApiError(
      'DUPLICATE',
      `Work centre ${centre.code} already has rates from ${body.effectiveFrom}; add rates from another date`,
      'effectiveFrom',
    );
  }
  const row = new WorkCentreRate();
  row.workCentre = centre;
  row.effectiveFrom = body.effectiveFrom;
  row.labourRate = body.labourRate;
  row.overheadRate = body.overheadRate ?? null;
  row.createdBy = actor;
  em.persist(row);
  const entry = { actor, action: 'work-centre.rate-added', entityType: 'work centre', entityId: centre.code };
  auditChange(em, { ...entry, details: body });
  return row;
}
