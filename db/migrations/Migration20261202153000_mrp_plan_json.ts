import { Migration } from '@mikro-orm/migrations';

/**
 * A plan's grids, supplies' pegging and planned orders' pegs are stored as `json`, not `jsonb`: they are written in
 * bulk by every run (about 190 MB of JSON for 10,000 items over 52 weeks) and read back whole, never searched inside
 * by an index, and converting every value to jsonb on the way in took a third of the time to store a plan
 * (bench/mrp.bench.ts). Queries that look inside cast (`::jsonb`).
 */
export class Migration20261202153000_mrp_plan_json extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "mrp_item_plan" alter column "rows" type json using "rows"::json, alter column "supplies" type json using "supplies"::json;`,
    );
    this.addSql(`alter table "mrp_planned_order" alter column "pegs" type json using "pegs"::json;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "mrp_item_plan" alter column "rows" type jsonb using "rows"::jsonb, alter column "supplies" type jsonb using "supplies"::jsonb;`,
    );
    this.addSql(`alter table "mrp_planned_order" alter column "pegs" type jsonb using "pegs"::jsonb;`);
  }
}
