import { Migration } from '@mikro-orm/migrations';

/**
 * Production orders (issue 13): the order (numbered `PRD-000001` ... from its own sequence, BOM and routing pinned at
 * release), its components and operations as released, the amounts into and out of its WIP, and the clerks' reports.
 */
export class Migration20261202110000_production_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists production_order_seq start 1;`);
    this.addSql(
      `create table "production_order" ("id" serial primary key, "number" varchar(20) not null, "item_id" int not null, "quantity" numeric(18,3) not null, "warehouse_id" int not null, "due_date" date not null, "start_date" date not null, "priority" int not null default 100, "status" varchar(20) not null default 'created', "bom_id" int null, "routing_id" int null, "issue_rules" jsonb null, "completed_quantity" numeric(18,3) not null default 0, "scrapped_quantity" numeric(18,3) not null default 0, "note" text null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "released_at" timestamptz null, "closed_at" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" text null, "updated_at" timestamptz not null, constraint production_order_quantity_positive check (quantity > 0));`,
    );
    this.addSql(`alter table "production_order" add constraint "production_order_number_unique" unique ("number");`);
    this.addSql(`create index "production_order_item_id_index" on "production_order" ("item_id");`);
    this.addSql(`create index "production_order_status_index" on "production_order" ("status");`);

    this.addSql(
      `create table "production_order_component" ("id" serial primary key, "production_order_id" int not null, "line_no" int not null, "item_id" int not null, "via_phantom_sku" varchar(60) null, "quantity_per" numeric(18,6) not null, "scrap_percent" numeric(7,4) not null default 0, "required_quantity" numeric(18,3) not null, "operation_seq" int null, "issue_mode" varchar(10) not null, "when_short" varchar(16) not null, "decision_id" int null, "issue_note" text null, "issued_quantity" numeric(18,3) not null default 0, "issued_value" numeric(18,2) not null default 0, "returned_quantity" numeric(18,3) not null default 0, "returned_value" numeric(18,2) not null default 0);`,
    );
    this.addSql(
      `alter table "production_order_component" add constraint "production_order_component_production_order_id_line_no_unique" unique ("production_order_id", "line_no");`,
    );

    this.addSql(
      `create table "production_order_operation" ("id" serial primary key, "production_order_id" int not null, "seq" int not null, "work_centre_id" int not null, "description" varchar(200) not null, "setup_hours" numeric(12,4) not null, "run_hours_per_unit" numeric(14,6) not null, "good_quantity" numeric(18,3) not null default 0, "scrap_quantity" numeric(18,3) not null default 0, "labour_hours" numeric(14,4) not null default 0, "status" varchar(12) not null default 'open');`,
    );
    this.addSql(
      `alter table "production_order_operation" add constraint "production_order_operation_production_order_id_seq_unique" unique ("production_order_id", "seq");`,
    );

    this.addSql(
      `create table "production_cost" ("id" serial primary key, "production_order_id" int not null, "kind" varchar(20) not null, "component_line_no" int null, "operation_seq" int null, "quantity" numeric(18,3) null, "amount" numeric(18,2) not null, "journal_entry_id" int null, "stock_move_id" int null, "reported_by" varchar(64) not null, "effective_at" timestamptz not null, "idempotency_key" varchar(200) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "production_cost_production_order_id_index" on "production_cost" ("production_order_id");`,
    );
    this.addSql(
      `alter table "production_cost" add constraint "production_cost_idempotency_key_unique" unique ("idempotency_key");`,
    );

    this.addSql(
      `create table "production_report" ("id" serial primary key, "production_order_id" int not null, "kind" varchar(12) not null, "operation_seq" int null, "good_quantity" numeric(18,3) not null, "scrap_quantity" numeric(18,3) not null default 0, "labour_hours" numeric(14,4) null, "to_location" varchar(40) null, "reported_by" varchar(64) not null, "reported_at" timestamptz not null, "task_id" varchar(200) not null);`,
    );
    this.addSql(
      `create index "production_report_production_order_id_index" on "production_report" ("production_order_id");`,
    );
    this.addSql(
      `alter table "production_report" add constraint "production_report_task_id_unique" unique ("task_id");`,
    );

    this.addSql(
      `alter table "production_order" add constraint "production_order_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "production_order" add constraint "production_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "production_order" add constraint "production_order_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "production_order" add constraint "production_order_routing_id_foreign" foreign key ("routing_id") references "routing" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "production_order_component" add constraint "production_order_component_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "production_order_component" add constraint "production_order_component_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "production_order_operation" add constraint "production_order_operation_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "production_order_operation" add constraint "production_order_operation_work_centre_id_foreign" foreign key ("work_centre_id") references "work_centre" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "production_cost" add constraint "production_cost_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "production_report" add constraint "production_report_production_order_id_foreign" foreign key ("production_order_id") references "production_order" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "production_report" cascade;`);
    this.addSql(`drop table if exists "production_cost" cascade;`);
    this.addSql(`drop table if exists "production_order_operation" cascade;`);
    this.addSql(`drop table if exists "production_order_component" cascade;`);
    this.addSql(`drop table if exists "production_order" cascade;`);
    this.addSql(`drop sequence if exists production_order_seq;`);
  }
}
