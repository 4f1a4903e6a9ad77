import { Migration } from '@mikro-orm/migrations';

/**
 * The process list at a million instances (issue 19's benchmark, npm run bench -- --only=process-list): its first
 * page, newest first, comes off an index whatever the filters, and its search off trigrams.
 * - (started_at, workflow_id): the unfiltered list (the console's default) and a status filter, read backward;
 * - (process_type, started_at, workflow_id): a process type without a status. Type and status together keep the
 *   (process_type, status, started_at) index the table always had;
 * - a trigram GIN index on business_key and current_step (pg_trgm, a trusted extension since PostgreSQL 13): the
 *   search (`q`, `ilike '%…%'` on both) and the business-key filter. Without it a search read all million rows
 *   for the page and again for the count (about 850 ms each).
 * Before them a type-and-status page sorted every match (the order by's `nulls last` also kept it off the index,
 * see SqlListSpec.notNullSorts): 350 ms for the 412,000 completed sales orders.
 */
export class Migration20261203163000_process_list_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists "pg_trgm";`);
    this.addSql(
      `create index "process_instance_started_at_workflow_id_index" on "process_instance" ("started_at", "workflow_id");`,
    );
    this.addSql(
      `create index "process_instance_process_type_started_at_workflow_id_index" on "process_instance" ("process_type", "started_at", "workflow_id");`,
    );
    this.addSql(
      `create index "process_instance_search_trgm_index" on "process_instance" using gin ("business_key" gin_trgm_ops, "current_step" gin_trgm_ops);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "process_instance_search_trgm_index";`);
    this.addSql(`drop index if exists "process_instance_process_type_started_at_workflow_id_index";`);
    this.addSql(`drop index if exists "process_instance_started_at_workflow_id_index";`);
  }
}
