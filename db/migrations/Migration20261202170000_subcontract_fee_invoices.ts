import { Migration } from '@mikro-orm/migrations';

/**
 * Subcontract fee invoices (issue 15, item 3): a supplier invoice is against a purchase order or a subcontract order
 * (exactly one), and each of its lines against a purchase-order line or a subcontract delivery (exactly one). What a
 * posted fee line cleared of its delivery's accrual, and where the difference went, is its settlement row.
 */
export class Migration20261202170000_subcontract_fee_invoices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "supplier_invoice" alter column "purchase_order_id" drop not null;`);
    this.addSql(`alter table "supplier_invoice" add column "subcontract_order_id" int null;`);
    this.addSql(
      `alter table "supplier_invoice" add constraint "supplier_invoice_subcontract_order_id_foreign" foreign key ("subcontract_order_id") references "subcontract_order" ("id") on update cascade;`,
    );
    this.addSql(
      `create index "supplier_invoice_subcontract_order_id_index" on "supplier_invoice" ("subcontract_order_id");`,
    );
    this.addSql(
      `alter table "supplier_invoice" add constraint supplier_invoice_one_order check (num_nonnulls(purchase_order_id, subcontract_order_id) = 1);`,
    );

    this.addSql(`alter table "supplier_invoice_line" alter column "order_line_id" drop not null;`);
    this.addSql(`alter table "supplier_invoice_line" add column "subcontract_delivery_id" int null;`);
    this.addSql(
      `alter table "supplier_invoice_line" add constraint "supplier_invoice_line_subcontract_delivery_id_foreign" foreign key ("subcontract_delivery_id") references "subcontract_delivery" ("id") on update cascade;`,
    );
    this.addSql(
      `create index "supplier_invoice_line_subcontract_delivery_id_index" on "supplier_invoice_line" ("subcontract_delivery_id");`,
    );
    this.addSql(
      `alter table "supplier_invoice_line" add constraint supplier_invoice_line_one_source check (num_nonnulls(order_line_id, subcontract_delivery_id) = 1);`,
    );

    this.addSql(
      `create table "subcontract_fee_settlement" ("id" serial primary key, "invoice_line_id" int not null, "delivery_id" int not null, "quantity" numeric(18,3) not null, "accrued_cleared" numeric(18,2) not null, "invoiced_net" numeric(18,2) not null, "difference" numeric(18,2) not null, "on_hand" numeric(18,2) not null, "issued" jsonb not null, "explanation" varchar(500) not null, "journal_entry_id" int null, "created_at" timestamptz not null, constraint subcontract_fee_settlement_valid check (quantity > 0));`,
    );
    this.addSql(
      `alter table "subcontract_fee_settlement" add constraint "subcontract_fee_settlement_invoice_line_id_unique" unique ("invoice_line_id");`,
    );
    this.addSql(
      `create index "subcontract_fee_settlement_delivery_id_index" on "subcontract_fee_settlement" ("delivery_id");`,
    );
    this.addSql(
      `alter table "subcontract_fee_settlement" add constraint "subcontract_fee_settlement_invoice_line_id_foreign" foreign key ("invoice_line_id") references "supplier_invoice_line" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "subcontract_fee_settlement" add constraint "subcontract_fee_settlement_delivery_id_foreign" foreign key ("delivery_id") references "subcontract_delivery" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "subcontract_fee_settlement" cascade;`);
    this.addSql(`alter table "supplier_invoice_line" drop constraint supplier_invoice_line_one_source;`);
    this.addSql(`alter table "supplier_invoice_line" drop column "subcontract_delivery_id";`);
    this.addSql(`alter table "supplier_invoice_line" alter column "order_line_id" set not null;`);
    this.addSql(`alter table "supplier_invoice" drop constraint supplier_invoice_one_order;`);
    this.addSql(`alter table "supplier_invoice" drop column "subcontract_order_id";`);
    this.addSql(`alter table "supplier_invoice" alter column "purchase_order_id" set not null;`);
  }
}
