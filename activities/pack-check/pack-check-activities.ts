import { query } from '../../db/sql';
import { inTransaction, type ActivityDeps } from '../context';

/** What decides whether an order's packages are checked: its customer and the docks it is staged at. */
export interface PackCheckRequiredInput {
  orderNumber: string;
  /** Staging locations (docks) of the dispatch; each belongs to one warehouse. */
  docks: string[];
}

/**
 * Pack check (issue 20): whether this dispatch's packages must pass a pack check before the shipment is confirmed,
 * by the pack_check_policy of the order's customer or of a warehouse it is staged in. Read-only, so retries are safe.
 */
export function createPackCheckActivities(deps: ActivityDeps) {
  return {
    async packCheckRequired(input: PackCheckRequiredInput): Promise<boolean> {
      return inTransaction(deps, async (em) => {
        const docks = input.docks.length > 0 ? input.docks : [''];
        const [row] = await query<{ required: boolean }>(
          em,
          `select exists (
             select 1 from pack_check_policy p
              where p.required
                and ((p.scope = 'customer' and p.code = (
                       select c.code from sales_order o join customer c on c.id = o.customer_id
                        where o.order_number = ?))
                  or (p.scope = 'warehouse' and p.code in (
                       select w.code from location l join warehouse w on w.id = l.warehouse_id
                        where l.code in (${docks.map(() => '?').join(', ')}))))
           ) as required`,
          [input.orderNumber, ...docks],
        );
        return row?.required === true;
      });
    },
  };
}
