import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location, LOCATION_TYPES, Warehouse, Zone, type LocationType } from '../../db/entities';
import { locationHoldsStock } from '../../db/repositories/location-repository';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { assignFields, auditChange, column, duplicate, listQuerySchema, type MasterDataResource } from '../master-data';
import { codeSchema } from './warehouse-resource';

export const locationRecord = z.object({
  code: z.string(),
  warehouse: z.string(),
  zone: z.string().nullable(),
  type: z.enum(LOCATION_TYPES),
  pickSequence: z.number(),
  active: z.boolean(),
});
type LocationRecord = z.infer<typeof locationRecord>;

const createSchema = z.object({
  code: codeSchema(40),
  warehouse: z.string().trim().min(1).max(20),
  zone: z.string().trim().min(1).max(20).nullable().default(null),
  type: z.enum(LOCATION_TYPES).default('storage'),
  pickSequence: z.number().int().min(0).max(1_000_000_000).default(0),
});
const patchSchema = createSchema.omit({ code: true }).partial();
type CreateBody = z.output<typeof createSchema>;
type PatchBody = z.output<typeof patchSchema>;

const query = listQuerySchema(['code', 'warehouse', 'zone', 'type', 'pickSequence'], {
  warehouse: z.string().max(20).optional().describe('Warehouse code'),
  zone: z.string().max(20).optional().describe('Zone code'),
  type: z.enum(LOCATION_TYPES).optional(),
});

const toRecord = (l: Location): LocationRecord => ({
  code: l.code,
  warehouse: l.warehouse.code,
  zone: l.zone?.code ?? null,
  type: l.type,
  pickSequence: l.pickSequence,
  active: l.active,
});

async function warehouseOf(em: EntityManager, code: string): Promise<Warehouse> {
  const warehouse = await em.findOne(Warehouse, { code });
  if (!warehouse) throw new ApiError('UNKNOWN_WAREHOUSE', `There is no warehouse ${code}`, 'warehouse');
  if (!warehouse.active) throw new ApiError('RECORD_INACTIVE', `Warehouse ${code} is deactivated`, 'warehouse');
  return warehouse;
}

async function zoneOf(em: EntityManager, warehouse: Warehouse, code: string | null): Promise<Zone | null> {
  if (code === null) return null;
  const zone = await em.findOne(Zone, { warehouse, code });
  if (!zone) throw new ApiError('VALIDATION_FAILED', `Warehouse ${warehouse.code} has no zone ${code}`, 'zone');
  return zone;
}

/** Virtual locations belong to virtual warehouses and only there: a physical bin in one would be valued. */
function checkType(warehouse: Warehouse, type: LocationType): void {
  if ((type === 'virtual') === warehouse.virtual) return;
  const why = warehouse.virtual
    ? `Warehouse ${warehouse.code} is virtual: its locations are of type virtual`
    : `Only a virtual warehouse has virtual locations; ${warehouse.code} is physical`;
  throw new ApiError('VALIDATION_FAILED', why, 'type');
}

/**
 * Bins, docks and virtual locations. The type is explicit (receipts land in the warehouse's `dock`, allocation
 * draws from `storage` only); a location never moves to another warehouse, and one holding stock keeps its type
 * and cannot be deactivated (409 naming it).
 */
export const locationResource: MasterDataResource<
  Location,
  LocationRecord,
  CreateBody,
  PatchBody,
  z.output<typeof query>
> = {
  label: 'location',
  tag: 'locations',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: locationRecord,
  toRecords: async (_em, rows) => rows.map(toRecord),
  list: {
    entity: Location,
    query,
    searchFields: ['code'],
    sortFields: {
      code: 'code',
      warehouse: 'warehouse.code',
      zone: 'zone.code',
      type: 'type',
      pickSequence: 'pickSequence',
    },
    defaultSort: 'code',
    where: (q) => [
      ...(q.warehouse ? [{ warehouse: { code: q.warehouse } }] : []),
      ...(q.zone ? [{ zone: { code: q.zone } }] : []),
      ...(q.type ? [{ type: q.type }] : []),
    ],
    populate: ['warehouse', 'zone'],
  },
  createSchema,
  patchSchema,
  findByKey: (em, code) => em.findOne(Location, { code }, { populate: ['warehouse', 'zone'] }),
  create: async (em, body, { actor }) => {
    if (await em.findOne(Location, { code: body.code })) throw duplicate('location', 'code', body.code);
    const warehouse = await warehouseOf(em, body.warehouse);
    checkType(warehouse, body.type);
    const zone = await zoneOf(em, warehouse, body.zone);
    const location = em.create(Location, { ...body, warehouse, zone, active: true });
    auditChange(em, { actor, action: 'location.created', entityType: 'location', entityId: body.code, details: body });
    return location;
  },
  update: async (em, location, body, { actor }) => {
    if (body.warehouse !== undefined && body.warehouse !== location.warehouse.code) {
      throw new ApiError('FIELD_FROZEN', 'A location cannot move to another warehouse; create a new one', 'warehouse');
    }
    if (body.type !== undefined && body.type !== location.type) {
      checkType(location.warehouse, body.type);
      if (await locationHoldsStock(em, location.id)) {
        throw new ApiError(
          'FIELD_FROZEN',
          `${location.code} holds stock: move it out before changing the type`,
          'type',
        );
      }
    }
    const changes = assignFields(location, body, ['type', 'pickSequence']);
    if (body.zone !== undefined && body.zone !== (location.zone?.code ?? null)) {
      changes.zone = { from: location.zone?.code ?? null, to: body.zone };
      location.zone = await zoneOf(em, location.warehouse, body.zone);
    }
    if (Object.keys(changes).length === 0) return;
    auditChange(em, {
      actor,
      action: 'location.changed',
      entityType: 'location',
      entityId: location.code,
      details: changes,
    });
  },
  onActiveChange: async (em, location, active) => {
    if (active || !(await locationHoldsStock(em, location.id))) return;
    throw new ApiError('LOCATION_HAS_STOCK', `Location ${location.code} holds stock; move or issue it first`, 'code');
  },
  errors: {
    create: ['UNKNOWN_WAREHOUSE', 'RECORD_INACTIVE'],
    deactivate: ['LOCATION_HAS_STOCK'],
  },
  csv: [
    column('code'),
    column('warehouse'),
    column('zone', { nullable: true }),
    column('type'),
    column('pickSequence', { kind: 'number' }),
  ],
};
