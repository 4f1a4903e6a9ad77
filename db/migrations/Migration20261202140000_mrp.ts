import { Migration } from '@mikro-orm/migrations';

/**
 * MRP (issue 14): forecasts, and a run's record: its inputs as of one instant, each low-level code's result as it
 * finishes (a crashed calculation resumes after the last), the stored plan (grids, planned orders with their pegging,
 * exception messages).
 */
export class Migration20261202140000_mrp extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mrp_run" ("id" serial primary key, "status" varchar(20) not null default 'queued', "simulation" boolean not null default false, "workflow_id" varchar(200) null, "as_of" date not null, "bucket_size" varchar(4) not null, "bucket_count" int not null, "lot_sizing_version" int null, "snapshot" jsonb null, "levels_total" int not null default 0, "levels_done" int not null default 0, "summary" jsonb null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "finished_at" timestamptz null);`,
    );
    this.addSql(`create index "mrp_run_status_index" on "mrp_run" ("status");`);
    this.addSql(`alter table "mrp_run" add constraint "mrp_run_workflow_id_unique" unique ("workflow_id");`);

    this.addSql(
      `create table "mrp_run_level" ("run_id" int not null, "level" int not null, "result" jsonb not null, "checkpoint" jsonb not null, "created_at" timestamptz not null, constraint "mrp_run_level_pkey" primary key ("run_id", "level"));`,
    );

    this.addSql(
      `create table "mrp_planned_order" ("id" serial primary key, "run_id" int not null, "planned_ref" varchar(120) not null, "item_id" int not null, "order_type" varchar(12) not null, "quantity" numeric(18,3) not null, "receipt_date" date not null, "release_date" date not null, "past_due" boolean not null default false, "status" varchar(12) not null default 'suggested', "pegs" jsonb not null);`,
    );
    this.addSql(
      `alter table "mrp_planned_order" add constraint "mrp_planned_order_run_id_planned_ref_unique" unique ("run_id", "planned_ref");`,
    );

    this.addSql(
      `create table "mrp_item_plan" ("run_id" int not null, "item_id" int not null, "low_level_code" int not null, "rows" jsonb not null, "supplies" jsonb not null, constraint "mrp_item_plan_pkey" primary key ("run_id", "item_id"));`,
    );

    this.addSql(
      `create table "mrp_exception" ("id" serial primary key, "run_id" int not null, "item_id" int not null, "kind" varchar(20) not null, "ref" varchar(120) not null, "from_date" date not null, "to_date" date null, "quantity" numeric(18,3) not null, "message" varchar(500) not null);`,
    );
    this.addSql(`create index "mrp_exception_run_id_index" on "mrp_exception" ("run_id");`);

    this.addSql(
      `create table "forecast" ("id" serial primary key, "item_id" int not null, "forecast_date" date not null, "quantity" numeric(18,3) not null, "note" varchar(200) null, "created_by" varchar(64) not null, "created_at" timestamptz not null, constraint forecast_quantity_positive check (quantity > 0));`,
    );
    this.addSql(
      `alter table "forecast" add constraint "forecast_item_id_forecast_date_unique" unique ("item_id", "forecast_date");`,
    );

    this.addSql(
      `alter table "mrp_run_level" add constraint "mrp_run_level_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "mrp_planned_order" add constraint "mrp_planned_order_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mrp_planned_order" add constraint "mrp_planned_order_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "mrp_item_plan" add constraint "mrp_item_plan_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mrp_item_plan" add constraint "mrp_item_plan_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "mrp_exception" add constraint "mrp_exception_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mrp_exception" add constraint "mrp_exception_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "forecast" add constraint "forecast_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mrp_run_level" drop constraint "mrp_run_level_run_id_foreign";`);

    this.addSql(`alter table "mrp_planned_order" drop constraint "mrp_planned_order_run_id_foreign";`);

    this.addSql(`alter table "mrp_item_plan" drop constraint "mrp_item_plan_run_id_foreign";`);

    this.addSql(`alter table "mrp_exception" drop constraint "mrp_exception_run_id_foreign";`);

    this.addSql(`drop table if exists "mrp_run" cascade;`);

    this.addSql(`drop table if exists "mrp_run_level" cascade;`);

    this.addSql(`drop table if exists "mrp_planned_order" cascade;`);

    this.addSql(`drop table if exists "mrp_item_plan" cascade;`);

    this.addSql(`drop table if exists "mrp_exception" cascade;`);

    this.addSql(`drop table if exists "forecast" cascade;`);
  }
}
