import { Migration } from '@mikro-orm/migrations';

export class Migration20261122051708 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "rule_decision" ("id" serial primary key, "rule_set_id" int not null, "rule_set_type" varchar(24) not null, "version" int not null, "content_hash" varchar(64) not null, "workflow_id" varchar(200) null, "business_key" varchar(60) null, "facts" jsonb not null, "fired_rules" jsonb not null, "result" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "rule_decision_rule_set_id_version_index" on "rule_decision" ("rule_set_id", "version");`,
    );
    this.addSql(
      `create index "rule_decision_rule_set_type_created_at_index" on "rule_decision" ("rule_set_type", "created_at");`,
    );
    this.addSql(`create index "rule_decision_workflow_id_index" on "rule_decision" ("workflow_id");`);

    this.addSql(
      `create table "rule_set" ("id" serial primary key, "code" varchar(60) not null, "type" varchar(24) not null, "name" varchar(120) not null, "description" text not null default '', "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "rule_set" add constraint "rule_set_code_unique" unique ("code");`);
    this.addSql(`create index "rule_set_type_index" on "rule_set" ("type");`);

    this.addSql(
      `create table "rule_set_version" ("id" serial primary key, "rule_set_id" int not null, "version" int not null, "status" varchar(10) not null default 'draft', "content" jsonb not null, "content_hash" varchar(64) not null, "effective_from" timestamptz null, "author" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "published_by" varchar(64) null, "published_at" timestamptz null, "retired_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "rule_set_version" add constraint "rule_set_version_rule_set_id_version_unique" unique ("rule_set_id", "version");`,
    );

    this.addSql(
      `alter table "rule_set_version" add constraint "rule_set_version_rule_set_id_foreign" foreign key ("rule_set_id") references "rule_set" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "rule_set_version" drop constraint "rule_set_version_rule_set_id_foreign";`);

    this.addSql(`drop table if exists "rule_decision" cascade;`);

    this.addSql(`drop table if exists "rule_set" cascade;`);

    this.addSql(`drop table if exists "rule_set_version" cascade;`);
  }
}
