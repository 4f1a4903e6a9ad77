import { query } from '../../db/sql';
import { inTransaction, type ActivityDeps } from '../context';

/** What decides whether an order's packages are checked: its customer and the docks it is staged at. */
export interface PackCheckRequiredInput {
  orderNumber: string;
  /** Staging locations (docks) of the dispatch; each belongs to one warehouse. */
  docks: string[];
}

/**
 * Whether a dispatch is checked, from the policy rows of its customer and of the warehouses it is staged in: checked
 * by default; an opt-out (`required = false`, set by a supervisor or admin, audited) on either skips the check, unless
 * the other explicitly requires it (a customer who wants checked packages gets them from an opted-out warehouse).
 */
export function packCheckRequiredBy(policies: ReadonlyArray<{ required: boolean }>): boolean {
  if (policies.some((policy) => policy.required)) return true;
  return policies.length === 0;
}

/**
 * Pack check (issue 20): whether this dispatch's packages must pass a pack check before the shipment is confirmed.
 * Every dispatch is, unless the order's customer or a warehouse it is staged in has opted out (pack_check_policy,
 * `packCheckRequiredBy`). The answer is recorded in the workflow's history, so histories replay whatever the policy
 * says today. Read-only, so retries are safe.
 */
export function createPackCheckActivities(deps: ActivityDeps) {
  return {
    async packCheckRequired(input: PackCheckRequiredInput): Promise<boolean> {
      return inTransaction(deps, async (em) => {
        const docks = input.docks.length > 0 ? input.docks : [''];
        const policies = await query<{ required: boolean }>(
          em,
          `select p.required from pack_check_policy p
            where (p.scope = 'customer' and p.code = (
                    select c.code from sales_order o join customer c on c.id = o.customer_id
                     where o.order_number = ?))
               or (p.scope = 'warehouse' and p.code in (
                    select w.code from location l join warehouse w on w.id = l.warehouse_id
                     where l.code in (${docks.map(() => '?').join(', ')})))`,
          [input.orderNumber, ...docks],
        );
        return packCheckRequiredBy(policies);
      });
    },
  };
}
