import { Migration } from '@mikro-orm/migrations';

/**
 * Manufacturing master data, second part (issue 13): bills of materials, immutable and versioned per parent item and
 * effective-dated, with their component lines (quantity per parent > 0, planned scrap % in [0, 100)).
 */
export class Migration20261202101000_boms extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "bom" ("id" serial primary key, "item_id" int not null, "version" int not null, "effective_from" date not null, "phantom" boolean not null default false, "note" text null, "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "bom" add constraint "bom_item_id_version_unique" unique ("item_id", "version");`);

    this.addSql(
      `create table "bom_line" ("id" serial primary key, "bom_id" int not null, "line_no" int not null, "component_item_id" int not null, "quantity_per" numeric(18,6) not null, "scrap_percent" numeric(7,4) not null default 0, constraint bom_line_valid check (quantity_per > 0 and scrap_percent >= 0 and scrap_percent < 100));`,
    );
    this.addSql(`create index "bom_line_component_item_id_index" on "bom_line" ("component_item_id");`);
    this.addSql(`alter table "bom_line" add constraint "bom_line_bom_id_line_no_unique" unique ("bom_id", "line_no");`);

    this.addSql(
      `alter table "bom" add constraint "bom_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "bom_line" add constraint "bom_line_bom_id_foreign" foreign key ("bom_id") references "bom" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "bom_line" add constraint "bom_line_component_item_id_foreign" foreign key ("component_item_id") references "item" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "bom_line" cascade;`);
    this.addSql(`drop table if exists "bom" cascade;`);
  }
}
