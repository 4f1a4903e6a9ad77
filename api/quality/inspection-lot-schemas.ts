import { z } from 'zod';
import { DISPOSITION_KINDS, INSPECTION_LOT_STATUSES } from '../../db/entities';

export const inspectionLotListQuerystring = z.object({
  status: z.enum(INSPECTION_LOT_STATUSES).optional().describe('Only lots in this status'),
  supplierCode: z.string().min(1).max(40).optional().describe("Only this supplier's lots"),
  itemSku: z.string().min(1).max(40).optional().describe("Only this item's lots"),
  sourceDocument: z.string().min(1).max(40).optional().describe('Only lots of this document (purchase order number)'),
});
export type InspectionLotListQuery = z.output<typeof inspectionLotListQuerystring>;

export const lotNoParams = z.object({ lotNo: z.string().min(1).max(16) });

export const inspectionLotSummary = z.object({
  lotNo: z.string(),
  status: z.enum(INSPECTION_LOT_STATUSES),
  source: z.string(),
  sourceDocument: z.string(),
  sourceLineNo: z.number().int(),
  deliveryNo: z.number().int().nullable(),
  supplierCode: z.string().nullable(),
  itemSku: z.string(),
  stockLotCode: z.string().nullable(),
  locationCode: z.string(),
  quantity: z.number(),
  sampleSize: z.number().int(),
  ac: z.number().int().nullable(),
  re: z.number().int().nullable(),
  severity: z.string().nullable(),
  verdict: z.string().nullable(),
  workflowId: z.string(),
  createdAt: z.string(),
});
export type InspectionLotSummary = z.output<typeof inspectionLotSummary>;

export const inspectionLotDetail = inspectionLotSummary.extend({
  planVersion: z.number().int().nullable(),
  nonconformingUnits: z.number().int().nullable(),
  readingsBy: z.string().nullable(),
  sampling: z
    .object({
      reason: z.string(),
      sampleReason: z.string(),
      result: z.string(),
      rule: z.string().nullable(),
      usedDefault: z.boolean(),
      ruleSetId: z.number().int(),
      ruleSetVersion: z.number().int(),
      facts: z.record(z.string(), z.unknown()),
      policy: z.record(z.string(), z.unknown()),
      outranked: z.array(z.object({ rule: z.string(), priority: z.number(), lostBecause: z.string() })),
    })
    .describe('The sampling decision as it was made, with its reason'),
  readings: z.array(
    z.object({
      characteristic: z.string(),
      sampleUnit: z.number().int(),
      value: z.unknown(),
      conforms: z.boolean(),
      judgement: z.string(),
    }),
  ),
  dispositions: z.array(
    z.object({
      kind: z.enum(DISPOSITION_KINDS),
      quantity: z.number(),
      decidedBy: z.string(),
      concessionBy: z.string().nullable(),
      documentRef: z.string().nullable(),
    }),
  ),
  nonconformances: z.array(
    z.object({ cause: z.string(), quantity: z.number(), supplierCode: z.string().nullable(), action: z.string() }),
  ),
});
export type InspectionLotDetail = z.output<typeof inspectionLotDetail>;

export const dispositionBody = z.object({
  parts: z
    .array(z.object({ kind: z.enum(DISPOSITION_KINDS), quantity: z.number().positive() }))
    .min(1)
    .max(10)
    .describe('The split of the lot: its quantities add up to the lot'),
  cause: z.string().max(500).optional().describe('Why the rejected part was rejected (the nonconformance cause)'),
});
