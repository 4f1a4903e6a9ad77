import { z } from 'zod';
import { VALUATION_SORTS } from '../../db/repositories/books-report-repository';
import { AGING_BUCKETS } from '../../db/repositories/stock-report-repository';
import { pageOf, pageQuery } from '../pagination';
import type { TrialBalanceParams } from './trial-balance-range';

/** Years from 0001: PostgreSQL has no year 0, so `0000-…` is refused here rather than failing there. */
const periodCode = z.string().regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, 'period must be YYYY-MM (year 0001 or later)');

/** The warehouses a stock report can be filtered by (the filter's options). */
export const warehouseSchema = z.object({ code: z.string(), name: z.string(), virtual: z.boolean() });

/** The stock-on-hand, item-ledger and stock-aging queries (sort fields, filters) are beside their lists (`*-list.ts`). */
export const stockOnHandRow = z.object({
  itemSku: z.string(),
  itemName: z.string(),
  uom: z.string(),
  warehouseCode: z.string(),
  virtualWarehouse: z.boolean(),
  locationCode: z.string(),
  lotCode: z.string().nullable(),
  expiryDate: z.string().nullable(),
  status: z.string(),
  /** The lot's expiry date has passed (expired stock is blocked; blocked stock is not necessarily expired). */
  expired: z.boolean(),
  quantity: z.number(),
  reserved: z.number(),
  free: z.number(),
  /** The valuation scope's value / quantity; 0 in virtual warehouses. */
  unitValue: z.number(),
  value: z.number(),
});

const quantityValue = z.object({ quantity: z.number(), value: z.number() });

export const stockOnHandReport = pageOf(stockOnHandRow).extend({
  /** Over the whole filter; `expired` (lots past expiry) and `blocked` (stock status) shown apart, they overlap. */
  totals: quantityValue.extend({ expired: quantityValue, blocked: quantityValue }),
});

export const itemLedgerRow = z.object({
  moveId: z.number(),
  effectiveAt: z.string(),
  moveType: z.string(),
  documentType: z.string(),
  documentRef: z.string(),
  lineNo: z.number().nullable(),
  fromLocation: z.string().nullable(),
  toLocation: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
  quantityIn: z.number(),
  quantityOut: z.number(),
  runningQuantity: z.number(),
  valueIn: z.number(),
  valueOut: z.number(),
  runningValue: z.number(),
});

export const itemLedgerReport = pageOf(itemLedgerRow).extend({
  item: z.object({ sku: z.string(), name: z.string(), uom: z.string(), valuationMethod: z.string() }),
  onHand: z.number(),
  value: z.number(),
});

export const stockAgingReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    lotCode: z.string(),
    receivedAt: z.string(),
    expiryDate: z.string().nullable(),
    ageDays: z.number(),
    bucket: z.enum(AGING_BUCKETS),
    quantity: z.number(),
    value: z.number(),
  }),
).extend({
  buckets: z.array(
    z.object({ bucket: z.enum(AGING_BUCKETS), lots: z.number(), quantity: z.number(), value: z.number() }),
  ),
});

export const slowMovingReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    lastOutgoingAt: z.string().nullable(),
    daysSinceLastOutgoing: z.number().nullable(),
    quantity: z.number(),
    value: z.number(),
  }),
).extend({ days: z.number(), totals: z.object({ value: z.number() }) });

const isoDate = z
  .string()
  .regex(/^(?!0000)\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (year 0001 or later)')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'must be a real calendar date',
  );

/** The range of a trial balance (see `trialBalanceQuery`). */
const trialBalanceRangeShape = {
  basis: z.enum(['cumulative', 'period']).optional(),
  period: periodCode.optional(),
  asOf: isoDate.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

/** The range's combinations that make no sense, each refused naming its field. */
function refineTrialBalanceRange<T extends TrialBalanceParams>(q: T, ctx: z.RefinementCtx<T>): void {
  const basis = q.basis ?? (q.from || q.to ? 'period' : 'cumulative');
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (q.period && (q.asOf || q.from || q.to))
    problem('period', 'give either period or dates (asOf, from, to), not both');
  if (basis === 'cumulative' && (q.from || q.to)) problem('from', 'from and to are for basis=period; use asOf');
  if (basis === 'period' && q.asOf) problem('asOf', 'asOf is for basis=cumulative; use from and to');
  if (basis === 'period' && !q.period && !q.from) problem('from', 'from is required for basis=period (or give period)');
  if (basis === 'period' && !q.period && !q.to) problem('to', 'to is required for basis=period (or give period)');
  if (q.from && q.to && q.from > q.to) problem('to', 'to must not be before from');
}

/**
 * `basis=cumulative` (the default): balances as of `asOf` (or the end of `period`; all postings when neither),
 * movement the fiscal year to date. `basis=period`: movement `from`..`to` (or the month `period`), opening what
 * came before. Dates are the company's local dates.
 */
export const trialBalanceQuery = z.object(trialBalanceRangeShape).superRefine(refineTrialBalanceRange);

/** The columns the trial balance's account list sorts by (`sort=closing`, `sort=-debitMovement` ...). */
export const TRIAL_BALANCE_SORTS = [
  'code',
  'name',
  'type',
  'opening',
  'debitMovement',
  'creditMovement',
  'closing',
] as const;

/** The trial balance as a list: the same range, plus search, an account-type filter, sort and paging. */
export const trialBalanceAccountsQuery = pageQuery
  .extend({
    ...trialBalanceRangeShape,
    q: z.string().trim().max(100).optional().describe('Search text, matched anywhere in the account code or name'),
    type: z.string().trim().max(40).optional().describe('Only accounts of this type (asset, liability, revenue ...)'),
    sort: z
      .enum(TRIAL_BALANCE_SORTS.flatMap((field) => [field, `-${field}`]) as [string, ...string[]])
      .optional()
      .describe(`Sort by one of ${TRIAL_BALANCE_SORTS.join(', ')}; a leading - sorts descending (default code)`),
  })
  .superRefine(refineTrialBalanceRange);

const money = z.number();

export const trialBalanceReport = z.object({
  /** cumulative: balances as of `to` with the fiscal year's movement; period: the movement from `from` to `to`. */
  basis: z.enum(['cumulative', 'period']),
  period: z.string().nullable(),
  from: z.string(),
  /** null: every posting (cumulative without a date). */
  to: z.string().nullable(),
  timeZone: z.string(),
  fiscalYearStartMonth: z.number(),
  accounts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      type: z.string(),
      normalSide: z.enum(['debit', 'credit']),
      active: z.boolean(),
      /** Balance before `from`, debit minus credit. */
      opening: money,
      debitMovement: money,
      creditMovement: money,
      /** opening + debitMovement - creditMovement. */
      closing: money,
      /** Debit and credit totals of every posting through `to`. */
      debit: money,
      credit: money,
      /** Debit minus credit through `to` (= closing). */
      balance: money,
    }),
  ),
  totals: z.object({
    debit: money,
    credit: money,
    difference: money,
    opening: money,
    debitMovement: money,
    creditMovement: money,
    closing: money,
  }),
  balanced: z.boolean(),
});

const valuationSorts = Object.keys(VALUATION_SORTS);

/** The valuation list's page, search and sort (by SKU when absent). */
export const inventoryValuationQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Search text, matched anywhere in the item SKU or name'),
  sort: z
    .enum(valuationSorts.flatMap((field) => [field, `-${field}`]) as [string, ...string[]])
    .optional()
    .describe(`Sort by one of ${valuationSorts.join(', ')}; a leading - sorts descending (default itemSku)`),
});

export const inventoryValuationReport = pageOf(
  z.object({
    itemSku: z.string(),
    itemName: z.string(),
    uom: z.string(),
    method: z.string(),
    valuedPerWarehouse: z.boolean(),
    scopes: z.number(),
    quantity: z.number(),
    value: z.number(),
    unitValue: z.number(),
  }),
).extend({
  totals: z.object({
    quantity: z.number(),
    value: z.number(),
    inventoryAccount: z.string(),
    inventoryAccountBalance: z.number(),
    difference: z.number(),
    reconciled: z.boolean(),
  }),
});
