import { EntitySchema } from '@mikro-orm/core';
import { dateColumn, moneyColumn, timestampColumn } from './columns';

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const NORMAL_SIDES = ['debit', 'credit'] as const;
export type NormalSide = (typeof NORMAL_SIDES)[number];

/**
 * An account of the chart. The normal side is its own field because contra accounts (applied overhead 6100,
 * applied labour 6210) are expenses with a credit balance. Type and normal side freeze once the account has
 * postings; an account is deactivated, never deleted.
 */
export class Account {
  code!: string;
  name!: string;
  type!: AccountType;
  normalSide!: NormalSide;
  /** Moved only through its subledger's documents (receivables, inventory, WIP, GRNI, payables, accruals). */
  subledgerControlled = false;
  active = true;
}

export const AccountSchema = new EntitySchema<Account>({
  class: Account,
  tableName: 'account',
  properties: {
    code: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 120 },
    type: { enum: true, items: () => [...ACCOUNT_TYPES] },
    normalSide: { enum: true, items: () => [...NORMAL_SIDES] },
    subledgerControlled: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
  },
});

export const PERIOD_STATUSES = ['open', 'soft-locked', 'closed'] as const;
/** `soft-locked`: a close is under way; only its own postings and a controller's audited adjustments land. */
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

/** A calendar month of the books; a closed period accepts no postings. */
export class AccountingPeriod {
  code!: string;
  startsOn!: string;
  endsOn!: string;
  status: PeriodStatus = 'open';
  closedAt: Date | null = null;
  closedBy: string | null = null;
}

export const AccountingPeriodSchema = new EntitySchema<AccountingPeriod>({
  class: AccountingPeriod,
  tableName: 'accounting_period',
  properties: {
    code: { type: 'string', length: 7, primary: true },
    startsOn: { ...dateColumn },
    endsOn: { ...dateColumn },
    status: { enum: true, items: () => [...PERIOD_STATUSES], default: 'open' },
    closedAt: { ...timestampColumn, nullable: true },
    closedBy: { type: 'string', length: 64, nullable: true },
  },
});

/**
 * A journal entry: immutable once written (corrections are reversals) and balanced by construction (the
 * posting code refuses unbalanced lines, and a deferred database trigger re-checks at commit).
 */
export class JournalEntry {
  id!: number;
  entryDate!: Date;
  period!: AccountingPeriod;
  sourceType!: string;
  sourceRef!: string;
  description!: string;
  reversalOf: JournalEntry | null = null;
  idempotencyKey!: string;
  createdBy!: string;
  createdAt: Date = new Date();
}

export const JournalEntrySchema = new EntitySchema<JournalEntry>({
  class: JournalEntry,
  tableName: 'journal_entry',
  indexes: [{ properties: ['sourceType', 'sourceRef'] }, { properties: ['period'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    entryDate: { ...timestampColumn },
    period: { kind: 'm:1', entity: () => AccountingPeriod },
    sourceType: { type: 'string', length: 30 },
    sourceRef: { type: 'string', length: 80 },
    description: { type: 'string', length: 300 },
    reversalOf: { kind: 'm:1', entity: () => JournalEntry, nullable: true },
    idempotencyKey: { type: 'string', length: 200, unique: true },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

export class JournalLine {
  id!: number;
  entry!: JournalEntry;
  account!: Account;
  debit = 0;
  credit = 0;
  /** What a manual entry's line is for (payroll March, energy bill); documents' postings leave it empty. */
  memo: string | null = null;
}

export const JournalLineSchema = new EntitySchema<JournalLine>({
  class: JournalLine,
  tableName: 'journal_line',
  indexes: [
    { properties: ['account'] },
    {
      // A month's lines through its entries, index-only (migration 20261203155000).
      name: 'journal_line_entry_cover_index',
      expression:
        'create index "journal_line_entry_cover_index" on "journal_line" ("entry_id") include ("account_code", "debit", "credit")',
    },
  ],
  checks: [
    {
      name: 'journal_line_one_side',
      expression: '(debit >= 0 and credit >= 0) and (debit = 0 or credit = 0) and (debit + credit > 0)',
    },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    entry: { kind: 'm:1', entity: () => JournalEntry, index: true },
    account: { kind: 'm:1', entity: () => Account },
    debit: { ...moneyColumn, default: 0 },
    credit: { ...moneyColumn, default: 0 },
    memo: { type: 'string', length: 300, nullable: true },
  },
});

/**
 * An account's balance at the end of a closed period, written by the period close (a chain: the next period's
 * opening is this closing). Reopening a period marks its own and every later period's balances invalid, so a
 * report never reads figures the reopened month may since have changed.
 */
export class PeriodClosingBalance {
  period!: AccountingPeriod;
  account!: Account;
  debit = 0;
  credit = 0;
  /** The period's own debits and credits on the account (its trial balance reads them once the period is closed). */
  periodDebit = 0;
  periodCredit = 0;
  valid = true;
  computedAt: Date = new Date();
}

export const PeriodClosingBalanceSchema = new EntitySchema<PeriodClosingBalance>({
  class: PeriodClosingBalance,
  tableName: 'period_closing_balance',
  properties: {
    period: { kind: 'm:1', entity: () => AccountingPeriod, primary: true },
    account: { kind: 'm:1', entity: () => Account, primary: true },
    debit: { ...moneyColumn, default: 0 },
    credit: { ...moneyColumn, default: 0 },
    periodDebit: { ...moneyColumn, default: 0 },
    periodCredit: { ...moneyColumn, default: 0 },
    valid: { type: 'boolean', default: true },
    computedAt: { ...timestampColumn },
  },
});
