import { Migration } from '@mikro-orm/migrations';

/**
 * Each existing move's offset account: the non-Inventory line of its own journal entry (`move:<id>`), else its move
 * type's default (db/inventory/move-types.ts); transfers and status changes book nothing and stay null.
 */
export const BACKFILL_OFFSET_ACCOUNTS = `update "stock_move" m set "offset_account" = coalesce(
      (select jl.account_code from journal_entry je join journal_line jl on jl.entry_id = je.id
        where je.idempotency_key = 'move:' || m.id and jl.account_code <> '1300' order by jl.id limit 1),
      case
        when m.move_type = 'receipt' then '2100'
        when m.move_type = 'shipment' then '5000'
        when m.move_type = 'issue' then '5300'
        when m.move_type = 'scrap' then '5200'
        when m.move_type = 'adjustment' then '5100'
      end)
     where m.offset_account is null;`;

/**
 * Receipts dated when the goods arrived: a backdated receipt re-values later issues against the account each issue
 * actually booked, so every move now stores its offset account. Existing moves take it from their own journal entry
 * (`move:<id>`), else from their move type's default; the ledger's append-only trigger is paused for that backfill
 * only.
 */
export class Migration20261201133000_receipt_dates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "stock_move" add column "offset_account" varchar(20) null;`);
    this.addSql(`alter table "stock_move" disable trigger stock_move_append_only;`);
    this.addSql(BACKFILL_OFFSET_ACCOUNTS);
    this.addSql(`alter table "stock_move" enable trigger stock_move_append_only;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_move" drop column "offset_account";`);
  }
}
