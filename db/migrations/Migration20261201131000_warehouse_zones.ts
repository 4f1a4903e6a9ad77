import { Migration } from '@mikro-orm/migrations';

/**
 * Warehouses -> zones -> bins with an explicit location type. The free-text `location.zone` becomes a `zone`
 * row per warehouse and distinct value (nothing is lost: the code stays the zone's code), and every location
 * gets its type: `dock` where the zone was `DOCK` (what allocation treated as the dock), `virtual` in virtual
 * warehouses, `storage` otherwise. Warehouses, zones and locations gain an active flag (deactivate, never delete).
 */
export class Migration20261201131000_warehouse_zones extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "warehouse" add column "active" boolean not null default true;`);

    this.addSql(
      `create table "zone" ("id" serial primary key, "warehouse_id" int not null, "code" varchar(20) not null, "name" varchar(120) not null, "quarantine_area" boolean not null default false, "active" boolean not null default true);`,
    );
    this.addSql(`alter table "zone" add constraint "zone_warehouse_id_code_unique" unique ("warehouse_id", "code");`);
    this.addSql(
      `alter table "zone" add constraint "zone_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "location" add column "zone_id" int null, add column "type" text check ("type" in ('dock', 'storage', 'virtual')) not null default 'storage', add column "active" boolean not null default true;`,
    );
    this.addSql(
      `insert into "zone" ("warehouse_id", "code", "name")
       select distinct "warehouse_id", "zone", case when "zone" = 'DOCK' then 'Receiving dock' else 'Zone ' || "zone" end
         from "location" order by 1, 2;`,
    );
    this.addSql(
      `update "location" l set "zone_id" = z."id" from "zone" z where z."warehouse_id" = l."warehouse_id" and z."code" = l."zone";`,
    );
    this.addSql(
      `update "location" l set "type" = case when l."zone" = 'DOCK' then 'dock' when w."virtual" then 'virtual' else 'storage' end
         from "warehouse" w where w."id" = l."warehouse_id";`,
    );
    this.addSql(`alter table "location" drop column "zone";`);
    this.addSql(
      `alter table "location" add constraint "location_zone_id_foreign" foreign key ("zone_id") references "zone" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create index "location_warehouse_id_type_index" on "location" ("warehouse_id", "type");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "location" add column "zone" varchar(20) not null default '';`);
    this.addSql(
      `update "location" l set "zone" = coalesce((select z."code" from "zone" z where z."id" = l."zone_id"),
                                                 case when l."type" = 'dock' then 'DOCK' else '' end);`,
    );
    this.addSql(`alter table "location" alter column "zone" drop default;`);
    this.addSql(`alter table "location" drop constraint "location_zone_id_foreign";`);
    this.addSql(`drop index "location_warehouse_id_type_index";`);
    this.addSql(`alter table "location" drop column "zone_id", drop column "type", drop column "active";`);
    this.addSql(`drop table if exists "zone" cascade;`);
    this.addSql(`alter table "warehouse" drop column "active";`);
  }
}
