import { Migration } from '@mikro-orm/migrations';

/**
 * Room on each page of the planned orders for net change's updates: it rewrites a few thousand suggestions' quantities
 * and dates in place, none of them indexed columns, so with free space on the row's own page PostgreSQL writes the new
 * version there without touching the table's three indexes (a HOT update). A regenerative run writes its plan into
 * fresh pages, which keep the space.
 */
export class Migration20261203166000_mrp_planned_order_fillfactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" set (fillfactor = 85);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" reset (fillfactor);`);
  }
}
