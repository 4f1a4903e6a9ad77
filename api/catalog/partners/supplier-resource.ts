import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Supplier } from '../../../db/entities';
import { ANY_ROLE } from '../../auth/auth-hook';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  listQuerySchema,
  type ChangeContext,
  type MasterDataResource,
} from '../../master-data';
import { codeSchema, nameSchema } from '../items/item-schemas';

const supplierFields = {
  name: nameSchema,
  trusted: z.boolean().describe('Trusted suppliers may skip inspection'),
  paymentTermsDays: z.number().int('whole days').min(0, 'cannot be negative').max(365, 'at most 365 days'),
  active: z.boolean(),
};
const createSupplierSchema = z
  .object({
    code: codeSchema(40),
    ...supplierFields,
    trusted: supplierFields.trusted.optional(),
    paymentTermsDays: supplierFields.paymentTermsDays.optional(),
    active: supplierFields.active.optional(),
  })
  .strict();
const patchSupplierSchema = z.object(supplierFields).partial().strict();
const supplierRecordSchema = z.object({
  code: z.string(),
  name: z.string(),
  trusted: z.boolean(),
  paymentTermsDays: z.number(),
  active: z.boolean(),
});
const supplierListQuery = listQuerySchema(['code', 'name', 'trusted', 'paymentTermsDays'], {
  trusted: z.enum(['true', 'false']).optional(),
});
type CreateSupplierBody = z.output<typeof createSupplierSchema>;
type PatchSupplierBody = z.output<typeof patchSupplierSchema>;
type SupplierRecord = z.output<typeof supplierRecordSchema>;

const FIELDS = ['name', 'trusted', 'paymentTermsDays', 'active'] as const;

async function createSupplier(em: EntityManager, body: CreateSupplierBody, ctx: ChangeContext) {
  if (!ctx.keyIsFree && (await em.findOne(Supplier, { code: body.code })))
    throw duplicate('supplier', 'code', body.code);
  const supplier = new Supplier();
  supplier.code = body.code;
  assignFields(supplier, body, FIELDS);
  em.persist(supplier);
  auditChange(em, {
    actor: ctx.actor,
    action: 'supplier.created',
    entityType: 'supplier',
    entityId: body.code,
    details: body,
  });
  return supplier;
}

async function updateSupplier(em: EntityManager, supplier: Supplier, body: PatchSupplierBody, ctx: ChangeContext) {
  const changes = assignFields(supplier, body, FIELDS);
  if (Object.keys(changes).length === 0) return;
  const entry = { actor: ctx.actor, action: 'supplier.updated', entityType: 'supplier', entityId: supplier.code };
  auditChange(em, { ...entry, details: changes });
}

/** Suppliers: the master-data resource behind /api/suppliers. */
export const supplierResource: MasterDataResource<
  Supplier,
  SupplierRecord,
  CreateSupplierBody,
  PatchSupplierBody,
  z.output<typeof supplierListQuery>
> = {
  label: 'supplier',
  tag: 'suppliers',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: supplierRecordSchema,
  toRecords: async (_em, suppliers) =>
    suppliers.map(({ code, name, trusted, paymentTermsDays, active }) => ({
      code,
      name,
      trusted,
      paymentTermsDays,
      active,
    })),
  list: {
    entity: Supplier,
    query: supplierListQuery,
    searchFields: ['code', 'name'],
    sortFields: {},
    defaultSort: 'name',
    where: (query) => (query.trusted ? [{ trusted: query.trusted === 'true' }] : []),
  },
  createSchema: createSupplierSchema,
  patchSchema: patchSupplierSchema,
  findByKey: (em, code) => em.findOne(Supplier, { code }),
  create: createSupplier,
  update: updateSupplier,
  csv: [
    column('code'),
    column('name'),
    column('trusted', { kind: 'boolean' }),
    column('paymentTermsDays', { kind: 'number' }),
    column('active', { kind: 'boolean' }),
  ],
};
