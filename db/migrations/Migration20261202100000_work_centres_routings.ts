import { Migration } from '@mikro-orm/migrations';

/**
 * Manufacturing master data, first part (issue 13): work centres with their effective-dated labour and overhead
 * rates per hour, and routings (immutable, versioned per item) with their operations at work centres.
 */
export class Migration20261202100000_work_centres_routings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "work_centre" ("id" serial primary key, "code" varchar(20) not null, "name" varchar(200) not null, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "work_centre" add constraint "work_centre_code_unique" unique ("code");`);

    this.addSql(
      `create table "work_centre_rate" ("id" serial primary key, "work_centre_id" int not null, "effective_from" date not null, "labour_rate" numeric(14,4) not null, "overhead_rate" numeric(14,4) null, "created_by" varchar(64) not null, "created_at" timestamptz not null, constraint work_centre_rate_not_negative check (labour_rate >= 0 and (overhead_rate is null or overhead_rate >= 0)));`,
    );
    this.addSql(
      `alter table "work_centre_rate" add constraint "work_centre_rate_work_centre_id_effective_from_unique" unique ("work_centre_id", "effective_from");`,
    );

    this.addSql(
      `create table "routing" ("id" serial primary key, "item_id" int not null, "version" int not null, "effective_from" date not null, "note" text null, "created_by" varchar(64) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "routing" add constraint "routing_item_id_version_unique" unique ("item_id", "version");`);

    this.addSql(
      `create table "routing_operation" ("id" serial primary key, "routing_id" int not null, "seq" int not null, "work_centre_id" int not null, "description" varchar(200) not null, "setup_hours" numeric(12,4) not null, "run_hours_per_unit" numeric(14,6) not null, constraint routing_operation_valid check (seq > 0 and setup_hours >= 0 and run_hours_per_unit >= 0));`,
    );
    this.addSql(
      `alter table "routing_operation" add constraint "routing_operation_routing_id_seq_unique" unique ("routing_id", "seq");`,
    );

    this.addSql(
      `alter table "work_centre_rate" add constraint "work_centre_rate_work_centre_id_foreign" foreign key ("work_centre_id") references "work_centre" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "routing" add constraint "routing_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "routing_operation" add constraint "routing_operation_routing_id_foreign" foreign key ("routing_id") references "routing" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "routing_operation" add constraint "routing_operation_work_centre_id_foreign" foreign key ("work_centre_id") references "work_centre" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "routing_operation" cascade;`);
    this.addSql(`drop table if exists "routing" cascade;`);
    this.addSql(`drop table if exists "work_centre_rate" cascade;`);
    this.addSql(`drop table if exists "work_centre" cascade;`);
  }
}
