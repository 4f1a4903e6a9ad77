import { Migration } from '@mikro-orm/migrations';

/**
 * The receipt move whose FIFO layer an issue took first (issue 15: a subcontract delivery the quality gate sent back
 * and its re-delivery, db/inventory/own-layer.ts), stored on the move so that a re-valuation replaying the scope after
 * a backdated receipt takes the same layer first instead of re-costing the issue from the oldest layers. Existing
 * moves keep null (plain FIFO, as their re-valuations did until now).
 */
export class Migration20261204010000_stock_move_from_layer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "stock_move" add column "from_layer_of_move_id" int null;`);
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_from_layer_of_move_id_foreign" foreign key ("from_layer_of_move_id") references "stock_move" ("id") on update cascade on delete restrict;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_move" drop constraint if exists "stock_move_from_layer_of_move_id_foreign";`);
    this.addSql(`alter table "stock_move" drop column if exists "from_layer_of_move_id";`);
  }
}
