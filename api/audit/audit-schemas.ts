import { z } from 'zod';

const head = z.object({ seq: z.number(), chainHash: z.string() });

/** The answer of GET /api/audit/verify (db/audit/verify.ts ChainVerification). */
export const chainVerificationSchema = z.object({
  ok: z.boolean().describe('True when every sealed position verified'),
  verified: z.number().describe('Positions verified before the first break (all of them when ok)'),
  head: head.nullable().describe('The last verified position and its chain hash'),
  firstBreak: z
    .object({
      kind: z.enum(['content', 'link', 'row-missing', 'position-missing', 'checkpoint']),
      seq: z.number(),
      auditId: z.number().nullable(),
      detail: z.string(),
    })
    .nullable()
    .describe('The first position whose content or link does not match, or whose audit row is gone'),
  unsealed: z
    .object({ count: z.number(), firstIds: z.array(z.number()) })
    .describe('Audit rows committed after this sealing run: not yet in the chain, not a break'),
  checkpointsChecked: z.number(),
  threads: z.number().describe('Threads that walked stretches of the chain side by side'),
});

export const checkpointSchema = z.object({
  day: z.string().describe('UTC day the positions were sealed'),
  seq: z.number().describe('The chain head at the end of that day (so far, for today)'),
  chainHash: z.string(),
});
