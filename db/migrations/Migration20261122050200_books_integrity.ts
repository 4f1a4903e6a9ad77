import { Migration } from '@mikro-orm/migrations';

/**
 * The books guard themselves: journal entries and lines are immutable (corrections are reversals), and a
 * deferred constraint trigger refuses to commit any entry whose debits and credits differ. Seeds the chart
 * of accounts every posting refers to.
 */
export class Migration20261122050200_books_integrity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create trigger journal_entry_append_only before update or delete on "journal_entry"
      for each row execute function millwright_refuse_change();`);
    this.addSql(`create trigger journal_line_append_only before update or delete on "journal_line"
      for each row execute function millwright_refuse_change();`);
    this.addSql(`create or replace function millwright_entry_balances() returns trigger language plpgsql as $$
      declare difference numeric;
      begin
        select coalesce(sum(debit), 0) - coalesce(sum(credit), 0) into difference
          from journal_line where entry_id = new.entry_id;
        if difference <> 0 then
          raise exception 'journal entry % does not balance (debit - credit = %)', new.entry_id, difference
            using errcode = 'P0002';
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger journal_line_balanced after insert on "journal_line"
      deferrable initially deferred for each row execute function millwright_entry_balances();`);
    this.addSql(`insert into account (code, name, type) values
      ('1100', 'Accounts receivable', 'asset'),
      ('1300', 'Inventory', 'asset'),
      ('2100', 'Goods received not invoiced', 'liability'),
      ('2200', 'Accounts payable', 'liability'),
      ('3000', 'Opening balance equity', 'equity'),
      ('4000', 'Revenue', 'revenue'),
      ('5000', 'Cost of goods sold', 'expense'),
      ('5100', 'Inventory adjustments', 'expense'),
      ('5200', 'Scrap', 'expense'),
      ('5300', 'Material consumption', 'expense')
      on conflict (code) do nothing;`);
    this.addSql(`create sequence if not exists purchase_order_number_seq start 1000;`);
    this.addSql(`create sequence if not exists invoice_number_seq start 1000;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists journal_line_balanced on "journal_line";`);
    this.addSql(`drop function if exists millwright_entry_balances();`);
    this.addSql(`drop trigger if exists journal_line_append_only on "journal_line";`);
    this.addSql(`drop trigger if exists journal_entry_append_only on "journal_entry";`);
    this.addSql(`drop sequence if exists purchase_order_number_seq;`);
    this.addSql(`drop sequence if exists invoice_number_seq;`);
  }
}
