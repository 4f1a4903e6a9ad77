import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SavedView, User } from '../../db/entities';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { routeDocs } from '../openapi/route-docs';
import { intParam } from '../pagination';

const LISTS = ['tasks', 'processes', 'orders', 'purchase-orders'] as const;

const savedViewSchema = z.object({
  id: z.number(),
  list: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  createdAt: z.string(),
});

const saveBody = z.object({
  list: z.enum(LISTS),
  name: z.string().trim().min(1).max(80),
  query: z
    .record(z.string().max(40), z.string().max(200))
    .refine((query) => Object.keys(query).length <= 30, 'at most 30 filters')
    .describe("The list's URL query parameters (filters and sort); a page number is not kept"),
});

function toView(view: SavedView) {
  return {
    id: view.id,
    list: view.list,
    name: view.name,
    query: view.query,
    createdAt: view.createdAt.toISOString(),
  };
}

/** A user's saved views of a list: the same name saves over the old one; only their owner sees or deletes them. */
export function savedViewRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: "List the caller's saved views",
            description: "The caller's own saved views of one list, by name. Reads only.",
          }),
          tags: ['saved-views'],
          querystring: z.object({ list: z.enum(LISTS) }),
          response: { 200: z.array(savedViewSchema) },
        },
      },
      async (request) => {
        const views = await orm.em
          .fork()
          .find(
            SavedView,
            { user: currentUser(request).id, list: request.query.list },
            { orderBy: { name: 'asc', id: 'asc' } },
          );
        return views.map(toView);
      },
    );

    app.post(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Save a view',
            description:
              "Saves a list's filters under a name for the caller; a view of the same name and list is replaced.",
          }),
          tags: ['saved-views'],
          body: saveBody,
          response: { 201: savedViewSchema },
        },
      },
      async (request, reply) => {
        const { list, name, query } = request.body;
        // The page is where the user was, not part of the view.
        const kept = Object.fromEntries(Object.entries(query).filter(([key]) => key !== 'page'));
        const em = orm.em.fork();
        const user = em.getReference(User, currentUser(request).id);
        const existing = await em.findOne(SavedView, { user, list, name });
        const view = existing ?? em.create(SavedView, { user, list, name, query: kept, createdAt: new Date() });
        view.query = kept;
        await em.flush();
        return reply.status(201).send(toView(view));
      },
    );

    app.delete(
      '/:id',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Delete a saved view',
            description: 'Deletes one of the caller’s saved views (another user’s view is not found).',
            errors: ['NOT_FOUND'],
          }),
          tags: ['saved-views'],
          params: z.object({ id: intParam() }),
          response: { 204: z.null().describe('Deleted') },
        },
      },
      async (request, reply) => {
        const em = orm.em.fork();
        const view = await em.findOne(SavedView, { id: request.params.id, user: currentUser(request).id });
        if (!view) throw new ApiError('NOT_FOUND', `No saved view ${request.params.id}`);
        await em.remove(view).flush();
        // Sent as undefined, not null: no body and no JSON content type, as a 204 promises (as sign-out does).
        return reply.status(204).send(undefined as unknown as null);
      },
    );
  };
}
