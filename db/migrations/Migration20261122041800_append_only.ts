import { Migration } from '@mikro-orm/migrations';

/**
 * The stock ledger and the audit log are append-only by law of the business, not by convention: the
 * database itself refuses UPDATE and DELETE on them. Corrections are new rows (reversals).
 */
export class Migration20261122041800_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function millwright_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'table % is append-only (% refused)', tg_table_name, tg_op using errcode = 'P0001';
      end $$;`);
    this.addSql(`create trigger stock_move_append_only before update or delete on "stock_move"
      for each row execute function millwright_refuse_change();`);
    this.addSql(`create trigger audit_log_append_only before update or delete on "audit_log"
      for each row execute function millwright_refuse_change();`);
    this.addSql(`create sequence if not exists sales_order_number_seq start 1000;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_log_append_only on "audit_log";`);
    this.addSql(`drop trigger if exists stock_move_append_only on "stock_move";`);
    this.addSql(`drop function if exists millwright_refuse_change();`);
    this.addSql(`drop sequence if exists sales_order_number_seq;`);
  }
}
