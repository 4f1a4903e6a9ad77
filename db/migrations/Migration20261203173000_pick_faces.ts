import { Migration } from '@mikro-orm/migrations';

/**
 * Pick-face replenishment and the wave-at-risk alert (issue 20): bins kept between a minimum and a maximum of one item
 * (the pick faces a wave is replenished at before its pickers reach them), and the alert kind for a released wave whose
 * remaining picks will not finish before its carrier cut-off.
 */
export class Migration20261203173000_pick_faces extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "pick_face" ("id" serial primary key, "location_id" int not null, "item_id" int not null, "min_quantity" numeric(18,3) not null, "max_quantity" numeric(18,3) not null, "updated_by" varchar(64) not null, "updated_at" timestamptz not null, constraint pick_face_min_not_negative check (min_quantity >= 0), constraint pick_face_max_above_min check (max_quantity > min_quantity));`,
    );
    this.addSql(`create index "pick_face_item_index" on "pick_face" ("item_id");`);
    this.addSql(
      `alter table "pick_face" add constraint "pick_face_location_item_unique" unique ("location_id", "item_id");`,
    );
    this.addSql(
      `alter table "pick_face" add constraint "pick_face_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "pick_face" add constraint "pick_face_item_id_foreign" foreign key ("item_id") references "item" ("id") on update cascade;`,
    );
    this.addSql(`alter table "alert" drop constraint "alert_kind_known";`);
    this.addSql(
      `alter table "alert" add constraint alert_kind_known check (kind = 'late-production' or kind = 'below-reorder-point' or kind = 'near-expiry' or kind = 'wave-at-risk');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "alert" where kind = 'wave-at-risk';`);
    this.addSql(`alter table "alert" drop constraint "alert_kind_known";`);
    this.addSql(
      `alter table "alert" add constraint alert_kind_known check (kind = 'late-production' or kind = 'below-reorder-point' or kind = 'near-expiry');`,
    );
    this.addSql(`drop table if exists "pick_face";`);
  }
}
