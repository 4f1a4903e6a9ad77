import { Migration } from '@mikro-orm/migrations';

/**
 * Planned orders leave room in each page (fillfactor 85): net change rewrites a few thousand suggestions of a plan
 * that a run wrote in bulk, and with the pages full every new row version went to another page and into all three
 * indexes. With room beside it the version stays on its page and the indexes are not touched (a HOT update, as none
 * of the columns net change writes is indexed). PostgreSQL's time for net change's update of them, 11 net changes on
 * the bench's live plan (bench/mrp-net-change.bench.ts, pg_stat_statements): 272 and 222 ms full, 167 and 151 ms with
 * the room. Rows already stored keep their pages; runs stored from now on get it.
 */
export class Migration20261204170000_mrp_planned_order_fillfactor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" set (fillfactor = 85);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" reset (fillfactor);`);
  }
}
