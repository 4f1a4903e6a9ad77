import { Migration } from '@mikro-orm/migrations';

/**
 * Carrier receipts (issue 15, item 2): freight and other additional costs on receipts, received as their own document
 * from a carrier (a supplier record) and spread over the receipt moves of the deliveries they cover by the
 * cost-distribution rules. One document per carrier and reference (the carrier's receipt number), so it is never
 * entered or posted twice; the decision and each line's share are stored with it when its process posts it.
 */
export class Migration20261203120000_carrier_receipts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists carrier_receipt_number_seq start 1;`);
    this.addSql(
      `create table "carrier_receipt" ("id" serial primary key, "receipt_number" varchar(30) not null, "carrier_id" int not null, "reference" varchar(60) not null, "receipt_date" date not null, "amount" numeric(18,2) not null, "status" varchar(10) not null default 'posting', "workflow_id" varchar(200) not null, "rule_set_id" int null, "rule_set_version" int null, "rule" varchar(120) null, "policy_basis" varchar(20) null, "basis" varchar(20) null, "rounding" varchar(20) null, "facts" jsonb null, "outranked" jsonb not null, "reason" varchar(1000) null, "decision_id" int null, "journal_entry_id" int null, "refusal" varchar(500) null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "posted_at" timestamptz null, constraint carrier_receipt_valid check (amount > 0));`,
    );
    this.addSql(
      `alter table "carrier_receipt" add constraint "carrier_receipt_receipt_number_unique" unique ("receipt_number");`,
    );
    this.addSql(
      `alter table "carrier_receipt" add constraint "carrier_receipt_workflow_id_unique" unique ("workflow_id");`,
    );
    this.addSql(
      `alter table "carrier_receipt" add constraint "carrier_receipt_carrier_reference_unique" unique ("carrier_id", "reference");`,
    );
    this.addSql(`create index "carrier_receipt_carrier_id_index" on "carrier_receipt" ("carrier_id");`);
    this.addSql(`create index "carrier_receipt_date_index" on "carrier_receipt" ("receipt_date", "id");`);
    this.addSql(
      `alter table "carrier_receipt" add constraint "carrier_receipt_carrier_id_foreign" foreign key ("carrier_id") references "supplier" ("id") on update cascade;`,
    );

    this.addSql(
      `create table "carrier_receipt_line" ("id" serial primary key, "receipt_id" int not null, "line_no" int not null, "delivery_reference" varchar(40) not null, "kind" varchar(20) not null, "order_number" varchar(30) not null, "delivery_no" int not null, "receipt_move_id" int not null, "item_sku" varchar(40) not null, "quantity" numeric(18,3) not null, "basis_value" double precision null, "share" numeric(18,2) null, "on_hand" numeric(18,2) null, "issued" jsonb not null, "explanation" varchar(500) null);`,
    );
    this.addSql(
      `alter table "carrier_receipt_line" add constraint "carrier_receipt_line_no_unique" unique ("receipt_id", "line_no");`,
    );
    this.addSql(
      `alter table "carrier_receipt_line" add constraint "carrier_receipt_line_move_unique" unique ("receipt_id", "receipt_move_id");`,
    );
    this.addSql(
      `create index "carrier_receipt_line_receipt_move_id_index" on "carrier_receipt_line" ("receipt_move_id");`,
    );
    this.addSql(
      `alter table "carrier_receipt_line" add constraint "carrier_receipt_line_receipt_id_foreign" foreign key ("receipt_id") references "carrier_receipt" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "carrier_receipt_line" cascade;`);
    this.addSql(`drop table if exists "carrier_receipt" cascade;`);
    this.addSql(`drop sequence if exists carrier_receipt_number_seq;`);
  }
}
