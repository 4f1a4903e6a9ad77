import { Migration } from '@mikro-orm/migrations';

/**
 * A run's planned orders and exception messages without foreign keys to the run and the item. A large run writes
 * 230,000 orders, and the two keys' per-row checks were half of each low-level code's statement (EXPLAIN ANALYZE on
 * the bench plan: 1.6 s of 3.5 s for 60,000 orders). The rows are derived data written only by the plan's store, in
 * one statement with their run's row updated beside them and item ids read from the item table (items are never
 * deleted); nothing deletes runs (a deleted run would leave its orders and messages: delete them with it).
 */
export class Migration20261202181000_mrp_plan_rows_unchecked extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" drop constraint "mrp_planned_order_run_id_foreign";`);
    this.addSql(`alter table "mrp_planned_order" drop constraint "mrp_planned_order_item_id_foreign";`);
    this.addSql(`alter table "mrp_exception" drop constraint "mrp_exception_run_id_foreign";`);
    this.addSql(`alter table "mrp_exception" drop constraint "mrp_exception_item_id_foreign";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "mrp_planned_order" add constraint "mrp_planned_order_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mrp_planned_order" add constraint "mrp_planned_order_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "mrp_exception" add constraint "mrp_exception_run_id_foreign" foreign key ("run_id") references "mrp_run" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mrp_exception" add constraint "mrp_exception_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
  }
}
