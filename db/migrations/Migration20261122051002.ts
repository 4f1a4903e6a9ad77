import { Migration } from '@mikro-orm/migrations';

export class Migration20261122051002 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "revaluation_job" ("id" serial primary key, "item_id" int not null, "warehouse_id" int null, "method" varchar(16) not null, "trigger_move_id" int not null, "window_start" timestamptz not null, "status" varchar(10) not null default 'pending', "total_events" int not null default 0, "processed_events" int not null default 0, "revalued_moves" int not null default 0, "chunks" int not null default 0, "checkpoint" jsonb null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "finished_at" timestamptz null);`,
    );

    this.addSql(
      `alter table "revaluation_job" add constraint "revaluation_job_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "revaluation_job" add constraint "revaluation_job_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "revaluation_job" add constraint "revaluation_job_trigger_move_id_foreign" foreign key ("trigger_move_id") references "stock_move" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "revaluation_job" cascade;`);
  }
}
