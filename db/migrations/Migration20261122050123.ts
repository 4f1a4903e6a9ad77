import { Migration } from '@mikro-orm/migrations';

export class Migration20261122050123 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "account" ("code" varchar(20) not null, "name" varchar(120) not null, "type" varchar(12) not null, constraint "account_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "accounting_period" ("code" varchar(7) not null, "starts_on" date not null, "ends_on" date not null, "status" varchar(8) not null default 'open', "closed_at" timestamptz null, "closed_by" varchar(64) null, constraint "accounting_period_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "journal_entry" ("id" serial primary key, "entry_date" timestamptz not null, "period_code" varchar(7) not null, "source_type" varchar(30) not null, "source_ref" varchar(80) not null, "description" varchar(300) not null, "reversal_of_id" int null, "idempotency_key" varchar(200) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "journal_entry" add constraint "journal_entry_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `create index "journal_entry_source_type_source_ref_index" on "journal_entry" ("source_type", "source_ref");`,
    );
    this.addSql(`create index "journal_entry_period_code_index" on "journal_entry" ("period_code");`);

    this.addSql(
      `create table "journal_line" ("id" serial primary key, "entry_id" int not null, "account_code" varchar(20) not null, "debit" numeric(18,2) not null default 0, "credit" numeric(18,2) not null default 0, constraint journal_line_one_side check ((debit >= 0 and credit >= 0) and (debit = 0 or credit = 0) and (debit + credit > 0)));`,
    );
    this.addSql(`create index "journal_line_entry_id_index" on "journal_line" ("entry_id");`);
    this.addSql(`create index "journal_line_account_code_index" on "journal_line" ("account_code");`);

    this.addSql(
      `create table "supplier" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(200) not null, "trusted" boolean not null default false, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "supplier" add constraint "supplier_code_unique" unique ("code");`);

    this.addSql(
      `create table "purchase_order" ("id" serial primary key, "order_number" varchar(30) not null, "supplier_id" int not null, "warehouse_id" int not null, "status" varchar(12) not null default 'open', "workflow_id" varchar(200) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "purchase_order" add constraint "purchase_order_order_number_unique" unique ("order_number");`,
    );
    this.addSql(
      `alter table "purchase_order" add constraint "purchase_order_workflow_id_unique" unique ("workflow_id");`,
    );

    this.addSql(
      `create table "purchase_order_line" ("id" serial primary key, "order_id" int not null, "line_no" int not null, "item_id" int not null, "quantity" numeric(18,3) not null, "unit_cost" numeric(18,6) not null, "received_quantity" numeric(18,3) not null default 0, constraint purchase_order_line_positive check (quantity > 0 and unit_cost >= 0));`,
    );
    this.addSql(
      `alter table "purchase_order_line" add constraint "purchase_order_line_order_id_line_no_unique" unique ("order_id", "line_no");`,
    );

    this.addSql(
      `create table "item_valuation" ("id" serial primary key, "item_id" int not null, "warehouse_id" int null, "quantity" numeric(18,3) not null default 0, "value" numeric(18,2) not null default 0, "last_effective_at" timestamptz null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `create unique index "item_valuation_scope_unique" on "item_valuation" ("item_id", coalesce("warehouse_id", 0));`,
    );

    this.addSql(
      `create table "cost_layer" ("id" serial primary key, "item_id" int not null, "warehouse_id" int null, "source_move_id" int not null, "effective_at" timestamptz not null, "quantity_in" numeric(18,3) not null, "value_in" numeric(18,2) not null, "quantity_remaining" numeric(18,3) not null, "value_remaining" numeric(18,2) not null, constraint cost_layer_remaining_range check (quantity_remaining >= 0 and value_remaining >= 0));`,
    );
    this.addSql(
      `alter table "cost_layer" add constraint "cost_layer_source_move_id_unique" unique ("source_move_id");`,
    );
    this.addSql(
      `create index "cost_layer_item_id_warehouse_id_effective_at_index" on "cost_layer" ("item_id", "warehouse_id", "effective_at");`,
    );

    this.addSql(
      `create table "layer_consumption" ("id" serial primary key, "move_id" int not null, "layer_id" int null, "quantity" numeric(18,3) not null, "value" numeric(18,2) not null);`,
    );
    this.addSql(`create index "layer_consumption_move_id_index" on "layer_consumption" ("move_id");`);
    this.addSql(`create index "layer_consumption_layer_id_index" on "layer_consumption" ("layer_id");`);

    this.addSql(
      `alter table "journal_entry" add constraint "journal_entry_period_code_foreign" foreign key ("period_code") references "accounting_period" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "journal_entry" add constraint "journal_entry_reversal_of_id_foreign" foreign key ("reversal_of_id") references "journal_entry" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "journal_entry" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "journal_line" add constraint "journal_line_account_code_foreign" foreign key ("account_code") references "account" ("code") on update cascade;`,
    );

    this.addSql(
      `alter table "purchase_order" add constraint "purchase_order_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "purchase_order" add constraint "purchase_order_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "purchase_order_line" add constraint "purchase_order_line_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "purchase_order_line" add constraint "purchase_order_line_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "item_valuation" add constraint "item_valuation_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "item_valuation" add constraint "item_valuation_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "cost_layer" add constraint "cost_layer_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "cost_layer" add constraint "cost_layer_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "cost_layer" add constraint "cost_layer_source_move_id_foreign" foreign key ("source_move_id") references "stock_move" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "layer_consumption" add constraint "layer_consumption_move_id_foreign" foreign key ("move_id") references "stock_move" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "layer_consumption" add constraint "layer_consumption_layer_id_foreign" foreign key ("layer_id") references "cost_layer" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "item" add column "valuation_method" varchar(16) not null default 'fifo', add column "valued_per_warehouse" boolean not null default false, add column "list_price" numeric(18,2) not null default 0;`,
    );

    this.addSql(
      `alter table "sales_order_line" add column "unit_price" numeric(18,2) not null default 0, add column "invoiced_quantity" numeric(18,3) not null default 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "journal_line" drop constraint "journal_line_account_code_foreign";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_period_code_foreign";`);

    this.addSql(`alter table "journal_entry" drop constraint "journal_entry_reversal_of_id_foreign";`);

    this.addSql(`alter table "journal_line" drop constraint "journal_line_entry_id_foreign";`);

    this.addSql(`alter table "purchase_order" drop constraint "purchase_order_supplier_id_foreign";`);

    this.addSql(`alter table "purchase_order_line" drop constraint "purchase_order_line_order_id_foreign";`);

    this.addSql(`alter table "layer_consumption" drop constraint "layer_consumption_layer_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "accounting_period" cascade;`);

    this.addSql(`drop table if exists "journal_entry" cascade;`);

    this.addSql(`drop table if exists "journal_line" cascade;`);

    this.addSql(`drop table if exists "supplier" cascade;`);

    this.addSql(`drop table if exists "purchase_order" cascade;`);

    this.addSql(`drop table if exists "purchase_order_line" cascade;`);

    this.addSql(`drop table if exists "item_valuation" cascade;`);

    this.addSql(`drop table if exists "cost_layer" cascade;`);

    this.addSql(`drop table if exists "layer_consumption" cascade;`);

    this.addSql(
      `alter table "item" drop column "valuation_method", drop column "valued_per_warehouse", drop column "list_price";`,
    );

    this.addSql(`alter table "sales_order_line" drop column "unit_price", drop column "invoiced_quantity";`);
  }
}
