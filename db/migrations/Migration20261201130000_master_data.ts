import { Migration } from '@mikro-orm/migrations';

/**
 * Master data managed through the API: item attributes (ABC class, weight, safety stock, unit conversions, lead
 * time that may be unknown), item-supplier records, customer ship-to addresses, supplier payment terms, and an
 * active flag on items, customers and suppliers. Existing rows stay active; each customer's one address becomes
 * its first ship-to address.
 */
export class Migration20261201130000_master_data extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "item" add column "abc_class" varchar(1) null, add column "weight_kg" numeric(18,3) null, add column "safety_stock" numeric(18,3) null, add column "active" boolean not null default true;`,
    );
    // Lead time may be unknown: null, not 0. Existing values are kept as they are.
    this.addSql(`alter table "item" alter column "lead_time_days" drop default;`);
    this.addSql(`alter table "item" alter column "lead_time_days" drop not null;`);

    this.addSql(
      `create table "item_uom_conversion" ("id" serial primary key, "item_id" int not null, "uom" varchar(12) not null, "factor" numeric(18,6) not null, constraint item_uom_conversion_factor_positive check (factor > 0));`,
    );
    this.addSql(
      `alter table "item_uom_conversion" add constraint "item_uom_conversion_item_id_uom_unique" unique ("item_id", "uom");`,
    );
    this.addSql(
      `alter table "item_uom_conversion" add constraint "item_uom_conversion_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "item_supplier" ("id" serial primary key, "item_id" int not null, "supplier_id" int not null, "price" numeric(18,6) not null, "lead_time_days" int null, "min_order_quantity" numeric(18,3) null, "order_multiple" numeric(18,3) null, "preferred" boolean not null default false, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "item_supplier_supplier_id_index" on "item_supplier" ("supplier_id");`);
    this.addSql(
      `alter table "item_supplier" add constraint "item_supplier_item_id_supplier_id_unique" unique ("item_id", "supplier_id");`,
    );
    this.addSql(
      `alter table "item_supplier" add constraint "item_supplier_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "item_supplier" add constraint "item_supplier_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "customer_ship_to" ("id" serial primary key, "customer_id" int not null, "code" varchar(40) not null, "address" varchar(400) not null, "position" int not null);`,
    );
    this.addSql(
      `alter table "customer_ship_to" add constraint "customer_ship_to_customer_id_code_unique" unique ("customer_id", "code");`,
    );
    this.addSql(
      `alter table "customer_ship_to" add constraint "customer_ship_to_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `insert into "customer_ship_to" ("customer_id", "code", "address", "position") select "id", 'MAIN', "ship_to_address", 1 from "customer";`,
    );
    this.addSql(`alter table "customer" add column "active" boolean not null default true;`);

    this.addSql(
      `alter table "supplier" add column "payment_terms_days" int not null default 30, add column "active" boolean not null default true;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "item_uom_conversion" cascade;`);
    this.addSql(`drop table if exists "item_supplier" cascade;`);
    this.addSql(`drop table if exists "customer_ship_to" cascade;`);
    this.addSql(`update "item" set "lead_time_days" = 0 where "lead_time_days" is null;`);
    this.addSql(
      `alter table "item" alter column "lead_time_days" set not null, alter column "lead_time_days" set default 0;`,
    );
    this.addSql(
      `alter table "item" drop column "abc_class", drop column "weight_kg", drop column "safety_stock", drop column "active";`,
    );
    this.addSql(`alter table "customer" drop column "active";`);
    this.addSql(`alter table "supplier" drop column "payment_terms_days", drop column "active";`);
  }
}
