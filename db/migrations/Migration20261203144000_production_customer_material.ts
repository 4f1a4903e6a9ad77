import { Migration } from '@mikro-orm/migrations';

/**
 * Customer-supplied material as components of production orders (issue 15 part 4). A BOM line says who provides its
 * component (`provision`: `ours`, or `customer` = the customer the order makes it for supplies it); a production order
 * may name that customer (`customer_id`, null = made for stock); release copies the line's provision onto the order's
 * component, whose kit then takes only that customer's stock and moves it at no value (no Inventory, no WIP). A
 * customer who has production orders cannot be deleted (restrict), as with their stock.
 */
export class Migration20261203144000_production_customer_material extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "bom_line" add column "provision" varchar(10) not null default 'ours';`);
    this.addSql(
      `alter table "bom_line" add constraint "bom_line_provision" check (provision = 'ours' or provision = 'customer');`,
    );
    this.addSql(`alter table "production_order" add column "customer_id" int null;`);
    this.addSql(
      `alter table "production_order" add constraint "production_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`create index "production_order_customer_id_index" on "production_order" ("customer_id");`);
    this.addSql(`alter table "production_order_component" add column "provision" varchar(10) not null default 'ours';`);
    this.addSql(
      `alter table "production_order_component" add constraint "production_order_component_provision" check (provision = 'ours' or provision = 'customer');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "production_order_component" drop constraint if exists "production_order_component_provision";`,
    );
    this.addSql(`alter table "production_order_component" drop column if exists "provision";`);
    this.addSql(`drop index if exists "production_order_customer_id_index";`);
    this.addSql(`alter table "production_order" drop constraint if exists "production_order_customer_id_foreign";`);
    this.addSql(`alter table "production_order" drop column if exists "customer_id";`);
    this.addSql(`alter table "bom_line" drop constraint if exists "bom_line_provision";`);
    this.addSql(`alter table "bom_line" drop column if exists "provision";`);
  }
}
