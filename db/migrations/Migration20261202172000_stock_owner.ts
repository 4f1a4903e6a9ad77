import { Migration } from '@mikro-orm/migrations';

/**
 * Stock carries an owner (issue 15, customer-supplied material): `owner_customer_id` on stock_balance (part of its
 * unique key, coalesced to 0 like the lot) and on stock_move (a move never changes owner). Null = ours.
 *
 * Reservations carry the owner of the balance they hold. Existing rows keep owner null. Stock already in a virtual warehouse (the demo's CONSIGN, "customer-supplied
 * material") was customer material of no recorded customer: we cannot name one, so it stays ownerless there and
 * db/inventory/move-valuation.ts keeps treating ownerless stock in a virtual warehouse as not ours (counted, never
 * valued), exactly as before. Deleting a customer who still owns stock or moves is refused (restrict), so their
 * material can never silently become ours.
 */
export class Migration20261202172000_stock_owner extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "stock_balance" add column "owner_customer_id" int null;`);
    this.addSql(`alter table "stock_move" add column "owner_customer_id" int null;`);
    // A reservation holds one owner's balance: with owners in the balance key, (item, location, lot, status) no longer
    // names one row, so the reservation carries the owner too (db/repositories/stock-repository.ts joins on it).
    this.addSql(`alter table "reservation" add column "owner_customer_id" int null;`);
    this.addSql(
      `alter table "reservation" add constraint "reservation_owner_customer_id_foreign" foreign key ("owner_customer_id") references "customer" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_balance" add constraint "stock_balance_owner_customer_id_foreign" foreign key ("owner_customer_id") references "customer" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_owner_customer_id_foreign" foreign key ("owner_customer_id") references "customer" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`drop index if exists "stock_balance_key_unique";`);
    this.addSql(
      `create unique index "stock_balance_key_unique" on "stock_balance" ("item_id", "location_id", coalesce("lot_id", 0), "status", coalesce("owner_customer_id", 0));`,
    );
    this.addSql(
      `create index "stock_balance_owner_index" on "stock_balance" ("owner_customer_id", "item_id") where owner_customer_id is not null;`,
    );
    this.addSql(
      `create index "stock_move_owner_index" on "stock_move" ("owner_customer_id", "item_id") where owner_customer_id is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "stock_move_owner_index";`);
    this.addSql(`drop index if exists "stock_balance_owner_index";`);
    this.addSql(`drop index if exists "stock_balance_key_unique";`);
    // Customer-owned balances would collide with ours on the narrower key: going down drops the customers' rows.
    this.addSql(`delete from "stock_balance" where "owner_customer_id" is not null;`);
    this.addSql(
      `create unique index "stock_balance_key_unique" on "stock_balance" ("item_id", "location_id", coalesce("lot_id", 0), "status");`,
    );
    this.addSql(`alter table "stock_move" drop constraint if exists "stock_move_owner_customer_id_foreign";`);
    this.addSql(`alter table "stock_balance" drop constraint if exists "stock_balance_owner_customer_id_foreign";`);
    this.addSql(`alter table "stock_move" drop column if exists "owner_customer_id";`);
    this.addSql(`alter table "reservation" drop column if exists "owner_customer_id";`);
    this.addSql(`alter table "stock_balance" drop column if exists "owner_customer_id";`);
  }
}
