import { Migration } from '@mikro-orm/migrations';

/**
 * Scheduled wave release (issue 20): the orders each wave-release schedule run handed to a wave, so a retried run
 * starts the same waves and the next run leaves an order alone while its wave still invites it.
 */
export class Migration20261203190000_scheduled_wave_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "scheduled_wave_order" ("wave_id" varchar(40) not null, "order_number" varchar(30) not null, "schedule_id" varchar(100) not null, "fired_at" timestamptz not null, "created_at" timestamptz not null, constraint "scheduled_wave_order_pkey" primary key ("wave_id", "order_number"));`,
    );
    this.addSql(`create index "scheduled_wave_order_order_number_index" on "scheduled_wave_order" ("order_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "scheduled_wave_order";`);
  }
}
