import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { findVersion } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { intParam, MAX_INT4, offsetOf, pageOf, pageQuery } from '../pagination';
import type { EngineCache } from '../../rules/engine';
import { FACT_CATALOGUES, OPERATORS, POLICY_SCHEMAS } from '../../rules/rule-sets';
import {
  backTestBody,
  codeParams,
  contentBody,
  publishBody,
  ruleSetSchema,
  versionParams,
  versionSchema,
} from './rule-schemas';
import { backTestResult, decisionResult, diffResult } from './rule-results';
import { backTest, dryRun } from './rule-evaluation';
import { createDraft, diffVersions, listRuleSets, publish, retire, saveDraft } from './rule-service';
import { routeDocs } from '../openapi/route-docs';

const ADMIN = ['admin'] as const;

const decisionSchema = z.object({
  id: z.number(),
  workflowId: z.string().nullable(),
  businessKey: z.string().nullable(),
  facts: z.unknown(),
  firedRules: z.unknown(),
  result: z.unknown(),
  createdAt: z.string(),
});

/** Rule-set administration: drafts, validation, four-eyes publishing, retirement, diffs and the decisions made. */
export function ruleRoutes(orm: MikroORM, cache: EngineCache): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'List rule sets',
            description:
              'Every rule set with its type, the version in force and all its versions (without content). Reads only.',
          }),
          tags: ['rules'],
          response: { 200: z.object({ items: z.array(ruleSetSchema) }) },
        },
      },
      async () => ({
        items: await listRuleSets(orm),
      }),
    );

    app.get(
      '/catalogue',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'The rule-set catalogue',
            description:
              'For each rule-set type, the facts its rules may test and the JSON schema of its policy, plus the operators: ' +
              'the same definitions the server validates against. Reads only.',
          }),
          tags: ['rules'],
          response: {
            200: z.object({
              operators: z.array(z.string()),
              types: z.record(
                z.string(),
                z.object({
                  facts: z.record(z.string(), z.object({ type: z.string(), description: z.string() })),
                  policy: z.unknown(),
                }),
              ),
            }),
          },
        },
      },
      // The facts each rule-set type may test and the JSON schema of its policy: what the editor offers, from the
      // same definitions the server validates against.
      async () => ({
        operators: [...OPERATORS],
        types: Object.fromEntries(
          Object.entries(FACT_CATALOGUES).map(([type, facts]) => [
            type,
            { facts, policy: z.toJSONSchema(POLICY_SCHEMAS[type as keyof typeof POLICY_SCHEMAS], { io: 'input' }) },
          ]),
        ),
      }),
    );

    app.get(
      '/:code/versions/:version',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Read a rule-set version',
            description:
              'One version of a rule set with its content, hash, status and who wrote and published it. Reads only.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND'],
          }),
          tags: ['rules'],
          params: versionParams,
          response: { 200: versionSchema },
        },
      },
      async (request) => findVersion(orm.em.fork(), request.params.code, request.params.version),
    );

    app.post(
      '/:code/drafts',
      {
        config: { roles: ADMIN },
        schema: {
          ...routeDocs({
            summary: 'Start a draft version',
            description:
              'Creates a new draft version of the rule set, from the given content or a copy of the version in force. ' +
              'The content is validated against the type (every problem listed with its JSON path). Audited.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND', 'RULE_SET_INVALID', 'NO_PUBLISHED_RULES'],
          }),
          tags: ['rules'],
          params: codeParams,
          body: contentBody.partial(),
          response: { 201: versionSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await createDraft(orm, request.params.code, request.body.content, currentUser(request).username)),
    );

    app.put(
      '/:code/versions/:version',
      {
        config: { roles: ADMIN },
        schema: {
          ...routeDocs({
            summary: 'Save a draft version',
            description:
              'Replaces the content of a draft (published and retired versions are immutable); the content is validated ' +
              'against the type, every problem listed with its JSON path. Makes the caller an author. Audited.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND', 'RULE_SET_INVALID', 'RULE_VERSION_NOT_DRAFT'],
          }),
          tags: ['rules'],
          params: versionParams,
          body: contentBody,
          response: { 200: versionSchema },
        },
      },
      async (request) =>
        saveDraft(
          orm,
          request.params.code,
          request.params.version,
          request.body.content,
          currentUser(request).username,
        ),
    );

    app.post(
      '/:code/versions/:version/publish',
      {
        config: { roles: ADMIN },
        schema: {
          ...routeDocs({
            summary: 'Publish a draft version (four eyes)',
            description:
              'Publishes a draft, in force from `effectiveFrom` (default now); decisions from then on run under it. An ' +
              'author of the draft may not publish it: a second admin must. Audited.',
            errors: [
              'RULE_SET_NOT_FOUND',
              'RULE_VERSION_NOT_FOUND',
              'RULE_SET_INVALID',
              'RULE_VERSION_NOT_DRAFT',
              'RULE_FOUR_EYES',
            ],
          }),
          tags: ['rules'],
          params: versionParams,
          body: publishBody,
          response: { 200: versionSchema },
        },
      },
      async (request) => {
        const effectiveFrom = request.body.effectiveFrom ? new Date(request.body.effectiveFrom) : new Date();
        return publish(orm, request.params.code, request.params.version, currentUser(request).username, effectiveFrom);
      },
    );

    app.post(
      '/:code/versions/:version/retire',
      {
        config: { roles: ADMIN },
        schema: {
          ...routeDocs({
            summary: 'Retire a published version',
            description:
              'Takes a published version out of force; the only published version cannot be retired. Audited.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND', 'RULE_VERSION_NOT_DRAFT'],
          }),
          tags: ['rules'],
          params: versionParams,
          response: { 200: versionSchema },
        },
      },
      async (request) => retire(orm, request.params.code, request.params.version, currentUser(request).username),
    );

    app.post(
      '/:code/versions/:version/dry-run',
      {
        config: { roles: ['admin', 'auditor'] },
        schema: {
          ...routeDocs({
            summary: 'Dry-run a version',
            description:
              'What the version would decide for the given facts, or for the facts of a recorded decision, with the rules ' +
              'that fired and those that did not. Nothing is stored. Bad facts are refused, every problem listed.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND', 'RULE_SET_INVALID', 'RULE_FACTS_INVALID'],
          }),
          tags: ['rules'],
          params: versionParams,
          body: z.object({
            facts: z.record(z.string(), z.unknown()).optional(),
            decisionId: z.int().min(1).max(MAX_INT4).optional(),
          }),
          response: { 200: decisionResult },
        },
      },
      async (request) => dryRun(orm, cache, request.params.code, request.params.version, request.body),
    );

    app.post(
      '/:code/versions/:version/back-test',
      {
        config: { roles: ['admin'] },
        schema: {
          ...routeDocs({
            summary: 'Back-test a version',
            description:
              'Re-runs the last `limit` recorded decisions of the type under this version and shows which would now choose ' +
              'a different policy. Nothing is stored.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND', 'RULE_SET_INVALID'],
          }),
          tags: ['rules'],
          params: versionParams,
          body: backTestBody,
          response: { 200: backTestResult },
        },
      },
      async (request) => backTest(orm, cache, request.params.code, request.params.version, request.body.limit),
    );

    app.get(
      '/:code/diff',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Compare two versions',
            description:
              'The JSON changes (added, removed, changed, each with its path) from one version to another. Reads only.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND'],
          }),
          tags: ['rules'],
          params: codeParams,
          querystring: z.object({ from: intParam(), to: intParam() }),
          response: { 200: diffResult },
        },
      },
      async (request) => diffVersions(orm, request.params.code, request.query.from, request.query.to),
    );

    app.get(
      '/:code/versions/:version/decisions',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'List decisions made under a version',
            description:
              'Recorded decisions of this version, newest first, with their facts, fired rules and result. Reads only.',
            errors: ['RULE_SET_NOT_FOUND', 'RULE_VERSION_NOT_FOUND'],
          }),
          tags: ['rules'],
          params: versionParams,
          querystring: pageQuery,
          response: { 200: pageOf(decisionSchema) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const version = await findVersion(em, request.params.code, request.params.version);
        const { page, pageSize } = request.query;
        const rows = await query<Record<string, unknown>>(
          em,
          `select * from rule_decision where rule_set_id = ? and version = ? order by id desc limit ? offset ?`,
          [version.ruleSetId, version.version, pageSize, offsetOf(page, pageSize)],
        );
        const [count] = await query<{ n: string }>(
          em,
          'select count(*) as n from rule_decision where rule_set_id = ? and version = ?',
          [version.ruleSetId, version.version],
        );
        const items = rows.map((r) => ({
          id: num(r.id),
          workflowId: r.workflow_id === null ? null : String(r.workflow_id),
          businessKey: r.business_key === null ? null : String(r.business_key),
          facts: r.facts,
          firedRules: r.fired_rules,
          result: r.result,
          createdAt: new Date(r.created_at as string).toISOString(),
        }));
        return { items, total: num(count?.n ?? 0), page, pageSize };
      },
    );
  };
}
