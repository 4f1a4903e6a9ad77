import { Migration } from '@mikro-orm/migrations';

/**
 * What the period close (issue 17) relies on: a `soft-locked` period status (only the close's own postings and a
 * controller's audited adjustments land), the posting horizon (how many months ahead a posting may open a
 * period), the closing-balance store the close fills and a reopen invalidates, and a memo per journal line for
 * manual entries (payroll, energy, rent, accruals).
 */
export class Migration20261203110000_period_close_prep extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "accounting_period" alter column "status" type text using ("status"::text);`);
    this.addSql(`alter table "accounting_period" add constraint "accounting_period_status_check"
      check ("status" in ('open', 'soft-locked', 'closed'));`);
    this.addSql(`alter table "company_settings" add column "posting_horizon_months" smallint not null default 12,
      add constraint "company_settings_posting_horizon"
      check ("posting_horizon_months" >= 1 and "posting_horizon_months" <= 120);`);
    this.addSql(`create table "period_closing_balance" (
      "period_code" varchar(7) not null, "account_code" varchar(20) not null,
      "debit" numeric(18,2) not null default 0, "credit" numeric(18,2) not null default 0,
      "valid" boolean not null default true, "computed_at" timestamptz not null,
      constraint "period_closing_balance_pkey" primary key ("period_code", "account_code"));`);
    this.addSql(`alter table "period_closing_balance" add constraint "period_closing_balance_period_code_foreign"
      foreign key ("period_code") references "accounting_period" ("code") on update cascade;`);
    this.addSql(`alter table "period_closing_balance" add constraint "period_closing_balance_account_code_foreign"
      foreign key ("account_code") references "account" ("code") on update cascade;`);
    this.addSql(`alter table "journal_line" add column "memo" varchar(300) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "journal_line" drop column "memo";`);
    this.addSql(`drop table if exists "period_closing_balance";`);
    this.addSql(`alter table "company_settings" drop constraint "company_settings_posting_horizon",
      drop column "posting_horizon_months";`);
    this.addSql(`update "accounting_period" set "status" = 'open' where "status" = 'soft-locked';`);
    this.addSql(`alter table "accounting_period" drop constraint "accounting_period_status_check";`);
    this.addSql(`alter table "accounting_period" alter column "status" type varchar(8);`);
  }
}
