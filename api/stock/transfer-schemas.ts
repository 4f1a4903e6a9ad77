import { z } from 'zod';
import { STOCK_TRANSFER_STATUSES } from '../../db/entities';
import { isoDate } from '../input-guard';
import { listQuerySchema } from '../master-data/list';

const code = z.string().trim().min(1, 'is required').max(40);

/** `POST /api/stock/transfers`: dispatch stock from a bin to another warehouse. */
export const transferDispatchBody = z
  .object({
    itemSku: code,
    lotCode: code.nullish().describe('The lot, for lot-tracked items'),
    quantity: z
      .number()
      .min(0.001, 'must be at least 0.001 (more than 0)')
      .max(1_000_000_000, 'too large')
      .describe('In the base unit; at most the bin’s free stock'),
    fromLocation: code.describe('The source bin'),
    toWarehouse: z.string().trim().min(1, 'is required').max(20).describe('The destination warehouse'),
    toLocation: code.nullish().describe('The destination bin, if known now (else named at receipt)'),
    expectedArrival: isoDate().describe('When the stock is expected at the destination; MRP plans it in then'),
    /** The same mechanism as the Idempotency-Key header, which is preferred; both given must agree. */
    idempotencyKey: z.string().min(8).max(120).optional(),
  })
  .strict();
export type TransferDispatchBody = z.infer<typeof transferDispatchBody>;

/** `POST /api/stock/transfers/:number/receive`: land the transfer in a bin of the destination warehouse. */
export const transferReceiveBody = z
  .object({
    toLocation: code.nullish().describe('The bin it lands in; defaults to the one named at dispatch'),
    idempotencyKey: z.string().min(8).max(120).optional(),
  })
  .strict();

export const transferNumberParams = z.object({ number: z.string().trim().min(1).max(20) });

/** One transfer on the wire. */
export const transferRecord = z.object({
  number: z.string(),
  status: z.enum(STOCK_TRANSFER_STATUSES),
  itemSku: z.string(),
  lotCode: z.string().nullable(),
  quantity: z.number(),
  fromLocation: z.string(),
  toWarehouse: z.string(),
  transitLocation: z.string().describe('Where the stock waits, in status in-transit: the destination’s dock'),
  toLocation: z.string().nullable(),
  expectedArrival: z.string(),
  dispatchedBy: z.string(),
  dispatchedAt: z.string(),
  receivedBy: z.string().nullable(),
  receivedAt: z.string().nullable(),
});
export type TransferRecord = z.infer<typeof transferRecord>;

/** Wire sort field -> entity property path. */
export const TRANSFER_SORT_FIELDS = {
  number: 'number',
  status: 'status',
  itemSku: 'item.sku',
  quantity: 'quantity',
  toWarehouse: 'toWarehouse.code',
  expectedArrival: 'expectedArrival',
  dispatchedAt: 'dispatchedAt',
} as const;

/** The list's query: search (number, sku), sort, paging, and filters by status and destination. */
export const transferListQuery = listQuerySchema(Object.keys(TRANSFER_SORT_FIELDS), {
  status: z.enum(STOCK_TRANSFER_STATUSES).or(z.literal('')).optional().describe('Only transfers in this status'),
  toWarehouse: z.string().max(20).optional().describe('Only transfers to this warehouse (its code)'),
}).omit({ active: true });
export type TransferListQuery = z.infer<typeof transferListQuery>;
