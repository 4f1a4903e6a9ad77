import { inject, Pipe, PipeTransform } from '@angular/core';
import { CurrencyService } from './currency.service';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * An amount as the console shows money: two decimals with grouping, in `currency` (an ISO 4217 code) when one is
 * known (`1,234.50 EUR` reads as `€1,234.50` in an English browser). Without a currency (settings not read yet) the
 * plain two-decimal number, never a guessed currency. Null and undefined give ''.
 */
export function formatMoney(value: number | string | null | undefined, currency: string): string {
  if (value === null || value === undefined || value === '') return '';
  const amount = Number(value);
  if (!Number.isFinite(amount)) return String(value);
  const key = currency || '-';
  let format = formats.get(key);
  if (!format) {
    format = currency
      ? safeCurrencyFormat(currency)
      : new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(key, format);
  }
  return format.format(amount);
}

function safeCurrencyFormat(currency: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency });
  } catch {
    // A code the browser does not know still labels the value rather than hiding it.
    return new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}

/**
 * `{{ amount | money }}`: the amount in the company's currency (company settings, read once by `CurrencyService`);
 * `{{ amount | money: 'USD' }}` for a document in another currency. Impure so it re-renders once the settings
 * arrive (the formatting itself is cached per currency).
 */
@Pipe({ name: 'money', pure: false })
export class MoneyPipe implements PipeTransform {
  private readonly currency = inject(CurrencyService).code;

  transform(value: number | string | null | undefined, currency?: string | null): string {
    return formatMoney(value, currency || this.currency());
  }
}
