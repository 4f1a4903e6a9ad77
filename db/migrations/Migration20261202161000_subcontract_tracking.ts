import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes of the subcontract tracking reports (api/reports/subcontract-tracking-*.ts; measured by
 * bench/subcontract-tracking.bench.ts over 10,000 orders): the report pages by due date, for all suppliers or one,
 * and filters by status; the supplier view and stock at suppliers read only the `at-supplier` balances, a sliver of
 * stock_balance, which a partial index keeps small.
 */
export class Migration20261202161000_subcontract_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "subcontract_order_due_date_index" on "subcontract_order" ("due_date", "id");`);
    this.addSql(
      `create index "subcontract_order_supplier_due_date_index" on "subcontract_order" ("supplier_id", "due_date", "id");`,
    );
    this.addSql(`create index "subcontract_order_status_index" on "subcontract_order" ("status");`);
    this.addSql(
      `create index "stock_balance_at_supplier_index" on "stock_balance" ("location_id", "item_id") where status = 'at-supplier';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "stock_balance_at_supplier_index";`);
    this.addSql(`drop index if exists "subcontract_order_status_index";`);
    this.addSql(`drop index if exists "subcontract_order_supplier_due_date_index";`);
    this.addSql(`drop index if exists "subcontract_order_due_date_index";`);
  }
}
