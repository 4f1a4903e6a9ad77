import type { EntityManager } from '@mikro-orm/postgresql';
import { RulesError } from '../errors';
import { num, query } from '../sql';
import { queryBound } from '../bound-sql';

/** A rule-set version as stored. */
export interface StoredVersion {
  id: number;
  ruleSetId: number;
  ruleSetCode: string;
  type: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  content: Record<string, unknown>;
  contentHash: string;
  effectiveFrom: string | null;
  author: string;
  publishedBy: string | null;
  publishedAt: string | null;
  createdAt: string;
}

const VERSION_SQL = `select v.*, s.code as rule_set_code, s.type from rule_set_version v join rule_set s on s.id = v.rule_set_id`;

function iso(value: unknown): string | null {
  return value ? new Date(value as string).toISOString() : null;
}

function toVersion(r: Record<string, unknown>): StoredVersion {
  return {
    id: num(r.id),
    ruleSetId: num(r.rule_set_id),
    ruleSetCode: String(r.rule_set_code),
    type: String(r.type),
    version: num(r.version),
    status: r.status as StoredVersion['status'],
    content: r.content as Record<string, unknown>,
    contentHash: String(r.content_hash),
    effectiveFrom: iso(r.effective_from),
    author: String(r.author),
    publishedBy: r.published_by === null ? null : String(r.published_by),
    publishedAt: iso(r.published_at),
    createdAt: iso(r.created_at) ?? '',
  };
}

export async function findRuleSet(
  em: EntityManager,
  code: string,
): Promise<{ id: number; code: string; type: string; name: string }> {
  const [row] = await query<Record<string, unknown>>(em, 'select id, code, type, name from rule_set where code = ?', [
    code,
  ]);
  if (!row) throw new RulesError('RULE_SET_NOT_FOUND', `No rule set ${code}`);
  return { id: num(row.id), code: String(row.code), type: String(row.type), name: String(row.name) };
}

export async function findVersion(
  em: EntityManager,
  code: string,
  version: number,
  lock = false,
): Promise<StoredVersion> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `${VERSION_SQL} where s.code = ? and v.version = ?${lock ? ' for update of v' : ''}`,
    [code, version],
  );
  if (!row) throw new RulesError('RULE_VERSION_NOT_FOUND', `Rule set ${code} has no version ${version}`);
  return toVersion(row);
}

export async function listVersions(em: EntityManager, ruleSetId: number): Promise<StoredVersion[]> {
  const rows = await query<Record<string, unknown>>(
    em,
    `${VERSION_SQL} where v.rule_set_id = ? order by v.version desc`,
    [ruleSetId],
  );
  return rows.map(toVersion);
}

/** Adds a draft as the next version number of the rule set. */
export async function insertDraft(
  em: EntityManager,
  ruleSetId: number,
  draft: { content: unknown; contentHash: string; author: string },
): Promise<number> {
  await query(em, 'select id from rule_set where id = ? for update', [ruleSetId]); // one version number at a time
  const [row] = await query<{ version: number }>(
    em,
    `insert into rule_set_version (rule_set_id, version, status, content, content_hash, author, created_at, updated_at)
     select ?, coalesce(max(version), 0) + 1, 'draft', ?, ?, ?, now(), now() from rule_set_version where rule_set_id = ?
     returning version`,
    [ruleSetId, JSON.stringify(draft.content), draft.contentHash, draft.author, ruleSetId],
  );
  return num(row?.version);
}

export async function updateDraft(em: EntityManager, id: number, content: unknown, contentHash: string): Promise<void> {
  await query(
    em,
    `update rule_set_version set content = ?, content_hash = ?, updated_at = now() where id = ? and status = 'draft'`,
    [JSON.stringify(content), contentHash, id],
  );
}

/**
 * Publishes a draft. Four-eyes: the publisher must not be its author. Versions of the same rule set published
 * earlier stay in force until the new one's effective date; nothing about them changes.
 */
export async function publishVersion(
  em: EntityManager,
  version: StoredVersion,
  publisher: string,
  effectiveFrom: Date,
): Promise<void> {
  if (version.status !== 'draft')
    throw new RulesError('RULE_VERSION_NOT_DRAFT', `Version ${version.version} is ${version.status}`);
  // Four eyes: neither the author nor anyone who edited the draft (the audit log records each save) may publish it.
  const [edits] = await query<{ n: string }>(
    em,
    `select count(*) as n from audit_log where entity_type = 'rule_set_version' and entity_id = ?
        and action = 'rules.draft-saved' and actor = ?`,
    [`${version.ruleSetCode}@${version.version}`, publisher],
  );
  if (version.author === publisher || num(edits?.n) > 0) {
    throw new RulesError(
      'RULE_FOUR_EYES',
      `${publisher} wrote or edited version ${version.version}; a second admin must publish it`,
    );
  }
  await query(
    em,
    `update rule_set_version set status = 'published', published_by = ?, published_at = now(), effective_from = ?, updated_at = now()
      where id = ?`,
    [publisher, effectiveFrom, version.id],
  );
}

export async function retireVersion(em: EntityManager, version: StoredVersion): Promise<void> {
  if (version.status !== 'published')
    throw new RulesError('RULE_VERSION_NOT_DRAFT', `Only a published version can be retired`);
  const [others] = await query<{ n: string }>(
    em,
    `select count(*) as n from rule_set_version where rule_set_id = ? and status = 'published' and id <> ?`,
    [version.ruleSetId, version.id],
  );
  if (num(others?.n) === 0) {
    throw new RulesError('RULE_VERSION_NOT_DRAFT', 'This is the only published version: publish a successor first');
  }
  await query(em, `update rule_set_version set status = 'retired', retired_at = now() where id = ?`, [version.id]);
}

/** The version of a rule-set type in force at `at`: the latest published one whose effective date has come. */
export async function versionInForce(em: EntityManager, type: string, at: Date): Promise<StoredVersion> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `${VERSION_SQL} where s.type = ? and v.status = 'published' and v.effective_from <= ?
      order by v.effective_from desc, v.version desc limit 1`,
    [type, at],
  );
  if (!row) throw new RulesError('NO_PUBLISHED_RULES', `No published ${type} rules are in force`);
  return toVersion(row);
}

export interface DecisionRecord {
  ruleSetId: number;
  ruleSetType: string;
  version: number;
  contentHash: string;
  workflowId?: string | null;
  businessKey?: string | null;
  facts: unknown;
  firedRules: unknown;
  result: unknown;
}

/** Stores a decision with everything an auditor needs to see why. */
export async function insertDecision(em: EntityManager, d: DecisionRecord): Promise<number> {
  const [row] = await query<{ id: number }>(
    em,
    `insert into rule_decision (rule_set_id, rule_set_type, version, content_hash, workflow_id, business_key, facts,
                                fired_rules, result, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [
      d.ruleSetId,
      d.ruleSetType,
      d.version,
      d.contentHash,
      d.workflowId ?? null,
      d.businessKey ?? null,
      JSON.stringify(d.facts),
      JSON.stringify(d.firedRules),
      JSON.stringify(d.result),
    ],
  );
  return num(row?.id);
}

/**
 * Stores many decisions in one statement (a planning run decides thousands of items at once); returns nothing but
 * how many were stored. Same rows as {@link insertDecision} writes one at a time.
 */
export async function insertDecisions(em: EntityManager, decisions: ReadonlyArray<DecisionRecord>): Promise<number> {
  if (decisions.length === 0) return 0;
  const rows = decisions.map((d) => ({
    rule_set_id: d.ruleSetId,
    rule_set_type: d.ruleSetType,
    version: d.version,
    content_hash: d.contentHash,
    workflow_id: d.workflowId ?? null,
    business_key: d.businessKey ?? null,
    facts: d.facts,
    fired_rules: d.firedRules,
    result: d.result,
  }));
  // Bound: a run's thousands of decisions are megabytes, which `query` would escape into the SQL text.
  await queryBound(
    em,
    `insert into rule_decision (rule_set_id, rule_set_type, version, content_hash, workflow_id, business_key, facts,
                                fired_rules, result, created_at)
     select x.rule_set_id, x.rule_set_type, x.version, x.content_hash, x.workflow_id, x.business_key, x.facts,
            x.fired_rules, x.result, now()
       from jsonb_to_recordset(?::jsonb) as x(rule_set_id int, rule_set_type text, version int, content_hash text,
                                             workflow_id text, business_key text, facts jsonb, fired_rules jsonb,
                                             result jsonb)`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}
