import { Migration } from '@mikro-orm/migrations';

/**
 * Pegging is derived when read instead of stored with every planned order: a 10,000-item run's pegs were about a
 * million entries (85 MB of JSON) and writing them was most of the time to store a plan (bench/mrp.bench.ts). An
 * item's plan keeps the inputs it was netted from (`inputs`), from which its orders' and supplies' pegs are computed
 * again; runs stored before keep their stored pegs (`inputs` null), new ones store none (`pegs`, `supplies` null).
 */
export class Migration20261202174000_mrp_pegs_on_read extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mrp_item_plan" add column "inputs" json null;`);
    this.addSql(`alter table "mrp_item_plan" alter column "supplies" drop not null;`);
    this.addSql(`alter table "mrp_planned_order" alter column "pegs" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update "mrp_planned_order" set "pegs" = '[]' where "pegs" is null;`);
    this.addSql(`alter table "mrp_planned_order" alter column "pegs" set not null;`);
    this.addSql(`update "mrp_item_plan" set "supplies" = '[]' where "supplies" is null;`);
    this.addSql(`alter table "mrp_item_plan" alter column "supplies" set not null;`);
    this.addSql(`alter table "mrp_item_plan" drop column "inputs";`);
  }
}
