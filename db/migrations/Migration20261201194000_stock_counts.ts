import { Migration } from '@mikro-orm/migrations';

/**
 * Stock counts (issue 12 item 5): a count header per bin with its lines (book snapshot, counts, difference, value),
 * one open count per bin and item (a partial unique index: a second count of stock being counted is refused), and the
 * sequence count numbers are drawn from.
 */
export class Migration20261201194000_stock_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "stock_count" ("id" serial primary key, "count_number" varchar(30) not null, "warehouse_id" int not null, "location_id" int not null, "item_id" int null, "reason" varchar(16) not null, "status" varchar(16) not null default 'open', "source_ref" varchar(60) null, "workflow_id" varchar(200) not null, "snapshot_move_id" int not null default 0, "recount_tolerance" numeric(18,3) null, "approval_above_value" numeric(18,2) null, "decision_id" int null, "difference_value" numeric(18,2) null, "approved_by" varchar(64) null, "requested_by" varchar(64) not null, "created_at" timestamptz not null, "posted_at" timestamptz null);`,
    );
    this.addSql(`alter table "stock_count" add constraint "stock_count_count_number_unique" unique ("count_number");`);
    this.addSql(`create index "stock_count_status_created_at_index" on "stock_count" ("status", "created_at");`);
    this.addSql(
      `create unique index "stock_count_open_bin_unique" on "stock_count" ("location_id", coalesce("item_id", 0)) where status in ('open', 'recount', 'approval');`,
    );
    this.addSql(
      `alter table "stock_count" add constraint "stock_count_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_count" add constraint "stock_count_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_count" add constraint "stock_count_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `create table "stock_count_line" ("id" serial primary key, "count_id" int not null, "line_no" int not null, "item_id" int not null, "lot_id" int null, "book_quantity" numeric(18,3) not null default 0, "counted_quantity" numeric(18,3) null, "counted_by" varchar(64) null, "recount_quantity" numeric(18,3) null, "recount_by" varchar(64) null, "difference_quantity" numeric(18,3) null, "unit_cost" numeric(18,4) null, "difference_value" numeric(18,2) null, "move_id" int null);`,
    );
    this.addSql(
      `alter table "stock_count_line" add constraint "stock_count_line_count_id_line_no_unique" unique ("count_id", "line_no");`,
    );
    this.addSql(
      `alter table "stock_count_line" add constraint "stock_count_line_count_id_foreign" foreign key ("count_id") references "stock_count" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_count_line" add constraint "stock_count_line_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_count_line" add constraint "stock_count_line_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create sequence if not exists stock_count_number_seq start 1000;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stock_count_line" cascade;`);
    this.addSql(`drop table if exists "stock_count" cascade;`);
    this.addSql(`drop sequence if exists stock_count_number_seq;`);
  }
}
