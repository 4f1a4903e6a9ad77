import { z } from 'zod';
import { Warehouse, Zone } from '../../db/entities';
import { ANY_ROLE } from '../auth/auth-hook';
import { ApiError } from '../errors';
import { assignFields, auditChange, column, type CsvTransfer, type ImportSpec } from '../master-data';
import { codeSchema } from './warehouse-resource';

/** One line of the zone file (also what export writes). */
export interface ZoneLine {
  warehouse: string;
  code: string;
  name: string;
  quarantineArea: boolean;
  active: boolean;
}

const rowSchema = z
  .object({
    warehouse: z.string().trim().min(1, 'is required').max(20),
    code: codeSchema(20),
    name: z.string().trim().min(1).max(120),
    quarantineArea: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict();
type Row = z.output<typeof rowSchema>;

const csvColumns = [
  column<ZoneLine>('warehouse'),
  column<ZoneLine>('code'),
  column<ZoneLine>('name'),
  column<ZoneLine>('quarantineArea', { kind: 'boolean' }),
  column<ZoneLine>('active', { kind: 'boolean' }),
];

/** Upserts zones by warehouse code + zone code; the file's warehouses and their zones are loaded in one go. */
function importSpec(): ImportSpec<Row> {
  const warehouses = new Map<string, Warehouse>();
  const zones = new Map<string, Zone>();
  return {
    label: 'zone',
    keyColumn: ['warehouse', 'code'],
    columns: csvColumns as ImportSpec<Row>['columns'],
    rowSchema,
    prepare: async (em, rows) => {
      const codes = [...new Set(rows.map((row) => row.warehouse))];
      for (const warehouse of await em.find(Warehouse, { code: { $in: codes } })) {
        warehouses.set(warehouse.code, warehouse);
      }
      for (const zone of await em.find(Zone, { warehouse: { code: { $in: codes } } }, { populate: ['warehouse'] })) {
        zones.set(`${zone.warehouse.code}/${zone.code}`, zone);
      }
    },
    upsert: async (em, body, actor) => {
      const warehouse = warehouses.get(body.warehouse);
      if (!warehouse) throw new ApiError('UNKNOWN_WAREHOUSE', `No warehouse ${body.warehouse}`, 'warehouse');
      const entityId = `${warehouse.code}/${body.code}`;
      const zone = zones.get(entityId);
      if (!zone) {
        const { quarantineArea = false, active = true } = body;
        const created = em.create(Zone, { warehouse, code: body.code, name: body.name, quarantineArea, active });
        zones.set(entityId, created);
        auditChange(em, { actor, action: 'zone.created', entityType: 'zone', entityId, details: body });
        return 'created';
      }
      const changes = assignFields(zone, body, ['name', 'quarantineArea', 'active']);
      if (Object.keys(changes).length > 0) {
        auditChange(em, { actor, action: 'zone.changed', entityType: 'zone', entityId, details: changes });
      }
      return 'updated';
    },
  };
}

/** `/api/zones/export.csv` and `/import`: every warehouse's zones as one file. */
export const zoneTransfer: CsvTransfer<ZoneLine, Row> = {
  label: 'zone',
  tag: 'warehouses',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  columns: csvColumns,
  exportRecords: async (em) => {
    const zones = await em.find(
      Zone,
      {},
      { populate: ['warehouse'], orderBy: { warehouse: { code: 'asc' }, code: 'asc' } },
    );
    return zones.map((zone) => ({
      warehouse: zone.warehouse.code,
      code: zone.code,
      name: zone.name,
      quarantineArea: zone.quarantineArea,
      active: zone.active,
    }));
  },
  importSpec,
};
