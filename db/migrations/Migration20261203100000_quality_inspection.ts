import { Migration } from '@mikro-orm/migrations';

/**
 * The quality gate's records (issue 16): inspection lots (one per received line, numbered `IL-000001` from their own
 * sequence, the sampling decision stored as made), their readings, the disposition split, and a nonconformance per
 * rejection. The supplier/item quality history (switching state, skip-lot) is read back from these lots.
 */
export class Migration20261203100000_quality_inspection extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists inspection_lot_no_seq start 1;`);
    this.addSql(
      `create table "inspection_lot" ("id" serial primary key, "lot_no" varchar(16) not null, "source_key" varchar(240) not null, "source" varchar(16) not null, "source_document" varchar(40) not null, "source_line_no" int not null, "delivery_no" int null, "supplier_id" int null, "item_id" int not null, "stock_lot_code" varchar(40) null, "location_code" varchar(40) not null, "quantity" numeric(18,3) not null, "plan_id" int null, "sampling" jsonb not null, "severity" varchar(16) null, "sample_size" int not null default 0, "ac" int null, "re" int null, "status" varchar(24) not null default 'inspecting', "verdict" varchar(12) null, "nonconforming_units" int null, "readings_by" varchar(64) null, "readings_at" timestamptz null, "workflow_id" varchar(200) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "inspection_lot" add constraint "inspection_lot_lot_no_unique" unique ("lot_no");`);
    this.addSql(
      `alter table "inspection_lot" add constraint "inspection_lot_source_key_unique" unique ("source_key");`,
    );
    this.addSql(`create index "inspection_lot_item_id_index" on "inspection_lot" ("item_id");`);
    this.addSql(`create index "inspection_lot_status_index" on "inspection_lot" ("status");`);
    this.addSql(
      `create index "inspection_lot_supplier_id_item_id_index" on "inspection_lot" ("supplier_id", "item_id");`,
    );

    this.addSql(
      `create table "nonconformance" ("id" serial primary key, "lot_id" int not null, "cause" text not null, "quantity" numeric(18,3) not null, "supplier_id" int null, "action" varchar(24) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "nonconformance_lot_id_index" on "nonconformance" ("lot_id");`);
    this.addSql(`create index "nonconformance_supplier_id_index" on "nonconformance" ("supplier_id");`);

    this.addSql(
      `create table "inspection_reading" ("id" serial primary key, "lot_id" int not null, "characteristic" varchar(40) not null, "sample_unit" int not null default 1, "value" jsonb not null, "conforms" boolean not null, "judgement" varchar(300) not null);`,
    );
    this.addSql(
      `create table "inspection_disposition" ("id" serial primary key, "lot_id" int not null, "kind" varchar(16) not null, "quantity" numeric(18,3) not null, "decided_by" varchar(64) not null, "concession_by" varchar(64) null, "document_ref" varchar(40) null, "created_at" timestamptz not null, constraint inspection_disposition_positive check (quantity > 0));`,
    );

    this.addSql(
      `alter table "inspection_lot" add constraint "inspection_lot_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "inspection_lot" add constraint "inspection_lot_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "inspection_lot" add constraint "inspection_lot_plan_id_foreign" foreign key ("plan_id") references "inspection_plan" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "nonconformance" add constraint "nonconformance_lot_id_foreign" foreign key ("lot_id") references "inspection_lot" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "nonconformance" add constraint "nonconformance_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "inspection_reading" add constraint "inspection_reading_lot_id_foreign" foreign key ("lot_id") references "inspection_lot" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "inspection_disposition" add constraint "inspection_disposition_lot_id_foreign" foreign key ("lot_id") references "inspection_lot" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "nonconformance" cascade;`);
    this.addSql(`drop table if exists "inspection_disposition" cascade;`);
    this.addSql(`drop table if exists "inspection_reading" cascade;`);
    this.addSql(`drop table if exists "inspection_lot" cascade;`);
    this.addSql(`drop sequence if exists inspection_lot_no_seq;`);
  }
}
