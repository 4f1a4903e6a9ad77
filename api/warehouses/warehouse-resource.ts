import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Warehouse } from '../../db/entities';
import { stockedLocationsOf, warehouseHasMoves } from '../../db/repositories/location-repository';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  listQuerySchema,
  refuseFrozenChanges,
  type MasterDataResource,
} from '../master-data';

/** Codes are what clerks type and labels print: letters, digits, `-` and `_`. */
export const codeSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only');

export const warehouseRecord = z.object({
  code: z.string(),
  name: z.string(),
  priority: z.number(),
  virtual: z.boolean(),
  active: z.boolean(),
});
type WarehouseRecord = z.infer<typeof warehouseRecord>;

const createSchema = z.object({
  code: codeSchema(20),
  name: z.string().trim().min(1).max(120),
  priority: z.number().int().min(0).max(1_000_000).default(100),
  virtual: z.boolean().default(false),
});
const patchSchema = createSchema.omit({ code: true }).partial();
type CreateBody = z.output<typeof createSchema>;
type PatchBody = z.output<typeof patchSchema>;

const query = listQuerySchema(['code', 'name', 'priority'], {
  virtual: z.enum(['true', 'false']).optional().describe('Only virtual (or only physical) warehouses'),
});

const FIELDS = ['name', 'priority', 'virtual'] as const;

const toRecord = (w: Warehouse): WarehouseRecord => ({
  code: w.code,
  name: w.name,
  priority: w.priority,
  virtual: w.virtual,
  active: w.active,
});

/** Warehouses: the sites stock lies in. Whether one is virtual (never valued) is frozen once stock has moved. */
export const warehouseResource: MasterDataResource<
  Warehouse,
  WarehouseRecord,
  CreateBody,
  PatchBody,
  z.output<typeof query>
> = {
  label: 'warehouse',
  tag: 'warehouses',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: warehouseRecord,
  toRecords: async (_em, rows) => rows.map(toRecord),
  list: {
    entity: Warehouse,
    query,
    searchFields: ['code', 'name'],
    sortFields: { code: 'code', name: 'name', priority: 'priority' },
    // Allocation's order (and the purchase-order form's, which offers the first physical warehouse).
    defaultSort: 'priority',
    where: (q) => (q.virtual ? [{ virtual: q.virtual === 'true' }] : []),
  },
  createSchema,
  patchSchema,
  findByKey: (em, code) => em.findOne(Warehouse, { code }),
  create: async (em, body, { actor }) => {
    if (await em.findOne(Warehouse, { code: body.code })) throw duplicate('warehouse', 'code', body.code);
    const warehouse = em.create(Warehouse, { ...body, active: true });
    auditChange(em, {
      actor,
      action: 'warehouse.created',
      entityType: 'warehouse',
      entityId: body.code,
      details: body,
    });
    return warehouse;
  },
  update: async (em, warehouse, body, { actor }) => {
    await refuseFrozenChanges(
      warehouse,
      body,
      ['virtual'],
      () => warehouseHasMoves(em, warehouse.id),
      'stock has moved in this warehouse, and virtual warehouses are never valued',
    );
    const changes = assignFields(warehouse, body, FIELDS);
    if (Object.keys(changes).length === 0) return;
    auditChange(em, {
      actor,
      action: 'warehouse.changed',
      entityType: 'warehouse',
      entityId: warehouse.code,
      details: changes,
    });
  },
  onActiveChange: async (em, warehouse, active) => refuseDeactivatingStock(em, warehouse, active),
  csv: [column('code'), column('name'), column('priority', { kind: 'number' }), column('virtual', { kind: 'boolean' })],
};

async function refuseDeactivatingStock(em: EntityManager, warehouse: Warehouse, active: boolean): Promise<void> {
  if (active) return;
  const stocked = await stockedLocationsOf(em, warehouse.id);
  if (stocked.length === 0) return;
  throw new ApiError(
    'LOCATION_HAS_STOCK',
    `Warehouse ${warehouse.code} still holds stock (in ${stocked.join(', ')}); move or issue it first`,
    'code',
  );
}
