import { Migration } from '@mikro-orm/migrations';

/**
 * Transfers between warehouses in two steps (issue 14): the transfer document, numbered from its own sequence. Its
 * stock waits in the existing stock_balance as status `in-transit` (a varchar, so no change there).
 */
export class Migration20261204031000_stock_transfer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "stock_transfer_number_seq";`);
    this.addSql(
      `create table "stock_transfer" ("id" serial primary key, "number" varchar(20) not null, "item_id" int not null, "lot_id" int null, "quantity" numeric(18,3) not null, "from_location_id" int not null, "to_warehouse_id" int not null, "transit_location_id" int not null, "to_location_id" int null, "expected_arrival" date not null, "status" varchar(12) not null default 'dispatched', "dispatched_by" varchar(64) not null, "dispatched_at" timestamptz not null, "dispatch_move_id" int not null, "received_by" varchar(64) null, "received_at" timestamptz null, "receive_move_id" int null, constraint stock_transfer_quantity_positive check (quantity > 0), constraint stock_transfer_status_known check (status = 'dispatched' or status = 'received'));`,
    );
    this.addSql(`alter table "stock_transfer" add constraint "stock_transfer_number_unique" unique ("number");`);
    this.addSql(
      `create index "stock_transfer_open_index" on "stock_transfer" ("item_id") where status = 'dispatched';`,
    );
    const foreign = (column: string, table: string, nullable = false) =>
      `alter table "stock_transfer" add constraint "stock_transfer_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade${nullable ? ' on delete set null' : ''};`;
    this.addSql(foreign('item_id', 'item'));
    this.addSql(foreign('lot_id', 'lot', true));
    this.addSql(foreign('from_location_id', 'location'));
    this.addSql(foreign('to_warehouse_id', 'warehouse'));
    this.addSql(foreign('transit_location_id', 'location'));
    this.addSql(foreign('to_location_id', 'location', true));
    this.addSql(foreign('dispatch_move_id', 'stock_move'));
    this.addSql(foreign('receive_move_id', 'stock_move', true));
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "stock_transfer";`);
    this.addSql(`drop sequence if exists "stock_transfer_number_seq";`);
  }
}
