import { z } from 'zod';
import { intParam } from '../pagination';
import { isoDateTime } from '../input-guard';

export const versionSchema = z.object({
  id: z.number(),
  ruleSetCode: z.string(),
  type: z.string(),
  version: z.number(),
  status: z.enum(['draft', 'published', 'retired']),
  content: z.unknown(),
  contentHash: z.string(),
  effectiveFrom: z.string().nullable(),
  author: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const ruleSetSchema = z.object({
  code: z.string(),
  type: z.string(),
  name: z.string(),
  inForce: z.number().nullable(),
  versions: z.array(versionSchema.omit({ content: true })),
});

export const codeParams = z.object({ code: z.string().min(1).max(60) });
export const versionParams = codeParams.extend({ version: intParam() });
/** Rule-set content is validated by the rule-set schema of its type, which names the JSON path of each problem. */
export const contentBody = z.object({ content: z.unknown() });
export const publishBody = z.object({ effectiveFrom: isoDateTime().optional() });
export const backTestBody = z.object({ limit: z.number().int().min(1).max(1000).default(50) });
