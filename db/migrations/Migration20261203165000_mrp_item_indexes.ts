import { Migration } from '@mikro-orm/migrations';

/**
 * Open demand and supply by item: MRP's net change reads the fresh sales-order lines, purchase-order lines and
 * production components of the few hundred items one order affects. Without these indexes each read scanned every
 * line (100,000 sales-order lines on the bench's company: most of net change's time, npm run bench -- --only=mrp).
 */
export class Migration20261203165000_mrp_item_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "sales_order_line_item_id_index" on "sales_order_line" ("item_id");`);
    this.addSql(`create index "purchase_order_line_item_id_index" on "purchase_order_line" ("item_id");`);
    this.addSql(`create index "production_order_component_item_id_index" on "production_order_component" ("item_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "sales_order_line_item_id_index";`);
    this.addSql(`drop index if exists "purchase_order_line_item_id_index";`);
    this.addSql(`drop index if exists "production_order_component_item_id_index";`);
  }
}
