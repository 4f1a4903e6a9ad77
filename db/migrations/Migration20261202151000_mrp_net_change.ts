import { Migration } from '@mikro-orm/migrations';

/**
 * MRP net change (issue 14): changes to planning's inputs recorded with the change (mrp_pending_change), and the
 * reason net change re-planned an item or a suggestion, shown in the console.
 */
export class Migration20261202151000_mrp_net_change extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mrp_pending_change" ("id" serial primary key, "item_id" int not null, "reason" varchar(200) not null, "document_ref" varchar(60) not null, "created_at" timestamptz not null, "consumed_by_run_id" int null, "consumed_at" timestamptz null);`,
    );
    this.addSql(
      `create index "mrp_pending_change_consumed_by_run_id_index" on "mrp_pending_change" ("consumed_by_run_id");`,
    );
    this.addSql(
      `alter table "mrp_pending_change" add constraint "mrp_pending_change_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "mrp_pending_change" add constraint "mrp_pending_change_consumed_by_run_id_foreign" foreign key ("consumed_by_run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "mrp_item_plan" add column "change_reason" varchar(200) null, add column "changed_at" timestamptz null;`,
    );
    this.addSql(`alter table "mrp_planned_order" add column "change_reason" varchar(200) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mrp_pending_change" cascade;`);
    this.addSql(`alter table "mrp_item_plan" drop column "change_reason", drop column "changed_at";`);
    this.addSql(`alter table "mrp_planned_order" drop column "change_reason";`);
  }
}
