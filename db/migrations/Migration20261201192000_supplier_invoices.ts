import { Migration } from '@mikro-orm/migrations';

/**
 * Supplier invoices (issue 12, three-way match): the invoice, its lines against purchase-order lines, and which
 * receipt moves each line cleared from GRNI. The accounts it posts to (1510, 2200, 5400) exist since
 * Migration20261201132000_accounts_settings; the default `invoice-match` rule set is seeded with the others.
 */
export class Migration20261201192000_supplier_invoices extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "supplier_invoice" ("id" serial primary key, "invoice_number" varchar(30) not null, "supplier_id" int not null, "purchase_order_id" int not null, "invoice_date" date not null, "due_date" date not null, "net_total" numeric(18,2) not null, "tax_total" numeric(18,2) not null, "gross_total" numeric(18,2) not null, "paid_amount" numeric(18,2) not null default 0, "status" varchar(20) not null default 'matching', "workflow_id" varchar(200) not null, "match_decision_id" int null, "journal_entry_id" int null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "decided_at" timestamptz null, "decided_by" varchar(64) null, constraint supplier_invoice_paid_within_gross check (paid_amount >= 0 and paid_amount <= gross_total));`,
    );
    this.addSql(`create index "supplier_invoice_purchase_order_id_index" on "supplier_invoice" ("purchase_order_id");`);
    this.addSql(
      `alter table "supplier_invoice" add constraint "supplier_invoice_workflow_id_unique" unique ("workflow_id");`,
    );
    this.addSql(`create index "supplier_invoice_status_due_date_index" on "supplier_invoice" ("status", "due_date");`);
    this.addSql(
      `alter table "supplier_invoice" add constraint "supplier_invoice_supplier_id_invoice_number_unique" unique ("supplier_id", "invoice_number");`,
    );

    this.addSql(
      `create table "supplier_invoice_line" ("id" serial primary key, "invoice_id" int not null, "line_no" int not null, "order_line_id" int not null, "quantity" numeric(18,3) not null, "unit_price_net" numeric(18,6) not null, "net_amount" numeric(18,2) not null, "tax_rate" numeric(7,3) not null, "tax_amount" numeric(18,2) not null, constraint supplier_invoice_line_positive check (quantity > 0 and unit_price_net >= 0 and tax_rate >= 0));`,
    );
    this.addSql(
      `create index "supplier_invoice_line_order_line_id_index" on "supplier_invoice_line" ("order_line_id");`,
    );
    this.addSql(
      `alter table "supplier_invoice_line" add constraint "supplier_invoice_line_invoice_id_line_no_unique" unique ("invoice_id", "line_no");`,
    );

    this.addSql(
      `create table "supplier_invoice_match" ("id" serial primary key, "invoice_line_id" int not null, "receipt_move_id" int not null, "quantity" numeric(18,3) not null, "receipt_unit_cost" numeric(18,6) not null, constraint supplier_invoice_match_positive check (quantity > 0));`,
    );
    this.addSql(
      `create index "supplier_invoice_match_receipt_move_id_index" on "supplier_invoice_match" ("receipt_move_id");`,
    );
    this.addSql(
      `alter table "supplier_invoice_match" add constraint "supplier_invoice_match_invoice_line_id_receipt_move_id_unique" unique ("invoice_line_id", "receipt_move_id");`,
    );

    this.addSql(
      `alter table "supplier_invoice" add constraint "supplier_invoice_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "supplier_invoice" add constraint "supplier_invoice_purchase_order_id_foreign" foreign key ("purchase_order_id") references "purchase_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "supplier_invoice_line" add constraint "supplier_invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "supplier_invoice" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_invoice_line" add constraint "supplier_invoice_line_order_line_id_foreign" foreign key ("order_line_id") references "purchase_order_line" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "supplier_invoice_match" add constraint "supplier_invoice_match_invoice_line_id_foreign" foreign key ("invoice_line_id") references "supplier_invoice_line" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_invoice_match" add constraint "supplier_invoice_match_receipt_move_id_foreign" foreign key ("receipt_move_id") references "stock_move" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supplier_invoice_match" cascade;`);
    this.addSql(`drop table if exists "supplier_invoice_line" cascade;`);
    this.addSql(`drop table if exists "supplier_invoice" cascade;`);
  }
}
