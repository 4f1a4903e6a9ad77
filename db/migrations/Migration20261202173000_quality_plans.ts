import { Migration } from '@mikro-orm/migrations';

/**
 * Quality inspection plans (issue 16): immutable, versioned per item or per item category (`scope_key`), effective-
 * dated like BOMs, with their characteristics (numeric with limits, pass-fail, attribute with allowed values; the
 * lower limit never above the upper). The inspector and quality-engineer roles need no schema: roles are JSON.
 */
export class Migration20261202173000_quality_plans extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inspection_plan" ("id" serial primary key, "scope_key" varchar(120) not null, "item_id" int null, "item_category" varchar(80) null, "version" int not null, "effective_from" date not null, "note" text null, "created_by" varchar(64) not null, "created_at" timestamptz not null, constraint inspection_plan_one_scope check ((item_id is null) <> (item_category is null)));`,
    );
    this.addSql(`create index "inspection_plan_item_id_index" on "inspection_plan" ("item_id");`);
    this.addSql(
      `alter table "inspection_plan" add constraint "inspection_plan_scope_key_version_unique" unique ("scope_key", "version");`,
    );

    this.addSql(
      `create table "inspection_characteristic" ("id" serial primary key, "plan_id" int not null, "line_no" int not null, "code" varchar(40) not null, "name" varchar(200) not null, "kind" varchar(16) not null, "nominal" numeric(18,6) null, "lower" numeric(18,6) null, "upper" numeric(18,6) null, "unit" varchar(16) null, "allowed_values" jsonb null, constraint inspection_characteristic_valid check (lower is null or upper is null or lower <= upper));`,
    );
    this.addSql(
      `alter table "inspection_characteristic" add constraint "inspection_characteristic_plan_id_line_no_unique" unique ("plan_id", "line_no");`,
    );
    this.addSql(
      `alter table "inspection_characteristic" add constraint "inspection_characteristic_plan_id_code_unique" unique ("plan_id", "code");`,
    );

    this.addSql(
      `alter table "inspection_plan" add constraint "inspection_plan_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "inspection_characteristic" add constraint "inspection_characteristic_plan_id_foreign" foreign key ("plan_id") references "inspection_plan" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inspection_characteristic" cascade;`);
    this.addSql(`drop table if exists "inspection_plan" cascade;`);
  }
}
