import type { MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { createEngineCache, type Facts } from '../../rules/engine';
import { RulesError } from '../../db/errors';
import { findVersion } from '../../db/rules/rule-repository';
import { query } from '../../db/sql';
import { ApiError } from '../errors';
import { DECISION_SQL, decisionSchema, toDecision } from '../rules/decision-schemas';
import { dryRun } from '../rules/rule-evaluation';

/** Compiled versions for the replays the auditor's decision view makes (small: auditors open a few at a time). */
const cache = createEngineCache(32);

const ruleLine = z.object({ name: z.string(), priority: z.number() });

/** GET /api/audit/decisions/:id: the stored decision and why the alternatives lost. */
export const decisionExplanationSchema = z.object({
  decision: decisionSchema,
  /** The rule whose policy applied; null when no rule held and the version's default policy applied. */
  winner: z.string().nullable(),
  usedDefault: z.boolean(),
  policy: z.unknown().describe('The policy that applied'),
  because: z.string().describe('One sentence: what won under which version, and what it outranked'),
  outranked: z
    .array(ruleLine.extend({ policy: z.unknown() }))
    .describe(
      'Rules whose conditions held too but lost on priority (then name), with the policy each would have applied',
    ),
  rejected: z
    .array(ruleLine.extend({ conditions: z.unknown() }))
    .describe("Rules whose conditions failed on the decision's facts, each with its condition trace (from the replay)"),
  replay: z
    .object({
      matches: z.boolean().describe('The replay chose the same rule as the stored decision'),
      problem: z.string().nullable().describe('Why the decision could not be replayed (e.g. facts no longer valid)'),
    })
    .describe(
      "The stored facts run again under the same version (its content hash checked): the rejected rules' source",
    ),
});
export type DecisionExplanation = z.infer<typeof decisionExplanationSchema>;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A rule's policy in the version's content (`rules[].event.params`); undefined when the content does not have it. */
function policyOf(content: Json, name: string): unknown {
  const rules = Array.isArray(content.rules) ? (content.rules as unknown[]) : [];
  const rule = rules.find((r) => isRecord(r) && r.name === name);
  return isRecord(rule) && isRecord(rule.event) ? rule.event.params : undefined;
}

function firedOf(value: unknown): { name: string; priority: number }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((r) => ({ name: String(r.name), priority: Number(r.priority ?? 1) }));
}

/**
 * One stored decision for the auditor: the rule-set type, code, version and content hash it ran under, its facts,
 * the rules that fired, the result, and why the alternatives lost: the fired rules the winner outranked (with their
 * policies from the version's content) and the rules whose conditions failed (replaying the stored facts under the
 * same version with the rejected rules traced; nothing is stored).
 */
export async function explainDecision(orm: MikroORM, id: number): Promise<DecisionExplanation> {
  const em = orm.em.fork();
  const [row] = await query<Json>(em, `${DECISION_SQL} where d.id = ?`, [id]);
  if (!row) throw new ApiError('NOT_FOUND', `No decision ${id}`, 'id');
  const decision = toDecision(row);
  const result = isRecord(decision.result) ? decision.result : {};
  const fired = firedOf(decision.firedRules);
  const usedDefault = result.usedDefault === true || fired.length === 0;
  const winner = typeof result.rule === 'string' ? result.rule : null;
  const version = await findVersion(em, decision.ruleSetCode, decision.version);
  const outranked = fired
    .filter((rule) => rule.name !== winner)
    .map((rule) => ({ ...rule, policy: policyOf(version.content, rule.name) }));
  const replay = await dryRun(orm, cache, decision.ruleSetCode, decision.version, {
    facts: decision.facts as Facts,
  }).then(
    (again) => ({ again, problem: null }),
    (error: unknown) => {
      if (error instanceof RulesError) return { again: null, problem: error.message };
      throw error;
    },
  );
  const source = usedDefault
    ? `no rule held, so the default policy of ${decision.ruleSetType} v${decision.version} applied`
    : `rule "${winner ?? ''}" of ${decision.ruleSetType} v${decision.version} applied`;
  const beaten = outranked.length
    ? `; it outranked ${outranked.map((o) => `"${o.name}" (priority ${o.priority})`).join(', ')}`
    : '';
  return {
    decision,
    winner,
    usedDefault,
    policy: result.policy ?? null,
    because: `${source}${beaten}`,
    outranked,
    rejected: (replay.again?.rejectedRules ?? []).map((rule) => ({
      name: rule.name,
      priority: rule.priority,
      conditions: rule.conditions,
    })),
    replay: { matches: replay.again ? replay.again.rule === winner : false, problem: replay.problem },
  };
}
