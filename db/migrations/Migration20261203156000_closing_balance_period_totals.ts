import { Migration } from '@mikro-orm/migrations';

/**
 * The month's own debits and credits per account, stored with its closing balances (issue 17, trial balance under 1 s
 * from the closing balances): a closed month's trial balance then reads them instead of summing the month's lines
 * again (a month of 1,000,000 lines: about 2x a plain SUM ... GROUP BY, `npm run bench -- --only=period-close`).
 * Balances stored before this column exist get the totals of their month's lines.
 */
export class Migration20261203156000_closing_balance_period_totals extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "period_closing_balance" add column "period_debit" numeric(18,2) not null default 0, add column "period_credit" numeric(18,2) not null default 0;`,
    );
    this.addSql(
      `update "period_closing_balance" b set "period_debit" = m.debit, "period_credit" = m.credit
         from (select je.period_code, jl.account_code, sum(jl.debit) as debit, sum(jl.credit) as credit
                 from journal_line jl join journal_entry je on je.id = jl.entry_id
                where je.period_code in (select distinct period_code from period_closing_balance)
                group by je.period_code, jl.account_code) m
        where b.period_code = m.period_code and b.account_code = m.account_code;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "period_closing_balance" drop column if exists "period_debit", drop column if exists "period_credit";`,
    );
  }
}
