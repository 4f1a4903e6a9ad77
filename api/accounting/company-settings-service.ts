import type { MikroORM } from '@mikro-orm/postgresql';
import { booksHavePostings, loadCompanySettings, timeZoneProblem } from '../../db/accounting/company-settings';
import type { CompanySettings } from '../../db/entities';
import { appendAudit } from '../../db/repositories/audit-repository';
import { ApiError } from '../errors';

export interface CompanySettingsInput {
  fiscalYearStartMonth: number;
  timeZone: string;
  /** Over-delivery allowed per purchase-order line, percent of its ordered quantity; absent: unchanged. Never frozen. */
  overDeliveryTolerancePercent?: number;
  /** How many months past the current one a posting may open a period (1-120); absent: unchanged. Never frozen. */
  postingHorizonMonths?: number;
}

/**
 * Changes the company settings, audited. The calendar is refused rather than re-cut once postings exist: every
 * journal entry already carries the period its time zone gave it, and entries are immutable, so a new time
 * zone or fiscal year start would contradict the books (409 FIELD_FROZEN naming the field). Saving the same
 * values is always fine.
 */
export async function updateCompanySettings(
  orm: MikroORM,
  input: CompanySettingsInput,
  actor: string,
): Promise<CompanySettings> {
  return orm.em.fork().transactional(async (em) => {
    const problem = await timeZoneProblem(em, input.timeZone);
    if (problem) {
      throw new ApiError('VALIDATION_FAILED', problem, 'timeZone', [{ path: 'timeZone', message: problem }]);
    }
    const settings = await loadCompanySettings(em, true);
    const before = {
      fiscalYearStartMonth: settings.fiscalYearStartMonth,
      timeZone: settings.timeZone,
      overDeliveryTolerancePercent: settings.overDeliveryTolerancePercent,
      postingHorizonMonths: settings.postingHorizonMonths,
    };
    const changed = (['timeZone', 'fiscalYearStartMonth'] as const).filter((field) => before[field] !== input[field]);
    const tolerance = input.overDeliveryTolerancePercent;
    const toleranceChanged = tolerance !== undefined && tolerance !== before.overDeliveryTolerancePercent;
    const horizon = input.postingHorizonMonths;
    const horizonChanged = horizon !== undefined && horizon !== before.postingHorizonMonths;
    if (changed.length === 0 && !toleranceChanged && !horizonChanged) return settings;
    if (changed.length > 0 && (await booksHavePostings(em))) {
      const field = changed[0] as string;
      throw new ApiError(
        'FIELD_FROZEN',
        `${field} cannot change once the books hold postings: their periods were cut by the current calendar`,
        field,
      );
    }
    const { fiscalYearStartMonth, timeZone } = input;
    const toleranceChange = tolerance === undefined ? {} : { overDeliveryTolerancePercent: tolerance };
    const horizonChange = horizon === undefined ? {} : { postingHorizonMonths: horizon };
    em.assign(settings, {
      fiscalYearStartMonth,
      timeZone,
      ...toleranceChange,
      ...horizonChange,
      updatedAt: new Date(),
      updatedBy: actor,
    });
    await appendAudit(em, {
      actor,
      action: 'company-settings.changed',
      entityType: 'company_settings',
      entityId: '1',
      details: { before, after: input },
    });
    await em.flush();
    return settings;
  });
}
