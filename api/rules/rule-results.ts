import { z } from 'zod';

/** A rule that was tested, with whether it fired (the engine's trace, in priority order). */
const ruleTrace = z.object({ name: z.string(), priority: z.number(), conditions: z.unknown() });

/** What a dry run answers: the decision the version would make, with the rules that fired and those that did not. */
export const decisionResult = z.object({
  ruleSetId: z.number(),
  ruleSetType: z.string(),
  version: z.number(),
  contentHash: z.string(),
  facts: z.record(z.string(), z.unknown()),
  firedRules: z.array(ruleTrace),
  rejectedRules: z.array(ruleTrace).optional(),
  rule: z.string().nullable(),
  policy: z.unknown(),
  usedDefault: z.boolean(),
});

const outcome = z.object({ rule: z.string().nullable(), policy: z.unknown() });

/** What a back-test answers: each re-run decision, and whether this version would decide differently. */
export const backTestResult = z.object({
  version: z.number(),
  examined: z.number(),
  changed: z.number(),
  results: z.array(
    z.object({
      decisionId: z.number(),
      recordedVersion: z.number(),
      changed: z.boolean(),
      before: outcome,
      after: outcome.nullable(),
      error: z.string().nullable(),
    }),
  ),
});

/** The JSON changes from one version's content to another's. */
export const diffResult = z.object({
  from: z.number(),
  to: z.number(),
  changes: z.array(
    z.object({
      path: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
    }),
  ),
});
