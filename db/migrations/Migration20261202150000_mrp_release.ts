import { Migration } from '@mikro-orm/migrations';

/**
 * MRP release (issue 14): a released planned order records the purchase or production order made of it and when;
 * existing planned orders have none (null).
 */
export class Migration20261202150000_mrp_release extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "mrp_planned_order" add column "document_number" varchar(20) null, add column "released_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "mrp_planned_order" drop column "document_number", drop column "released_at";`);
  }
}
