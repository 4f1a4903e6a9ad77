import { Migration } from '@mikro-orm/migrations';

/**
 * A month's journal lines found through their entries without reading the ledger: journal_line by entry_id with the
 * account and amounts included, so the trial balance from the closing balances, the close's proof and its closing
 * balances read a month's lines by an index-only nested loop over the month's entries (journal_entry by period_code)
 * instead of hashing every line ever posted. Before it, the trial balance of a month of 10,000 lines beside a
 * 1,000,000-line month scanned all 1,020,000 lines (npm run bench -- --only=period-close).
 */
export class Migration20261203155000_journal_line_entry_cover extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "journal_line_entry_cover_index" on "journal_line" ("entry_id")
      include ("account_code", "debit", "credit");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "journal_line_entry_cover_index";`);
  }
}
