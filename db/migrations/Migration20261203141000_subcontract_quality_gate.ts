import { Migration } from '@mikro-orm/migrations';

/**
 * Subcontract deliveries through the quality gate (issues 15 + 16). A delivery rejected at the gate (wholly or in
 * part) goes back to the supplier's site: `rejected_quantity` is how much of it, so the order's delivered quantity
 * falls by it; `redelivered_quantity` is how much of a later delivery was that rejected stock coming back (taken from
 * the supplier's site instead of consuming components again).
 */
export class Migration20261203141000_subcontract_quality_gate extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "subcontract_delivery" add column "rejected_quantity" numeric(18,3) not null default 0, add column "redelivered_quantity" numeric(18,3) not null default 0;`,
    );
    this.addSql(
      `alter table "subcontract_delivery" add constraint subcontract_delivery_gate check (rejected_quantity >= 0 and rejected_quantity <= finished_quantity and redelivered_quantity >= 0 and redelivered_quantity <= finished_quantity);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "subcontract_delivery" drop constraint if exists subcontract_delivery_gate;`);
    this.addSql(
      `alter table "subcontract_delivery" drop column if exists "rejected_quantity", drop column if exists "redelivered_quantity";`,
    );
  }
}
