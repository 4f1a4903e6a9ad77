import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { booksHavePostings, loadCompanySettings } from '../../db/accounting/company-settings';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { updateCompanySettings } from './company-settings-service';

/**
 * The currency every amount of the books is kept in (unit costs, prices, stock values, journal lines): one currency,
 * ISO 4217. Screens show it beside every value.
 */
export const BOOK_CURRENCY = 'EUR';

const settingsSchema = z.object({
  /** ISO 4217 code of the books' currency; every value the API returns is in it. */
  currency: z.string(),
  fiscalYearStartMonth: z.number().int(),
  timeZone: z.string(),
  /** How far a purchase-order line may be over-delivered in total, in percent of its ordered quantity. */
  overDeliveryTolerancePercent: z.number(),
  /** How many months past the current one a posting may open a period (PERIOD_BEYOND_HORIZON beyond). */
  postingHorizonMonths: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** True once the books hold postings: the calendar they were posted under is then fixed. */
  calendarFrozen: z.boolean(),
});

const settingsBody = z.object({
  fiscalYearStartMonth: z
    .number()
    .int()
    .min(1, 'fiscalYearStartMonth is 1 (January) to 12')
    .max(12, 'fiscalYearStartMonth is 1 (January) to 12'),
  timeZone: z.string().trim().min(1, 'timeZone is required').max(64),
  overDeliveryTolerancePercent: z
    .number()
    .min(0, 'overDeliveryTolerancePercent is 0 to 100')
    .max(100, 'overDeliveryTolerancePercent is 0 to 100')
    .multipleOf(0.01, 'overDeliveryTolerancePercent has at most 2 decimals')
    .optional()
    .describe('Over-delivery allowed per purchase-order line, percent of its ordered quantity; omitted: unchanged'),
  postingHorizonMonths: z
    .number()
    .int('postingHorizonMonths is a whole number of months')
    .min(1, 'postingHorizonMonths is 1 to 120')
    .max(120, 'postingHorizonMonths is 1 to 120')
    .optional()
    .describe('How many months past the current one a posting may open a period; omitted: unchanged'),
});

/** GET/PUT /api/company-settings: everyone reads; admins and controllers change them. */
export function companySettingsRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['accounting'],
          ...routeDocs({
            summary: 'Company settings',
            description:
              "The books' currency, the fiscal year's first month and the time zone that decides a posting's day " +
              'and period.',
          }),
          response: { 200: settingsSchema },
        },
      },
      async () => {
        const em = orm.em.fork();
        const settings = await loadCompanySettings(em);
        return { ...view(settings), calendarFrozen: await booksHavePostings(em) };
      },
    );

    app.put(
      '/',
      {
        config: { roles: ['admin', 'controller'] },
        schema: {
          tags: ['accounting'],
          ...routeDocs({
            summary: 'Change the company settings',
            description:
              "Sets the fiscal year's first month, the IANA time zone, the purchase over-delivery tolerance and the " +
              'posting horizon (audited). ' +
              'Once the books hold postings neither calendar field may change (409 FIELD_FROZEN naming the field): the ' +
              'periods already posted were cut by them.',
            errors: ['FIELD_FROZEN'],
          }),
          body: settingsBody,
          response: { 200: settingsSchema },
        },
      },
      async (request) => {
        const settings = await updateCompanySettings(orm, request.body, currentUser(request).username);
        return { ...view(settings), calendarFrozen: await booksHavePostings(orm.em.fork()) };
      },
    );
  };
}

function view(settings: {
  fiscalYearStartMonth: number;
  timeZone: string;
  overDeliveryTolerancePercent: number;
  postingHorizonMonths: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}) {
  return {
    currency: BOOK_CURRENCY,
    fiscalYearStartMonth: settings.fiscalYearStartMonth,
    timeZone: settings.timeZone,
    overDeliveryTolerancePercent: settings.overDeliveryTolerancePercent,
    postingHorizonMonths: settings.postingHorizonMonths,
    updatedAt: settings.updatedAt ? settings.updatedAt.toISOString() : null,
    updatedBy: settings.updatedBy,
  };
}
