import { Migration } from '@mikro-orm/migrations';

/**
 * Subcontract orders (issue 15): the order (numbered `SC-000001` ... from its own sequence; `planned_ref` unique so an
 * MRP suggestion becomes at most one order), its components with the running totals its process moves (the database
 * refuses more consumed, scrapped and returned than was sent), and the supplier's deliveries (one per receipt task).
 */
export class Migration20261202160000_subcontracting extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists subcontract_order_number_seq start 1;`);
    this.addSql(
      `create table "subcontract_order" ("id" serial primary key, "order_number" varchar(30) not null, "supplier_id" int not null, "item_id" int not null, "quantity" numeric(18,3) not null, "due_date" date not null, "fee_per_unit" numeric(18,6) not null, "warehouse_id" int not null, "status" varchar(20) not null default 'draft', "workflow_id" varchar(200) not null, "planned_ref" varchar(120) null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "cancelled_reason" varchar(500) null, "cancelled_by" varchar(64) null, "cancelled_at" timestamptz null, constraint subcontract_order_valid check (quantity > 0 and fee_per_unit >= 0));`,
    );
    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_order_number_unique" unique ("order_number");`,
    );
    this.addSql(`create index "subcontract_order_supplier_id_index" on "subcontract_order" ("supplier_id");`);
    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_workflow_id_unique" unique ("workflow_id");`,
    );
    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_planned_ref_unique" unique ("planned_ref");`,
    );

    this.addSql(
      `create table "subcontract_order_component" ("id" serial primary key, "order_id" int not null, "line_no" int not null, "item_id" int not null, "quantity_per" numeric(18,6) not null, "scrap_percent" numeric(7,4) not null default 0, "provision" varchar(10) not null default 'ours', "customer_id" int null, "required_quantity" numeric(18,3) not null, "sent_quantity" numeric(18,3) not null default 0, "consumed_quantity" numeric(18,3) not null default 0, "scrapped_quantity" numeric(18,3) not null default 0, "returned_quantity" numeric(18,3) not null default 0, constraint subcontract_order_component_valid check (quantity_per > 0 and scrap_percent >= 0 and scrap_percent < 100 and required_quantity >= 0 and sent_quantity >= 0 and consumed_quantity >= 0 and scrapped_quantity >= 0 and returned_quantity >= 0 and consumed_quantity + scrapped_quantity + returned_quantity <= sent_quantity), constraint subcontract_order_component_customer check ((provision = 'customer') = (customer_id is not null)));`,
    );
    this.addSql(
      `alter table "subcontract_order_component" add constraint "subcontract_order_component_order_id_line_no_unique" unique ("order_id", "line_no");`,
    );

    this.addSql(
      `create table "subcontract_delivery" ("id" serial primary key, "order_id" int not null, "delivery_no" int not null, "finished_quantity" numeric(18,3) not null, "lot_code" varchar(60) null, "received_at" timestamptz not null, "reported_consumed" jsonb not null, "reported_scrapped" jsonb not null, "reported_returned" jsonb not null, "fee_accrued" numeric(18,2) not null default 0, "status" varchar(10) not null default 'received', "idempotency_key" varchar(200) not null, "created_at" timestamptz not null, constraint subcontract_delivery_valid check (finished_quantity > 0 and fee_accrued >= 0));`,
    );
    this.addSql(
      `alter table "subcontract_delivery" add constraint "subcontract_delivery_order_id_delivery_no_unique" unique ("order_id", "delivery_no");`,
    );
    this.addSql(
      `alter table "subcontract_delivery" add constraint "subcontract_delivery_idempotency_key_unique" unique ("idempotency_key");`,
    );

    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "subcontract_order" add constraint "subcontract_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "subcontract_order_component" add constraint "subcontract_order_component_order_id_foreign" foreign key ("order_id") references "subcontract_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "subcontract_order_component" add constraint "subcontract_order_component_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "subcontract_order_component" add constraint "subcontract_order_component_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "subcontract_delivery" add constraint "subcontract_delivery_order_id_foreign" foreign key ("order_id") references "subcontract_order" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "subcontract_delivery" cascade;`);
    this.addSql(`drop table if exists "subcontract_order_component" cascade;`);
    this.addSql(`drop table if exists "subcontract_order" cascade;`);
    this.addSql(`drop sequence if exists subcontract_order_number_seq;`);
  }
}
