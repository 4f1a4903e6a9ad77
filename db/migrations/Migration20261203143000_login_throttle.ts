import { Migration } from '@mikro-orm/migrations';

/**
 * Login throttling (issue 18, item 3): failed sign-ins per user name within a window, and the lock they lead to.
 * Kept in PostgreSQL, not in a node's memory, so the count and the lock hold across API nodes. A row exists only
 * while a user name has recent failures or is locked; a successful sign-in removes it. User names need not exist
 * (an unknown name is throttled like a known one, so the answers never tell which names exist): no foreign key.
 */
export class Migration20261203143000_login_throttle extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "login_throttle" ("username" varchar(64) not null, "failures" int not null, "window_started_at" timestamptz not null, "locked_until" timestamptz null, constraint "login_throttle_pkey" primary key ("username"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_throttle" cascade;`);
  }
}
