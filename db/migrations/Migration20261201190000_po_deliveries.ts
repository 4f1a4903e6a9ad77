import { Migration } from '@mikro-orm/migrations';

/**
 * Purchase orders as suppliers deliver: lines carry due dates (existing lines take their order's day), orders a
 * close-short reason and a longer status (`partly-received`, `closed-short`), the company an over-delivery tolerance,
 * and each delivery the receipt workflow posts is recorded in `purchase_delivery`.
 */
export class Migration20261201190000_po_deliveries extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "purchase_order" alter column "status" type varchar(20) using ("status"::varchar(20));`);
    this.addSql(`alter table "purchase_order" alter column "status" set default 'open';`);
    this.addSql(
      `alter table "purchase_order" add column "closed_reason" varchar(500) null, add column "closed_by" varchar(64) null, add column "closed_at" timestamptz null;`,
    );
    this.addSql(`alter table "purchase_order_line" add column "due_date" date null;`);
    this.addSql(
      `update "purchase_order_line" l set "due_date" = (po.created_at at time zone 'UTC')::date from "purchase_order" po where po.id = l.order_id;`,
    );
    this.addSql(
      `alter table "purchase_order_line" alter column "due_date" set not null, alter column "due_date" set default current_date;`,
    );
    this.addSql(
      `alter table "company_settings" add column "over_delivery_tolerance_percent" numeric(5,2) not null default 10;`,
    );
    this.addSql(
      `create table "purchase_delivery" ("id" serial primary key, "order_id" int not null, "delivery_no" int not null, "workflow_id" varchar(200) not null, "received_at" timestamptz not null, "received_by" varchar(64) not null, "lines" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "purchase_delivery" add constraint "purchase_delivery_order_id_delivery_no_unique" unique ("order_id", "delivery_no");`,
    );
    this.addSql(
      `alter table "purchase_delivery" add constraint "purchase_delivery_order_id_foreign" foreign key ("order_id") references "purchase_order" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "purchase_delivery" cascade;`);
    this.addSql(`alter table "company_settings" drop column "over_delivery_tolerance_percent";`);
    this.addSql(`alter table "purchase_order_line" drop column "due_date";`);
    this.addSql(
      `alter table "purchase_order" drop column "closed_reason", drop column "closed_by", drop column "closed_at";`,
    );
  }
}
