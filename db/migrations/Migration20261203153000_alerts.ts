import { Migration } from '@mikro-orm/migrations';

/**
 * Alerts people act on (issue 20): late production orders, items below their reorder point, lots in the near-expiry
 * window. One open-or-acknowledged alert per kind and subject (partial unique index), so a sweep raising twice finds
 * the first. Items get the reorder point the below-reorder-point alert compares against (null: not watched).
 */
export class Migration20261203153000_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "alert" ("id" serial primary key, "kind" varchar(30) not null, "subject" varchar(120) not null, "status" varchar(16) not null default 'open', "reason" varchar(1000) not null, "facts" jsonb not null, "first_raised_at" timestamptz not null, "raised_at" timestamptz not null, "acknowledged_at" timestamptz null, "acknowledged_by" varchar(64) null, "resolved_at" timestamptz null, "raise_count" int not null default 1, "updated_at" timestamptz not null, constraint alert_kind_known check (kind = 'late-production' or kind = 'below-reorder-point' or kind = 'near-expiry'), constraint alert_status_known check (status = 'open' or status = 'acknowledged' or status = 'resolved'));`,
    );
    this.addSql(
      `create unique index "alert_live_unique" on "alert" ("kind", "subject") where status in ('open', 'acknowledged');`,
    );
    this.addSql(`create index "alert_status_kind_index" on "alert" ("status", "kind");`);
    this.addSql(`alter table "item" add column "reorder_point" numeric(18,3) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item" drop column if exists "reorder_point";`);
    this.addSql(`drop table if exists "alert";`);
  }
}
