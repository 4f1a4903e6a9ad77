import { Migration } from '@mikro-orm/migrations';

/**
 * Saved views of the lists (per user), and the `human_task_changed` notification the inbox's live updates listen to:
 * a trigger, so every writer of `human_task` (the worker's task activities, the API's claim and assignment) tells
 * the API processes at commit, across the worker/API process boundary, without each writer remembering to.
 */
export class Migration20261201154000_saved_views extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "saved_view" ("id" serial primary key, "user_id" int not null, "list" varchar(40) not null, "name" varchar(80) not null, "query" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "saved_view" add constraint "saved_view_user_id_list_name_unique" unique ("user_id", "list", "name");`,
    );
    this.addSql(
      `alter table "saved_view" add constraint "saved_view_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`create or replace function human_task_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('human_task_changed', json_build_object(
    'id', new.id, 'workflowId', new.workflow_id, 'status', new.status,
    'candidateRole', new.candidate_role, 'assignee', new.assignee,
    'previousAssignee', case when tg_op = 'UPDATE' then old.assignee end, 'op', lower(tg_op))::text);
  return null;
end $$;`);
    this.addSql(
      `create trigger human_task_notify after insert or update on "human_task" for each row execute function human_task_notify();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists human_task_notify on "human_task";`);
    this.addSql(`drop function if exists human_task_notify();`);
    this.addSql(`drop table if exists "saved_view" cascade;`);
  }
}
