import { Migration } from '@mikro-orm/migrations';

/** A simulation's hypothetical changes (extra demand, changed lead times): null for every run before them. */
export class Migration20261202152000_mrp_what_if extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mrp_run" add column "what_if" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mrp_run" drop column "what_if";`);
  }
}
