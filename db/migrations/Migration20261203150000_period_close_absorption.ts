import { Migration } from '@mikro-orm/migrations';

/**
 * The period close's labour and overhead distribution (issue 17 step 4): each production order's share of what a
 * pool (labour 6200 / overhead 6000–6099) held beyond what the orders applied in the month, per close attempt, with
 * the account it landed on, the cost-distribution rule version and the decision that chose the basis. One row per
 * attempt, pool and order, so a resumed close never stores (or posts) a share twice.
 */
export class Migration20261203150000_period_close_absorption extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "period_close_absorption" ("id" serial primary key, "period_code" varchar(7) not null, "workflow_id" varchar(200) not null, "attempt" int not null, "pool" varchar(10) not null, "order_number" varchar(20) not null, "actual" numeric(18,2) not null, "applied" numeric(18,2) not null, "basis" varchar(20) null, "basis_value" double precision not null, "share" numeric(18,2) not null, "account_code" varchar(20) not null, "journal_entry_id" int null, "decision_id" int null, "rule_set_id" int null, "rule_version" int null, "rule" varchar(120) null, "reason" varchar(1000) not null, "decision" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "period_close_absorption" add constraint "period_close_absorption_workflow_id_pool_order_number_unique" unique ("workflow_id", "pool", "order_number");`,
    );
    this.addSql(
      `create index "period_close_absorption_period_code_index" on "period_close_absorption" ("period_code");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "period_close_absorption";`);
  }
}
