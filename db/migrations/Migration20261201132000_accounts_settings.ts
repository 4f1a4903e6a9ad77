import { Migration } from '@mikro-orm/migrations';

/**
 * The chart of accounts as master data (normal side, subledger control, active) with the accounts POSTINGS.md
 * lists, and the company's settings (fiscal year's first month, time zone) in a single row. Existing accounts
 * take the normal side of their type; the existing books were UTC months, so the time zone starts as UTC.
 */
export class Migration20261201132000_accounts_settings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "normal_side" text null,
      add column "subledger_controlled" boolean not null default false,
      add column "active" boolean not null default true;`);
    this.addSql(
      `update "account" set "normal_side" = case when "type" in ('asset', 'expense') then 'debit' else 'credit' end;`,
    );
    this.addSql(`alter table "account" alter column "type" type text using ("type"::text);`);
    this.addSql(`alter table "account" alter column "normal_side" set not null;`);
    this.addSql(
      `alter table "account" add constraint "account_type_check" check ("type" in ('asset', 'liability', 'equity', 'revenue', 'expense'));`,
    );
    this.addSql(
      `alter table "account" add constraint "account_normal_side_check" check ("normal_side" in ('debit', 'credit'));`,
    );
    this.addSql(`insert into "account" ("code", "name", "type", "normal_side") values
      ('1000', 'Bank', 'asset', 'debit'),
      ('1400', 'Work in progress', 'asset', 'debit'),
      ('1510', 'Input tax', 'asset', 'debit'),
      ('2300', 'Subcontract fees accrued', 'liability', 'credit'),
      ('2400', 'Accrued expenses', 'liability', 'credit'),
      ('2500', 'Output tax', 'liability', 'credit'),
      ('3100', 'Retained earnings', 'equity', 'credit'),
      ('5400', 'Purchase price variance', 'expense', 'debit'),
      ('5500', 'Production variance', 'expense', 'debit'),
      ('6000', 'Manufacturing overhead', 'expense', 'debit'),
      ('6100', 'Applied overhead', 'expense', 'credit'),
      ('6200', 'Direct labour, actual', 'expense', 'debit'),
      ('6210', 'Applied labour', 'expense', 'credit')
      on conflict ("code") do nothing;`);
    this.addSql(
      `update "account" set "subledger_controlled" = true where "code" in ('1100', '1300', '1400', '2100', '2200', '2300');`,
    );

    this
      .addSql(`create table "company_settings" ("id" int not null default 1, "fiscal_year_start_month" smallint not null default 1,
      "time_zone" varchar(64) not null default 'UTC', "updated_at" timestamptz null, "updated_by" varchar(64) null,
      constraint "company_settings_pkey" primary key ("id"),
      constraint company_settings_single_row check (id = 1),
      constraint company_settings_fiscal_month check (fiscal_year_start_month >= 1 and fiscal_year_start_month <= 12));`);
    this.addSql(`insert into "company_settings" ("id") values (1) on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "company_settings" cascade;`);
    this.addSql(
      `alter table "account" drop constraint "account_type_check", drop constraint "account_normal_side_check";`,
    );
    this.addSql(`alter table "account" alter column "type" type varchar(12) using ("type"::varchar(12));`);
    this.addSql(
      `alter table "account" drop column "normal_side", drop column "subledger_controlled", drop column "active";`,
    );
  }
}
