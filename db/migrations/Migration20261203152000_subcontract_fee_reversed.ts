import { Migration } from '@mikro-orm/migrations';

/**
 * The fee accrual a quality-gate rejection reversed (Dr 2300), kept on the delivery (issue 15): the subcontract-fee
 * subledger of the period close and the fee invoice then net it, as the account does. Deliveries rejected before
 * this column existed reversed their units' fee, capped at what the delivery accrued: the same figure is filled in.
 */
export class Migration20261203152000_subcontract_fee_reversed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "subcontract_delivery" add column "fee_reversed" numeric(18,2) not null default 0;`);
    this.addSql(
      `update "subcontract_delivery" d set "fee_reversed" = least(round(d."rejected_quantity" * o."fee_per_unit", 2), d."fee_accrued")
         from "subcontract_order" o where o."id" = d."order_id" and d."rejected_quantity" > 0;`,
    );
    this.addSql(
      `alter table "subcontract_delivery" add constraint subcontract_delivery_fee_reversed check (fee_reversed >= 0 and fee_reversed <= fee_accrued);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "subcontract_delivery" drop constraint if exists subcontract_delivery_fee_reversed;`);
    this.addSql(`alter table "subcontract_delivery" drop column if exists "fee_reversed";`);
  }
}
