import { Migration } from '@mikro-orm/migrations';

/**
 * Process instances say how they ended: order-fulfillment runs that ended cancelled or credit-rejected were
 * recorded as 'completed' (shown green, not found by the status filter). Their last step tells how they ended,
 * so the rows are corrected from it; no schema change (the status column holds any of the values).
 */
export class Migration20261201152000_process_outcome extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `update "process_instance" set "status" = case "current_step" when 'credit-rejected' then 'rejected' else 'cancelled' end
        where "process_type" = 'order-fulfillment' and "status" = 'completed'
          and "current_step" in ('cancelled', 'credit-rejected');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `update "process_instance" set "status" = 'completed'
        where "process_type" = 'order-fulfillment' and "status" in ('cancelled', 'rejected')
          and "current_step" in ('cancelled', 'credit-rejected');`,
    );
  }
}
