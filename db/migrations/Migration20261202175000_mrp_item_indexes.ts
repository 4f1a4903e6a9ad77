import { Migration } from '@mikro-orm/migrations';

/**
 * A run's planned orders and exception messages by item: an item's grid, its derived pegging and net change's replace
 * of an item's suggestions read them by run and item, and with only (run, ref) indexed each scanned all of a large
 * run's 230,000 orders (bench/mrp.bench.ts: a leaf's grid read 364 ms).
 */
export class Migration20261202175000_mrp_item_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "mrp_planned_order_run_id_item_id_index" on "mrp_planned_order" ("run_id", "item_id");`);
    this.addSql(`create index "mrp_exception_run_id_item_id_index" on "mrp_exception" ("run_id", "item_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "mrp_exception_run_id_item_id_index";`);
    this.addSql(`drop index "mrp_planned_order_run_id_item_id_index";`);
  }
}
