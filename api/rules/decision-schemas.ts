import { z } from 'zod';
import { num } from '../../db/sql';

/**
 * A stored rule decision as the API returns it: which rule-set version it ran under (code, version and the
 * content hash, so an auditor can check it against the published version), the facts, the rules that fired and
 * the result. Allocation results also list the lots passed over and why (`result.passedOver`).
 */
export const decisionSchema = z.object({
  id: z.number(),
  ruleSetCode: z.string(),
  ruleSetType: z.string(),
  version: z.number(),
  contentHash: z.string(),
  workflowId: z.string().nullable(),
  businessKey: z.string().nullable(),
  facts: z.unknown(),
  firedRules: z.unknown(),
  result: z.unknown(),
  createdAt: z.string(),
});

/** Selects decision rows with their rule set's code; callers add `where` and ordering. */
export const DECISION_SQL = `select d.*, s.code as rule_set_code from rule_decision d join rule_set s on s.id = d.rule_set_id`;

export function toDecision(r: Record<string, unknown>): z.infer<typeof decisionSchema> {
  return {
    id: num(r.id),
    ruleSetCode: String(r.rule_set_code),
    ruleSetType: String(r.rule_set_type),
    version: num(r.version),
    contentHash: String(r.content_hash),
    workflowId: r.workflow_id === null ? null : String(r.workflow_id),
    businessKey: r.business_key === null ? null : String(r.business_key),
    facts: r.facts,
    firedRules: r.fired_rules,
    result: r.result,
    createdAt: new Date(r.created_at as string).toISOString(),
  };
}
