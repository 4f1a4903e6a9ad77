import { Migration } from '@mikro-orm/migrations';

export class Migration20261129095518 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "human_task_inbox_index" on "human_task" ("candidate_role", (case priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end) desc, "created_at", "id") where status in ('open', 'claimed');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "human_task_inbox_index";`);
  }
}
