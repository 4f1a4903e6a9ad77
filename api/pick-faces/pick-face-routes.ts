import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, currentUser } from '../auth/auth-hook';
import { routeDocs } from '../openapi/route-docs';
import { listPickFaces, setPickFace } from './pick-face-service';

const quantity = z.number().min(0).max(1_000_000_000).multipleOf(0.001);

const faceBody = z
  .strictObject({
    locationCode: z.string().trim().min(1).max(40),
    itemSku: z.string().trim().min(1).max(40),
    minQuantity: quantity,
    maxQuantity: quantity,
  })
  .superRefine((face, ctx) => {
    if (face.maxQuantity <= face.minQuantity) {
      ctx.addIssue({ code: 'custom', path: ['maxQuantity'], message: 'must be more than minQuantity' });
    }
  });

const faceSchema = z.object({
  locationCode: z.string(),
  warehouseCode: z.string(),
  zoneCode: z.string().nullable(),
  itemSku: z.string(),
  minQuantity: z.number(),
  maxQuantity: z.number(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

/** Pick faces (issue 20): storage bins kept between a min and a max of one item, filled before a wave empties them. */
export function pickFaceRoutes(deps: { orm: MikroORM }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...routeDocs({
            summary: 'Pick faces',
            description: 'Every pick face (bin, item, min, max), optionally of one warehouse or one item.',
            errors: ['VALIDATION_FAILED'],
          }),
          tags: ['pick-faces'],
          querystring: z.object({
            warehouseCode: z.string().trim().max(20).optional(),
            itemSku: z.string().trim().max(40).optional(),
          }),
          response: { 200: z.object({ faces: z.array(faceSchema) }) },
        },
      },
      async (request) => ({ faces: await listPickFaces(deps.orm, request.query) }),
    );

    app.put(
      '/',
      {
        config: { roles: ['supervisor', 'admin'] },
        schema: {
          ...routeDocs({
            summary: 'Set a pick face',
            description:
              'Makes an active storage bin a pick face of an item with its minimum and maximum, or changes them. A ' +
              'pick wave whose picks would leave the face below its minimum first has it filled to its maximum from ' +
              'the warehouse’s other storage bins. Audited (pick-face.set).',
            errors: ['VALIDATION_FAILED', 'UNKNOWN_ITEM'],
          }),
          tags: ['pick-faces'],
          body: faceBody,
          response: { 200: faceSchema },
        },
      },
      async (request) => setPickFace(deps.orm, request.body, currentUser(request).username),
    );
  };
}
