import { Migration } from '@mikro-orm/migrations';

export class Migration20261122041717 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_log" ("id" serial primary key, "at" timestamptz not null, "actor" varchar(64) not null, "action" varchar(60) not null, "entity_type" varchar(40) not null, "entity_id" varchar(200) not null, "workflow_id" varchar(200) null, "details" jsonb not null);`,
    );
    this.addSql(`create index "audit_log_entity_type_entity_id_index" on "audit_log" ("entity_type", "entity_id");`);
    this.addSql(`create index "audit_log_workflow_id_index" on "audit_log" ("workflow_id");`);

    this.addSql(
      `create table "customer" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(200) not null, "min_shelf_life_days" int not null default 0, "credit_limit" numeric(18,3) not null default 0, "segment" varchar(30) not null default 'standard', "ship_to_address" varchar(400) not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "customer" add constraint "customer_code_unique" unique ("code");`);

    this.addSql(
      `create table "human_task" ("id" varchar(100) not null, "workflow_id" varchar(200) not null, "process_type" varchar(40) not null, "business_key" varchar(60) not null, "task_type" varchar(40) not null, "title" varchar(200) not null, "candidate_role" varchar(20) not null, "assignee" varchar(64) null, "status" varchar(12) not null default 'open', "priority" varchar(8) not null default 'normal', "due_at" timestamptz null, "escalated_at" timestamptz null, "form_kind" varchar(40) not null, "payload" jsonb not null, "outcome" jsonb null, "completed_by" varchar(64) null, "completed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "human_task_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "human_task_candidate_role_status_created_at_index" on "human_task" ("candidate_role", "status", "created_at");`,
    );
    this.addSql(`create index "human_task_assignee_status_index" on "human_task" ("assignee", "status");`);
    this.addSql(`create index "human_task_workflow_id_index" on "human_task" ("workflow_id");`);

    this.addSql(
      `create table "idempotency_record" ("key" varchar(250) not null, "activity" varchar(80) not null, "result" jsonb null, "created_at" timestamptz not null, constraint "idempotency_record_pkey" primary key ("key"));`,
    );

    this.addSql(
      `create table "item" ("id" serial primary key, "sku" varchar(40) not null, "name" varchar(200) not null, "uom" varchar(12) not null, "category" varchar(60) not null, "lot_tracked" boolean not null default true, "shelf_life_days" int null, "lead_time_days" int not null default 0, "supply_type" varchar(16) not null default 'buy', "allow_negative_stock" boolean not null default false, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "item" add constraint "item_sku_unique" unique ("sku");`);
    this.addSql(`create index "item_category_index" on "item" ("category");`);

    this.addSql(
      `create table "lot" ("id" serial primary key, "item_id" int not null, "code" varchar(40) not null, "manufactured_on" date not null, "expires_on" date null, "received_at" timestamptz not null);`,
    );
    this.addSql(`alter table "lot" add constraint "lot_item_id_code_unique" unique ("item_id", "code");`);

    this.addSql(
      `create table "process_instance" ("workflow_id" varchar(200) not null, "run_id" varchar(64) not null, "process_type" varchar(40) not null, "business_key" varchar(60) not null, "status" varchar(12) not null default 'running', "current_step" varchar(60) not null, "started_at" timestamptz not null, "updated_at" timestamptz not null, "closed_at" timestamptz null, "last_error" text null, constraint "process_instance_pkey" primary key ("workflow_id"));`,
    );
    this.addSql(
      `create index "process_instance_process_type_status_started_at_index" on "process_instance" ("process_type", "status", "started_at");`,
    );
    this.addSql(`create index "process_instance_business_key_index" on "process_instance" ("business_key");`);

    this.addSql(
      `create table "sales_order" ("id" serial primary key, "order_number" varchar(30) not null, "customer_id" int not null, "status" varchar(20) not null default 'open', "requested_date" date null, "workflow_id" varchar(200) not null, "created_by" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "sales_order" add constraint "sales_order_order_number_unique" unique ("order_number");`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_workflow_id_unique" unique ("workflow_id");`);

    this.addSql(
      `create table "sales_order_line" ("id" serial primary key, "order_id" int not null, "line_no" int not null, "item_id" int not null, "quantity" numeric(18,3) not null, "reserved_quantity" numeric(18,3) not null default 0, "shipped_quantity" numeric(18,3) not null default 0, constraint sales_order_line_quantity_positive check (quantity > 0));`,
    );
    this.addSql(
      `alter table "sales_order_line" add constraint "sales_order_line_order_id_line_no_unique" unique ("order_id", "line_no");`,
    );

    this.addSql(
      `create table "app_user" ("id" serial primary key, "username" varchar(64) not null, "display_name" varchar(120) not null, "password_hash" varchar(255) not null, "roles" jsonb not null, "active" boolean not null default true, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(
      `create table "session" ("token_hash" varchar(64) not null, "user_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "session_pkey" primary key ("token_hash"));`,
    );
    this.addSql(`create index "session_expires_at_index" on "session" ("expires_at");`);

    this.addSql(
      `create table "warehouse" ("id" serial primary key, "code" varchar(20) not null, "name" varchar(120) not null, "priority" int not null default 100, "virtual" boolean not null default false);`,
    );
    this.addSql(`alter table "warehouse" add constraint "warehouse_code_unique" unique ("code");`);

    this.addSql(
      `create table "location" ("id" serial primary key, "code" varchar(40) not null, "warehouse_id" int not null, "zone" varchar(20) not null, "pick_sequence" int not null default 0);`,
    );
    this.addSql(`alter table "location" add constraint "location_code_unique" unique ("code");`);

    this.addSql(
      `create table "stock_move" ("id" serial primary key, "move_type" varchar(20) not null, "item_id" int not null, "lot_id" int null, "from_location_id" int null, "to_location_id" int null, "from_status" varchar(16) null, "to_status" varchar(16) null, "quantity" numeric(18,3) not null, "effective_at" timestamptz not null, "document_type" varchar(30) not null, "document_ref" varchar(60) not null, "line_no" int null, "user_name" varchar(64) not null, "idempotency_key" varchar(200) not null, "created_at" timestamptz not null, constraint stock_move_quantity_positive check (quantity > 0));`,
    );
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(`create index "stock_move_item_id_effective_at_index" on "stock_move" ("item_id", "effective_at");`);
    this.addSql(
      `create index "stock_move_document_type_document_ref_index" on "stock_move" ("document_type", "document_ref");`,
    );

    this.addSql(
      `create table "stock_balance" ("id" serial primary key, "item_id" int not null, "location_id" int not null, "lot_id" int null, "status" varchar(16) not null default 'available', "quantity" numeric(18,3) not null default 0, "reserved_quantity" numeric(18,3) not null default 0, "updated_at" timestamptz not null, constraint stock_balance_reserved_range check (reserved_quantity >= 0 and reserved_quantity <= greatest(quantity, 0)));`,
    );
    this.addSql(`create index "stock_balance_item_id_index" on "stock_balance" ("item_id");`);
    this.addSql(
      `create unique index "stock_balance_key_unique" on "stock_balance" ("item_id", "location_id", coalesce("lot_id", 0), "status");`,
    );

    this.addSql(
      `create table "reservation" ("id" serial primary key, "item_id" int not null, "location_id" int not null, "lot_id" int null, "quantity" numeric(18,3) not null, "owner_workflow_id" varchar(200) not null, "document_ref" varchar(60) not null, "line_no" int not null, "state" varchar(12) not null default 'active', "expires_at" timestamptz not null, "created_at" timestamptz not null, "closed_at" timestamptz null, constraint reservation_quantity_positive check (quantity > 0));`,
    );
    this.addSql(
      `create index "reservation_owner_workflow_id_state_index" on "reservation" ("owner_workflow_id", "state");`,
    );
    this.addSql(`create index "reservation_item_id_state_index" on "reservation" ("item_id", "state");`);

    this.addSql(
      `alter table "lot" add constraint "lot_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "sales_order" add constraint "sales_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "sales_order_line" add constraint "sales_order_line_order_id_foreign" foreign key ("order_id") references "sales_order" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sales_order_line" add constraint "sales_order_line_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "location" add constraint "location_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouse" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "stock_move" add constraint "stock_move_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_from_location_id_foreign" foreign key ("from_location_id") references "location" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "stock_move" add constraint "stock_move_to_location_id_foreign" foreign key ("to_location_id") references "location" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "stock_balance" add constraint "stock_balance_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_balance" add constraint "stock_balance_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stock_balance" add constraint "stock_balance_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "reservation" add constraint "reservation_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "reservation" add constraint "reservation_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "reservation" add constraint "reservation_lot_id_foreign" foreign key ("lot_id") references "lot" ("id") on update cascade on delete set null;`,
    );
  }
}
