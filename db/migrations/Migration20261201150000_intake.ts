import { Migration } from '@mikro-orm/migrations';

/**
 * Exactly-once intake: the stored answers to create requests sent with an `Idempotency-Key`, and the process-start
 * outbox that commits with each document (db/entities/intake.ts). process_instance.status gains 'pending' (fits its
 * varchar(12); no constraint to change).
 */
export class Migration20261201150000_intake extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api_idempotency_key" ("actor" varchar(100) not null, "key" varchar(200) not null, "route" varchar(200) not null, "request_hash" varchar(64) not null, "status_code" int not null, "response" jsonb not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "api_idempotency_key_pkey" primary key ("actor", "key"));`,
    );
    this.addSql(`create index "api_idempotency_key_expires_at_index" on "api_idempotency_key" ("expires_at");`);

    this.addSql(
      `create table "process_start_outbox" ("workflow_id" varchar(200) not null, "workflow_type" varchar(80) not null, "process_type" varchar(40) not null, "business_key" varchar(120) not null, "task_queue" varchar(200) not null, "args" jsonb not null, "status" varchar(20) not null default 'pending', "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, "requested_by" varchar(100) not null, "created_at" timestamptz not null, "started_at" timestamptz null, constraint "process_start_outbox_pkey" primary key ("workflow_id"));`,
    );
    this.addSql(
      `create index "process_start_outbox_status_next_attempt_at_index" on "process_start_outbox" ("status", "next_attempt_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "process_start_outbox" cascade;`);
    this.addSql(`drop table if exists "api_idempotency_key" cascade;`);
  }
}
