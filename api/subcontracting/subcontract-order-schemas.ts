import { z } from 'zod';
import { COMPONENT_PROVISIONS, SUBCONTRACT_ORDER_STATUSES } from '../../db/entities/subcontracting';
import { isoDate } from '../input-guard';
import { subcontractOrderFees } from '../reports/subcontract-tracking-fees';

/** Exact checks behind the documented multipleOf (zod's is float-tolerant, so 5e-324 would pass it). */
const threeDecimals = (value: number) => Math.round(value * 1000) === value * 1000;
const sixDecimals = (value: number) => Math.abs(value * 1e6 - Math.round(value * 1e6)) < 1e-6;

const statuses = SUBCONTRACT_ORDER_STATUSES;
const provisions = COMPONENT_PROVISIONS;

const component = z.strictObject({
  itemSku: z.string().trim().min(1, 'itemSku is required').max(40).describe('The component (not the item made)'),
  quantityPer: z
    .number()
    .positive('quantityPer must be positive')
    .max(1_000_000)
    .refine(sixDecimals, 'quantityPer must have at most 6 decimals')
    .describe('Quantity of the component per one finished unit'),
  scrapPercent: z
    .number()
    .min(0, 'scrapPercent must be zero or more')
    .lt(100, 'scrapPercent must be below 100')
    .optional()
    .describe('Planned scrap in percent; required = quantity x quantityPer x (1 + scrap/100)'),
  provision: z
    .enum(provisions, { message: `provision must be one of ${COMPONENT_PROVISIONS.join(', ')}` })
    .optional()
    .describe('Who provides it: ours (default: we send it), supplier (it buys it) or customer (their material)'),
  customerCode: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe('The customer whose material it is: required with provision customer, refused otherwise'),
});

/** A new subcontract order as a planner or purchasing clerk posts it. */
export const createSubcontractOrderBody = z.strictObject({
  supplierCode: z.string().trim().min(1, 'supplierCode is required').max(40).describe('Who makes the item'),
  itemSku: z.string().trim().min(1, 'itemSku is required').max(40).describe('The finished item the supplier makes'),
  quantity: z
    .number()
    .positive('quantity must be positive')
    .max(1_000_000_000)
    .multipleOf(0.001, 'quantity must have at most 3 decimals')
    .refine(threeDecimals, 'quantity must have at most 3 decimals'),
  dueDate: isoDate().describe('When the finished goods are due back (YYYY-MM-DD)'),
  feePerUnit: z
    .number()
    .nonnegative('feePerUnit must be zero or more')
    .max(1_000_000_000)
    .refine(sixDecimals, 'feePerUnit must have at most 6 decimals')
    .optional()
    .describe("Processing fee per finished unit; omitted: the supplier's price for the item (item-supplier record)"),
  warehouseCode: z
    .string()
    .trim()
    .min(1, 'warehouseCode is required')
    .max(20)
    .describe('Where the finished goods come back (a physical warehouse)'),
  components: z
    .array(component)
    .max(200)
    .optional()
    .describe(
      "What the supplier makes it from; omitted or empty: the item's BOM in effect today, each line provided as the " +
        'BOM says (ours, or the customer named in customerCode)',
    ),
  customerCode: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .optional()
    .describe(
      "The customer the order is made for: the BOM's customer-supplied lines become their material (required when " +
        'the components come from a BOM that has any; not used when components are given, each names its own)',
    ),
});
export type CreateSubcontractOrderBody = z.infer<typeof createSubcontractOrderBody>;

export const createdSubcontractOrder = z.object({
  orderNumber: z.string(),
  workflowId: z.string(),
  status: z.literal('draft'),
});

export const subcontractOrderNumberParams = z.object({ orderNumber: z.string().min(1).max(30) });

/** Cancelling an order: only while nothing was sent. */
export const cancelSubcontractOrderBody = z.strictObject({
  reason: z.string().trim().min(1, 'reason is required: say why the order is cancelled').max(500),
});

/** One subcontract order in the list (quantities of components summed over the order's components). */
export const subcontractOrderSummary = z.object({
  orderNumber: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  itemSku: z.string(),
  itemName: z.string(),
  quantity: z.number(),
  dueDate: z.string(),
  status: z.enum(statuses),
  late: z.boolean().describe('Past its due date and not yet received, closed or cancelled'),
  sentQuantity: z
    .number()
    .nullable()
    .describe('The component sent, when the order sends exactly one of ours; null otherwise (units do not add up)'),
  atSupplierQuantity: z
    .number()
    .nullable()
    .describe(
      'That one component still at the supplier (sent - consumed - scrapped - returned); null when it sends several',
    ),
  componentsAtSupplier: z.number().describe('How many of our component lines still have something at the supplier'),
  receivedQuantity: z.number().describe('Finished units delivered (rejected deliveries not counted)'),
  openQuantity: z.number().describe('Finished units still to come: ordered - received, never below 0 (0 if cancelled)'),
  warehouseCode: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  workflowId: z.string(),
});
export type SubcontractOrderSummary = z.infer<typeof subcontractOrderSummary>;

const reported = z.array(z.object({ lineNo: z.number(), itemSku: z.string(), quantity: z.number() }));

export const subcontractOrderDetail = subcontractOrderSummary.extend({
  feePerUnit: z.number(),
  plannedRef: z.string().nullable().describe('The MRP planned order it was released from'),
  cancelledReason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  components: z.array(
    z.object({
      lineNo: z.number(),
      itemSku: z.string(),
      itemName: z.string(),
      uom: z.string(),
      quantityPer: z.number(),
      scrapPercent: z.number(),
      provision: z.enum(provisions),
      customerCode: z.string().nullable(),
      requiredQuantity: z.number(),
      sentQuantity: z.number(),
      consumedQuantity: z.number(),
      scrappedQuantity: z.number(),
      returnedQuantity: z.number(),
      atSupplierQuantity: z.number(),
    }),
  ),
  deliveries: z.array(
    z.object({
      deliveryNo: z.number(),
      finishedQuantity: z.number(),
      lotCode: z.string().nullable(),
      receivedAt: z.string(),
      status: z.enum(['received', 'rejected']),
      feeAccrued: z.number(),
      rejectedQuantity: z
        .number()
        .describe('Units of this delivery the quality gate rejected back to the supplier (their fee accrual reversed)'),
      redeliveredQuantity: z
        .number()
        .describe(
          'Units of this delivery that were earlier rejected stock re-delivered (no components consumed again)',
        ),
      reportedConsumed: reported,
      reportedScrapped: reported,
      reportedReturned: reported,
      freight: z.number().describe('Freight posted on the delivery by carrier receipts, on top of components + fee'),
      freightReceipts: z.array(z.string()).describe('The carrier receipts that posted it'),
    }),
  ),
  fees: subcontractOrderFees,
});
export type SubcontractOrderDetail = z.infer<typeof subcontractOrderDetail>;
