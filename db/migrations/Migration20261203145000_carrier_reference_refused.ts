import { Migration } from '@mikro-orm/migrations';

/**
 * A carrier receipt refused by the books (its period closed before it posted) no longer holds its carrier and
 * reference: the clerk enters the same carrier document again, dated in an open period. The uniqueness that keeps a
 * document from being entered or posted twice now covers only the receipts that are posting or posted.
 */
export class Migration20261203145000_carrier_reference_refused extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "carrier_receipt" drop constraint "carrier_receipt_carrier_reference_unique";`);
    this.addSql(
      `create unique index "carrier_receipt_carrier_reference_unique" on "carrier_receipt" ("carrier_id", "reference") where status <> 'refused';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "carrier_receipt_carrier_reference_unique";`);
    this.addSql(
      `alter table "carrier_receipt" add constraint "carrier_receipt_carrier_reference_unique" unique ("carrier_id", "reference");`,
    );
  }
}
