import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { contentHash } from '../../rules/engine/hash';
import { isSupportedRuleSetType, validateRuleSet, formatPath, withoutRetiredValues } from '../../rules/rule-sets';
import { appendAudit } from '../../db/repositories/audit-repository';
import { RulesError } from '../../db/errors';
import {
  findRuleSet,
  findVersion,
  insertDraft,
  listVersions,
  publishVersion,
  retireVersion,
  updateDraft,
  versionInForce,
  type StoredVersion,
} from '../../db/rules/rule-repository';
import { query } from '../../db/sql';
import { diffJson } from './json-diff';

/**
 * Validates content being saved or published against its type's schema, as new content: values only old stored
 * versions may hold (the at-supplier allocation status) are refused too. A failure lists every problem with its JSON
 * path. (The engine reads stored versions without `authoring`: they are immutable and must still run.)
 */
export function checkContent(type: string, content: unknown): unknown {
  if (!isSupportedRuleSetType(type))
    throw new RulesError('RULE_SET_INVALID', `Rule sets of type ${type} cannot be edited yet`);
  const result = validateRuleSet(type, content, { authoring: true });
  if (result.ok) return result.content;
  const details = result.errors.map((error) => ({
    path: typeof error.path === 'string' ? error.path : formatPath(error.path),
    message: error.message,
  }));
  throw new RulesError('RULE_SET_INVALID', `${details[0]?.path}: ${details[0]?.message}`, details);
}

export async function listRuleSets(orm: MikroORM) {
  const em = orm.em.fork();
  const sets = await query<{ id: number; code: string; type: string; name: string }>(
    em,
    'select id, code, type, name from rule_set order by code',
  );
  const now = new Date();
  return Promise.all(
    sets.map(async (set) => {
      const versions = await listVersions(em, set.id);
      const inForce = await versionInForce(em, set.type, now).catch(() => null);
      return {
        code: set.code,
        type: set.type,
        name: set.name,
        inForce: inForce?.ruleSetCode === set.code ? inForce.version : null,
        versions: versions.map(({ content: _content, ...rest }) => rest),
      };
    }),
  );
}

async function audited<T>(
  orm: MikroORM,
  actor: string,
  action: string,
  entityId: string,
  work: (em: EntityManager) => Promise<T>,
  details: Record<string, unknown> = {},
) {
  return orm.em.fork().transactional(async (em) => {
    const result = await work(em);
    await appendAudit(em, { actor, action, entityType: 'rule_set_version', entityId, details });
    return result;
  });
}

/**
 * The version a new draft starts from: the one in force now (published, effective, newest effective date then
 * number), else the newest there is. Not simply the newest: that may be a retired experiment or a draft.
 */
export function draftSource(versions: ReadonlyArray<StoredVersion>, now: number): StoredVersion | undefined {
  const inForce = versions
    .filter((v) => v.status === 'published' && v.effectiveFrom !== null && Date.parse(v.effectiveFrom) <= now)
    .sort((a, b) => Date.parse(b.effectiveFrom!) - Date.parse(a.effectiveFrom!) || b.version - a.version);
  return inForce[0] ?? versions[0];
}

/**
 * The content a new draft copies from a stored version, without what new content may no longer say (the at-supplier
 * allocation status), so editing can start from an old version in force. Content an admin sends is checked as sent.
 */
function copyForDraft(type: string, source: StoredVersion | undefined): unknown {
  if (source === undefined || !isSupportedRuleSetType(type)) return source?.content;
  return withoutRetiredValues(type, source.content);
}

/** A new draft: from the given content, or (without content) a copy of the version in force to edit. */
export async function createDraft(
  orm: MikroORM,
  code: string,
  content: unknown,
  author: string,
): Promise<StoredVersion> {
  return audited(orm, author, 'rules.draft-created', code, async (em) => {
    const set = await findRuleSet(em, code);
    const source = content ?? copyForDraft(set.type, draftSource(await listVersions(em, set.id), Date.now()));
    const checked = checkContent(set.type, source);
    const version = await insertDraft(em, set.id, { content: checked, contentHash: contentHash(checked), author });
    return findVersion(em, code, version);
  });
}

export async function saveDraft(
  orm: MikroORM,
  code: string,
  version: number,
  content: unknown,
  user: string,
): Promise<StoredVersion> {
  return audited(orm, user, 'rules.draft-saved', `${code}@${version}`, async (em) => {
    const stored = await findVersion(em, code, version, true);
    if (stored.status !== 'draft')
      throw new RulesError('RULE_VERSION_NOT_DRAFT', `Version ${version} is ${stored.status} and immutable`);
    const checked = checkContent(stored.type, content);
    await updateDraft(em, stored.id, checked, contentHash(checked));
    return findVersion(em, code, version);
  });
}

export async function publish(
  orm: MikroORM,
  code: string,
  version: number,
  user: string,
  effectiveFrom: Date,
): Promise<StoredVersion> {
  return audited(
    orm,
    user,
    'rules.published',
    `${code}@${version}`,
    async (em) => {
      const stored = await findVersion(em, code, version, true);
      checkContent(stored.type, stored.content);
      await publishVersion(em, stored, user, effectiveFrom);
      return findVersion(em, code, version);
    },
    { effectiveFrom: effectiveFrom.toISOString() },
  );
}

export async function retire(orm: MikroORM, code: string, version: number, user: string): Promise<StoredVersion> {
  return audited(orm, user, 'rules.retired', `${code}@${version}`, async (em) => {
    const stored = await findVersion(em, code, version, true);
    await retireVersion(em, stored);
    return findVersion(em, code, version);
  });
}

export async function diffVersions(orm: MikroORM, code: string, from: number, to: number) {
  const em = orm.em.fork();
  const [a, b] = [await findVersion(em, code, from), await findVersion(em, code, to)];
  return { from, to, changes: diffJson(a.content, b.content) };
}
