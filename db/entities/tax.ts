import { EntitySchema } from '@mikro-orm/core';
import { moneyColumn } from './columns';
import { CustomerInvoice } from './sales';

/**
 * A tax rate as master data: items carry one (`item.tax_rate_code`), and items without one are taxed at the
 * default rate (exactly one rate is the default). The rate is a percent (20 for 20 %); an invoice stores the rate
 * it used on its tax lines, so changing a rate never changes an invoice already issued.
 */
export class TaxRate {
  code!: string;
  name!: string;
  rate!: number;
  /** The rate of items that name none; setting it on one rate clears it on the others. */
  isDefault = false;
  active = true;
}

export const TaxRateSchema = new EntitySchema<TaxRate>({
  class: TaxRate,
  tableName: 'tax_rate',
  checks: [{ name: 'tax_rate_rate_range', expression: 'rate >= 0 and rate <= 100' }],
  properties: {
    code: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 120 },
    rate: { type: 'number', columnType: 'numeric(7,4)' },
    isDefault: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
  },
});

/** One tax line of a customer invoice: the net invoiced at one rate and the output tax on it (2500). */
export class CustomerInvoiceTaxLine {
  id!: number;
  invoice!: CustomerInvoice;
  taxRate!: TaxRate;
  /** The percent the invoice used (copied: the master rate may change later). */
  rate!: number;
  netAmount!: number;
  taxAmount!: number;
}

export const CustomerInvoiceTaxLineSchema = new EntitySchema<CustomerInvoiceTaxLine>({
  class: CustomerInvoiceTaxLine,
  tableName: 'customer_invoice_tax_line',
  uniques: [{ properties: ['invoice', 'taxRate'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    invoice: { kind: 'm:1', entity: () => CustomerInvoice, deleteRule: 'cascade' },
    taxRate: { kind: 'm:1', entity: () => TaxRate },
    rate: { type: 'number', columnType: 'numeric(7,4)' },
    netAmount: { ...moneyColumn },
    taxAmount: { ...moneyColumn },
  },
});
