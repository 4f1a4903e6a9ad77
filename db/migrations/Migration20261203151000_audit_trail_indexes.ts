import { Migration } from '@mikro-orm/migrations';

/**
 * The auditor's trail (GET /api/audit/trail) filters by time, by user and by action and sorts newest first: indexes
 * for those, so a search over a year of audit rows reads an index range instead of the whole table.
 */
export class Migration20261203151000_audit_trail_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_actor_at_index" on "audit_log" ("actor", "at");`);
    this.addSql(`create index "audit_log_action_at_index" on "audit_log" ("action", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "audit_log_action_at_index";`);
    this.addSql(`drop index if exists "audit_log_actor_at_index";`);
    this.addSql(`drop index if exists "audit_log_at_index";`);
  }
}
