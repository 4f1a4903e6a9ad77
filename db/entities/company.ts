import { DecimalType, EntitySchema, type Opt } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/**
 * The company's own settings, one row (id 1). The time zone decides which day and which accounting period a
 * posting falls in; the fiscal year's first month decides where a year's profit and loss starts.
 */
export class CompanySettings {
  id = 1;
  /** 1 = January. */
  fiscalYearStartMonth = 1;
  /** An IANA time zone name, e.g. `Europe/Berlin`. */
  timeZone = 'UTC';
  /** How far a purchase-order line may be over-delivered in total, in percent of its ordered quantity. */
  overDeliveryTolerancePercent: Opt<number> = 10;
  /** How many months after the current one a posting may open a period (a typo'd year opens nothing). */
  postingHorizonMonths: Opt<number> = 12;
  updatedAt: Date | null = null;
  updatedBy: string | null = null;
}

export const CompanySettingsSchema = new EntitySchema<CompanySettings>({
  class: CompanySettings,
  tableName: 'company_settings',
  checks: [
    { name: 'company_settings_single_row', expression: 'id = 1' },
    {
      name: 'company_settings_fiscal_month',
      expression: 'fiscal_year_start_month >= 1 and fiscal_year_start_month <= 12',
    },
    {
      name: 'company_settings_posting_horizon',
      expression: 'posting_horizon_months >= 1 and posting_horizon_months <= 120',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: false, default: 1 },
    fiscalYearStartMonth: { type: 'number', columnType: 'smallint', default: 1 },
    timeZone: { type: 'string', length: 64, default: 'UTC' },
    overDeliveryTolerancePercent: { type: new DecimalType('number'), precision: 5, scale: 2, default: 10 },
    postingHorizonMonths: { type: 'number', columnType: 'smallint', default: 12 },
    updatedAt: { ...timestampColumn, nullable: true },
    updatedBy: { type: 'string', length: 64, nullable: true },
  },
});
