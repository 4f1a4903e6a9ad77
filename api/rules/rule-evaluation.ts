import type { MikroORM } from '@mikro-orm/postgresql';
import { compileRuleSet, decide, RuleEngineError, type EngineCache, type Facts } from '../../rules/engine';
import { canonicalJson } from '../../rules/engine';
import type { SupportedRuleSetType } from '../../rules/rule-sets';
import { RulesError } from '../../db/errors';
import { findVersion, type StoredVersion } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';

/** Compiles a stored version (drafts included) through the one engine wrapper and its cache. */
function compile(version: StoredVersion, cache: EngineCache) {
  try {
    return compileRuleSet(
      {
        ruleSetId: version.ruleSetId,
        type: version.type as SupportedRuleSetType,
        version: version.version,
        contentHash: version.contentHash,
        content: version.content,
      },
      cache,
    );
  } catch (error) {
    const problems = error instanceof RuleEngineError ? [...error.problems] : [];
    throw new RulesError('RULE_SET_INVALID', error instanceof Error ? error.message : String(error), problems);
  }
}

async function decideOrExplain(version: StoredVersion, cache: EngineCache, facts: Facts) {
  try {
    return await decide(compile(version, cache), facts, { explainRejected: true });
  } catch (error) {
    if (error instanceof RuleEngineError) {
      // Each problem names its fact as `$["name"]`; in the request the facts sit under `facts`.
      const details = error.problems.map((p) => ({ path: p.path.replace(/^\$/, 'facts'), message: p.message }));
      throw new RulesError('RULE_FACTS_INVALID', error.message, details);
    }
    throw error;
  }
}

/** Dry run: what the version would decide for these facts (typed in, or taken from a recorded decision). Nothing is stored. */
export async function dryRun(
  orm: MikroORM,
  cache: EngineCache,
  code: string,
  versionNo: number,
  input: { facts?: Facts; decisionId?: number },
) {
  const em = orm.em.fork();
  const version = await findVersion(em, code, versionNo);
  let facts = input.facts;
  if (input.decisionId !== undefined) {
    const [row] = await query<{ facts: Facts }>(
      em,
      'select facts from rule_decision where id = ? and rule_set_type = ?',
      [input.decisionId, version.type],
    );
    if (!row) throw new RulesError('RULE_VERSION_NOT_FOUND', `No ${version.type} decision ${input.decisionId}`);
    facts = row.facts;
  }
  return decideOrExplain(version, cache, facts ?? {});
}

/**
 * Back-test: re-runs the last `limit` recorded decisions of the rule set's type under this version and shows
 * which would now choose a different policy (and why), without storing anything.
 */
export async function backTest(orm: MikroORM, cache: EngineCache, code: string, versionNo: number, limit: number) {
  const em = orm.em.fork();
  const version = await findVersion(em, code, versionNo);
  const rows = await query<{
    id: number;
    version: number;
    facts: Facts;
    result: { policy?: unknown; rule?: string | null };
  }>(em, 'select id, version, facts, result from rule_decision where rule_set_type = ? order by id desc limit ?', [
    version.type,
    limit,
  ]);
  const compiled = compile(version, cache);
  const results = [];
  for (const row of rows) {
    const decision = await decide(compiled, row.facts).catch((error: unknown) => ({ error: String(error) }));
    const after = 'error' in decision ? null : { rule: decision.rule, policy: decision.policy };
    const before = { rule: row.result?.rule ?? null, policy: row.result?.policy ?? null };
    // Canonical text: the recorded policy came back from jsonb with its keys reordered, so plain JSON text would
    // call every decision changed, even under the very version that made it.
    const changed = after === null || canonicalJson(after.policy) !== canonicalJson(before.policy ?? null);
    results.push({
      decisionId: num(row.id),
      recordedVersion: num(row.version),
      changed,
      before,
      after,
      error: 'error' in decision ? decision.error : null,
    });
  }
  return { version: versionNo, examined: results.length, changed: results.filter((r) => r.changed).length, results };
}
