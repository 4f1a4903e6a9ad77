import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { ItemSupplier, Supplier, type Item } from '../../../db/entities';
import { findItemBySku, itemSuppliers } from '../../../db/repositories/item-repository';
import { ANY_ROLE, currentUser } from '../../auth/auth-hook';
import { ApiError } from '../../errors';
import { assignFields, auditChange, duplicate } from '../../master-data';
import { routeDocs } from '../../openapi/route-docs';

const fields = {
  price: z.number().min(0, 'cannot be negative').max(1e9, 'too large').describe('Price per base unit'),
  leadTimeDays: z.number().int('whole days').min(0, 'cannot be negative').max(3650).nullable(),
  minOrderQuantity: z.number().min(0, 'cannot be negative').max(1e12).nullable(),
  orderMultiple: z.number().min(0.001, 'at least 0.001').max(1e12).nullable(),
  preferred: z.boolean().describe('At most one supplier per item is preferred; marking one unmarks the others'),
  active: z.boolean(),
};
const createBody = z
  .object({
    supplierCode: z.string().trim().min(1, 'is required').max(40),
    ...fields,
    leadTimeDays: fields.leadTimeDays.optional(),
    minOrderQuantity: fields.minOrderQuantity.optional(),
    orderMultiple: fields.orderMultiple.optional(),
    preferred: fields.preferred.optional(),
    active: fields.active.optional(),
  })
  .strict();
const patchBody = z.object(fields).partial().strict();
const record = z.object({
  itemSku: z.string(),
  supplierCode: z.string(),
  supplierName: z.string(),
  price: z.number(),
  leadTimeDays: z.number().nullable(),
  minOrderQuantity: z.number().nullable(),
  orderMultiple: z.number().nullable(),
  preferred: z.boolean(),
  active: z.boolean(),
});
const FIELDS = ['price', 'leadTimeDays', 'minOrderQuantity', 'orderMultiple', 'preferred', 'active'] as const;

function toRecord(item: Item, row: ItemSupplier): z.output<typeof record> {
  const { price, leadTimeDays, minOrderQuantity, orderMultiple, preferred, active } = row;
  const supplier = { supplierCode: row.supplier.code, supplierName: row.supplier.name };
  return { itemSku: item.sku, ...supplier, price, leadTimeDays, minOrderQuantity, orderMultiple, preferred, active };
}

async function mustFindItem(em: EntityManager, sku: string): Promise<Item> {
  const item = await findItemBySku(em, sku);
  if (!item) throw new ApiError('NOT_FOUND', `No item ${sku}`, 'sku');
  return item;
}

/** Marking one supplier preferred unmarks the item's others: one preferred supplier per item. */
async function keepOnePreferred(em: EntityManager, item: Item, preferred: ItemSupplier, actor: string) {
  if (!preferred.preferred) return;
  const others = await em.find(ItemSupplier, { item, preferred: true }, { populate: ['supplier'] });
  for (const other of others) {
    if (other === preferred) continue;
    other.preferred = false;
    auditChange(em, {
      actor,
      action: 'item-supplier.updated',
      entityType: 'item-supplier',
      entityId: `${item.sku}/${other.supplier.code}`,
      details: { preferred: { from: true, to: false } },
    });
  }
}

const params = z.object({ sku: z.string().min(1).max(40) });
const tags = ['items'];

/** What each supplier offers for an item: GET/POST /api/items/:sku/suppliers, PATCH .../suppliers/:supplierCode. */
export function itemSupplierRoutes(orm: MikroORM): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:sku/suppliers',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags,
          ...routeDocs({
            summary: "An item's suppliers",
            description:
              'Every supplier record of the item (price, lead time, order quantities), preferred first. Reads only.',
            errors: ['NOT_FOUND'],
          }),
          params,
          response: { 200: z.object({ items: z.array(record) }) },
        },
      },
      async (request) => {
        const em = orm.em.fork();
        const item = await mustFindItem(em, request.params.sku);
        return { items: (await itemSuppliers(em, item)).map((row) => toRecord(item, row)) };
      },
    );

    app.post(
      '/:sku/suppliers',
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          ...routeDocs({
            summary: 'Add a supplier to an item',
            description:
              'Records what a supplier offers for the item (audited with the user). Refused: an unknown supplier (400), an inactive one or a supplier already recorded (409).',
            errors: ['NOT_FOUND', 'UNKNOWN_SUPPLIER', 'RECORD_INACTIVE', 'DUPLICATE'],
          }),
          params,
          body: createBody,
          response: { 201: record },
        },
      },
      async (request, reply) => {
        const actor = currentUser(request).username;
        const body = request.body;
        const result = await orm.em.fork().transactional(async (em) => {
          const item = await mustFindItem(em, request.params.sku);
          const supplier = await em.findOne(Supplier, { code: body.supplierCode });
          if (!supplier) throw new ApiError('UNKNOWN_SUPPLIER', `No supplier ${body.supplierCode}`, 'supplierCode');
          if (!supplier.active) {
            throw new ApiError('RECORD_INACTIVE', `Supplier ${supplier.code} is deactivated`, 'supplierCode');
          }
          if (await em.findOne(ItemSupplier, { item, supplier })) {
            throw duplicate(`supplier record for ${item.sku}: supplier`, 'supplierCode', supplier.code);
          }
          const row = new ItemSupplier();
          row.item = item;
          row.supplier = supplier;
          assignFields(row, body, FIELDS);
          em.persist(row);
          await keepOnePreferred(em, item, row, actor);
          auditChange(em, {
            actor,
            action: 'item-supplier.created',
            entityType: 'item-supplier',
            entityId: `${item.sku}/${supplier.code}`,
            details: body,
          });
          await em.flush();
          return toRecord(item, row);
        });
        return reply.status(201).send(result);
      },
    );

    app.patch(
      '/:sku/suppliers/:supplierCode',
      {
        config: { roles: ['admin'] },
        schema: {
          tags,
          ...routeDocs({
            summary: "Change an item's supplier record",
            description:
              'Changes price, lead time, order quantities, preferred or active (audited with the user, field by field).',
            errors: ['NOT_FOUND'],
          }),
          params: params.extend({ supplierCode: z.string().min(1).max(40) }),
          body: patchBody,
          response: { 200: record },
        },
      },
      async (request) => {
        const actor = currentUser(request).username;
        return orm.em.fork().transactional(async (em) => {
          const item = await mustFindItem(em, request.params.sku);
          const code = request.params.supplierCode;
          const row = await em.findOne(ItemSupplier, { item, supplier: { code } }, { populate: ['supplier'] });
          if (!row) throw new ApiError('NOT_FOUND', `Item ${item.sku} has no supplier ${code}`, 'supplierCode');
          const changes = assignFields(row, request.body, FIELDS);
          await keepOnePreferred(em, item, row, actor);
          if (Object.keys(changes).length > 0) {
            const entityId = `${item.sku}/${code}`;
            auditChange(em, {
              actor,
              action: 'item-supplier.updated',
              entityType: 'item-supplier',
              entityId,
              details: changes,
            });
          }
          await em.flush();
          return toRecord(item, row);
        });
      },
    );
  };
}
