import { Migration } from '@mikro-orm/migrations';

/**
 * Supplier returns: the return document (numbered from its own sequence, `SR-001000` ...) and its lines, each naming
 * the receipt move its goods came in with, so the posting knows the FIFO layer and the GRNI it reverses.
 */
export class Migration20261201191000_supplier_returns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists supplier_return_number_seq start 1000;`);
    this.addSql(
      `create table "supplier_return" ("id" serial primary key, "return_number" varchar(30) not null, "purchase_order_id" int not null, "replace" boolean not null default false, "status" varchar(12) not null default 'open', "workflow_id" varchar(200) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "posted_by" varchar(64) null, "posted_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "supplier_return" add constraint "supplier_return_return_number_unique" unique ("return_number");`,
    );
    this.addSql(`create index "supplier_return_purchase_order_id_index" on "supplier_return" ("purchase_order_id");`);
    this.addSql(
      `alter table "supplier_return" add constraint "supplier_return_workflow_id_unique" unique ("workflow_id");`,
    );
    this.addSql(
      `create table "supplier_return_line" ("id" serial primary key, "return_id" int not null, "line_no" int not null, "order_line_id" int not null, "receipt_move_id" int not null, "lot_code" varchar(40) null, "quantity" numeric(18,3) not null, "reason" varchar(200) not null, "grni_quantity" numeric(18,3) not null default 0, "value" numeric(18,2) not null default 0, "grni_amount" numeric(18,2) not null default 0, "payable_amount" numeric(18,2) not null default 0, "variance_amount" numeric(18,2) not null default 0, "journal_entry_id" int null, constraint supplier_return_line_positive check (quantity > 0));`,
    );
    this.addSql(`create index "supplier_return_line_order_line_id_index" on "supplier_return_line" ("order_line_id");`);
    this.addSql(
      `create index "supplier_return_line_receipt_move_id_index" on "supplier_return_line" ("receipt_move_id");`,
    );
    this.addSql(
      `alter table "supplier_return_line" add constraint "supplier_return_line_return_id_line_no_unique" unique ("return_id", "line_no");`,
    );
    this.addSql(
      `alter table "supplier_return" add constraint "supplier_return_purchase_order_id_foreign" foreign key ("purchase_order_id") references "purchase_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "supplier_return_line" add constraint "supplier_return_line_return_id_foreign" foreign key ("return_id") references "supplier_return" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_return_line" add constraint "supplier_return_line_order_line_id_foreign" foreign key ("order_line_id") references "purchase_order_line" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "supplier_return_line" add constraint "supplier_return_line_receipt_move_id_foreign" foreign key ("receipt_move_id") references "stock_move" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supplier_return_line" cascade;`);
    this.addSql(`drop table if exists "supplier_return" cascade;`);
    this.addSql(`drop sequence if exists supplier_return_number_seq;`);
  }
}
