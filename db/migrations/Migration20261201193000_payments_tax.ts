import { Migration } from '@mikro-orm/migrations';

/**
 * Tax rates as master data (a zero rate is the default, so invoices of items without a tax code keep their figures),
 * the tax rate an item is sold at, customer invoices split into net and tax with their tax lines (existing invoices:
 * all net, no tax), and payments in and out with their allocations to customer and supplier invoices.
 */
export class Migration20261201193000_payments_tax extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "tax_rate" ("code" varchar(20) not null, "name" varchar(120) not null,
      "rate" numeric(7,4) not null, "is_default" boolean not null default false, "active" boolean not null default true,
      constraint "tax_rate_pkey" primary key ("code"), constraint tax_rate_rate_range check (rate >= 0 and rate <= 100));`);
    this.addSql(`insert into "tax_rate" ("code", "name", "rate", "is_default") values
      ('ZERO', 'Zero rate', 0, true), ('STD', 'Standard rate', 20, false), ('RED', 'Reduced rate', 7, false)
      on conflict ("code") do nothing;`);

    this.addSql(`alter table "item" add column "tax_rate_code" varchar(20) null;`);
    this.addSql(
      `alter table "item" add constraint "item_tax_rate_code_foreign" foreign key ("tax_rate_code") references "tax_rate" ("code") on update cascade on delete set null;`,
    );

    this.addSql(`alter table "customer_invoice" add column "net_amount" numeric(18,2) not null default 0,
      add column "tax_amount" numeric(18,2) not null default 0;`);
    this.addSql(`update "customer_invoice" set "net_amount" = "amount";`);
    this.addSql(`create table "customer_invoice_tax_line" ("id" serial primary key, "invoice_id" int not null,
      "tax_rate_code" varchar(20) not null, "rate" numeric(7,4) not null, "net_amount" numeric(18,2) not null,
      "tax_amount" numeric(18,2) not null);`);
    this.addSql(
      `alter table "customer_invoice_tax_line" add constraint "customer_invoice_tax_line_invoice_id_tax_rate_code_unique" unique ("invoice_id", "tax_rate_code");`,
    );
    this.addSql(
      `alter table "customer_invoice_tax_line" add constraint "customer_invoice_tax_line_invoice_id_foreign" foreign key ("invoice_id") references "customer_invoice" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "customer_invoice_tax_line" add constraint "customer_invoice_tax_line_tax_rate_code_foreign" foreign key ("tax_rate_code") references "tax_rate" ("code") on update cascade;`,
    );

    this.addSql(`create table "payment" ("id" serial primary key, "payment_number" varchar(30) not null,
      "kind" text check ("kind" in ('customer-receipt', 'supplier-payment')) not null, "customer_id" int null,
      "supplier_id" int null, "amount" numeric(18,2) not null, "paid_on" date not null, "reference" varchar(80) null,
      "source" text check ("source" in ('entered', 'import')) not null default 'entered', "journal_entry_id" int null,
      "created_by" varchar(64) not null, "created_at" timestamptz not null,
      constraint payment_amount_positive check (amount > 0),
      constraint payment_one_partner check ((kind = 'customer-receipt' and customer_id is not null and supplier_id is null) or (kind = 'supplier-payment' and supplier_id is not null and customer_id is null)));`);
    this.addSql(`alter table "payment" add constraint "payment_payment_number_unique" unique ("payment_number");`);
    this.addSql(`create index "payment_customer_id_index" on "payment" ("customer_id");`);
    this.addSql(`create index "payment_supplier_id_index" on "payment" ("supplier_id");`);
    this.addSql(`create index "payment_paid_on_index" on "payment" ("paid_on");`);
    this.addSql(
      `alter table "payment" add constraint "payment_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "payment" add constraint "payment_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create sequence if not exists "payment_number_seq";`);

    this.addSql(`create table "payment_allocation" ("id" serial primary key, "payment_id" int not null,
      "customer_invoice_id" int null, "supplier_invoice_id" int null, "amount" numeric(18,2) not null,
      constraint payment_allocation_amount_positive check (amount > 0),
      constraint payment_allocation_one_invoice check ((customer_invoice_id is null) <> (supplier_invoice_id is null)));`);
    this.addSql(`create index "payment_allocation_payment_id_index" on "payment_allocation" ("payment_id");`);
    this.addSql(
      `create index "payment_allocation_customer_invoice_id_index" on "payment_allocation" ("customer_invoice_id");`,
    );
    this.addSql(
      `create index "payment_allocation_supplier_invoice_id_index" on "payment_allocation" ("supplier_invoice_id");`,
    );
    this.addSql(
      `alter table "payment_allocation" add constraint "payment_allocation_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "payment_allocation" add constraint "payment_allocation_customer_invoice_id_foreign" foreign key ("customer_invoice_id") references "customer_invoice" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "payment_allocation" add constraint "payment_allocation_supplier_invoice_id_foreign" foreign key ("supplier_invoice_id") references "supplier_invoice" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "payment_allocation" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop sequence if exists "payment_number_seq";`);
    this.addSql(`drop table if exists "customer_invoice_tax_line" cascade;`);
    this.addSql(`alter table "customer_invoice" drop column "net_amount", drop column "tax_amount";`);
    this.addSql(`alter table "item" drop constraint "item_tax_rate_code_foreign";`);
    this.addSql(`alter table "item" drop column "tax_rate_code";`);
    this.addSql(`drop table if exists "tax_rate" cascade;`);
  }
}
