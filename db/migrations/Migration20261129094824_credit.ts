import { Migration } from '@mikro-orm/migrations';

export class Migration20261129094824_credit extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "customer_invoice" ("id" serial primary key, "invoice_number" varchar(30) not null, "customer_id" int not null, "order_number" varchar(30) not null, "amount" numeric(18,2) not null, "paid_amount" numeric(18,2) not null default 0, "issued_on" date not null, "due_on" date not null, "journal_entry_id" int null, "created_at" timestamptz not null, constraint customer_invoice_paid_within_amount check (paid_amount >= 0 and paid_amount <= amount));`,
    );
    this.addSql(
      `alter table "customer_invoice" add constraint "customer_invoice_invoice_number_unique" unique ("invoice_number");`,
    );
    this.addSql(`create index "customer_invoice_order_number_index" on "customer_invoice" ("order_number");`);
    this.addSql(
      `create index "customer_invoice_customer_id_due_on_index" on "customer_invoice" ("customer_id", "due_on");`,
    );

    this.addSql(
      `alter table "customer_invoice" add constraint "customer_invoice_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`,
    );

    this.addSql(`alter table "customer" add column "payment_terms_days" int not null default 30;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_invoice" cascade;`);

    this.addSql(`alter table "customer" drop column "payment_terms_days";`);
  }
}
