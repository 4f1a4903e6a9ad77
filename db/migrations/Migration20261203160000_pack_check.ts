import { Migration } from '@mikro-orm/migrations';

/**
 * Pack check (issue 20): which warehouses and customers check every package before it ships, and each attempt at
 * checking a package (what was scanned, whether it matched, the problems named, who and when).
 */
export class Migration20261203160000_pack_check extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "pack_check_policy" ("id" serial primary key, "scope" varchar(16) not null, "code" varchar(40) not null, "required" boolean not null default true, "updated_by" varchar(64) not null, "updated_at" timestamptz not null, constraint pack_check_policy_scope_known check (scope = 'warehouse' or scope = 'customer'));`,
    );
    this.addSql(
      `alter table "pack_check_policy" add constraint "pack_check_policy_scope_code_unique" unique ("scope", "code");`,
    );
    this.addSql(
      `create table "pack_check_attempt" ("id" serial primary key, "order_number" varchar(30) not null, "workflow_id" varchar(200) not null, "ship_task_id" varchar(240) not null, "package_no" varchar(40) not null, "matched" boolean not null, "lines" jsonb not null, "problems" jsonb not null, "checked_by" varchar(64) not null, "checked_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "pack_check_attempt_order_index" on "pack_check_attempt" ("order_number", "checked_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pack_check_attempt";`);
    this.addSql(`drop table if exists "pack_check_policy";`);
  }
}
