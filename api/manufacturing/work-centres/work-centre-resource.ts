import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkCentre } from '../../../db/entities';
import { ANY_ROLE } from '../../auth/auth-hook';
import {
  assignFields,
  auditChange,
  column,
  duplicate,
  listQuerySchema,
  type ChangeContext,
  type CsvColumn,
  type MasterDataResource,
} from '../../master-data';
import { codeSchema, nameSchema } from '../../catalog/items/item-schemas';
import { ratesValidOn, todayUtc } from './work-centre-rates';

const createWorkCentreSchema = z
  .object({
    code: codeSchema(20).describe('The key routings name the work centre by'),
    name: nameSchema,
    active: z.boolean().optional(),
  })
  .strict();
const patchWorkCentreSchema = z.object({ name: nameSchema, active: z.boolean() }).partial().strict();
const workCentreRecordSchema = z.object({
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  labourRate: z.number().nullable().describe('Labour rate per hour valid today (read-only; null: no rate yet)'),
  overheadRate: z.number().nullable().describe('Overhead rate per hour valid today (read-only; null: none applied)'),
  rateEffectiveFrom: z.string().nullable().describe('The date the rates valid today apply from (read-only)'),
});
const workCentreListQuery = listQuerySchema(['code', 'name'], {});
type CreateWorkCentreBody = z.output<typeof createWorkCentreSchema>;
type PatchWorkCentreBody = z.output<typeof patchWorkCentreSchema>;
type WorkCentreRecord = z.output<typeof workCentreRecordSchema>;

const FIELDS = ['name', 'active'] as const;

async function toRecords(em: EntityManager, centres: WorkCentre[]): Promise<WorkCentreRecord[]> {
  const rates = await ratesValidOn(
    em,
    centres.map((centre) => centre.id),
    todayUtc(),
  );
  return centres.map(({ id, code, name, active }) => {
    const rate = rates.get(id);
    return {
      code,
      name,
      active,
      labourRate: rate?.labourRate ?? null,
      overheadRate: rate?.overheadRate ?? null,
      rateEffectiveFrom: rate?.effectiveFrom ?? null,
    };
  });
}

async function createWorkCentre(em: EntityManager, body: CreateWorkCentreBody, ctx: ChangeContext) {
  if (!ctx.keyIsFree && (await em.findOne(WorkCentre, { code: body.code })))
    throw duplicate('work centre', 'code', body.code);
  const centre = new WorkCentre();
  centre.code = body.code;
  assignFields(centre, body, FIELDS);
  em.persist(centre);
  const entry = { actor: ctx.actor, action: 'work-centre.created', entityType: 'work centre', entityId: body.code };
  auditChange(em, { ...entry, details: body });
  return centre;
}

async function updateWorkCentre(em: EntityManager, centre: WorkCentre, body: PatchWorkCentreBody, ctx: ChangeContext) {
  const changes = assignFields(centre, body, FIELDS);
  if (Object.keys(changes).length === 0) return;
  const entry = { actor: ctx.actor, action: 'work-centre.updated', entityType: 'work centre', entityId: centre.code };
  auditChange(em, { ...entry, details: changes });
}

/** Exported for people to read; an import ignores it (rates change through POST .../rates, effective-dated). */
function readOnlyColumn(name: keyof WorkCentreRecord & string): CsvColumn<WorkCentreRecord> {
  return { ...column<WorkCentreRecord>(name), parse: () => undefined };
}

/** Work centres: the master-data resource behind /api/work-centres (rates: see work-centre-rate-routes.ts). */
export const workCentreResource: MasterDataResource<
  WorkCentre,
  WorkCentreRecord,
  CreateWorkCentreBody,
  PatchWorkCentreBody,
  z.output<typeof workCentreListQuery>
> = {
  label: 'work centre',
  tag: 'manufacturing',
  key: 'code',
  readRoles: ANY_ROLE,
  writeRoles: ['admin'],
  record: workCentreRecordSchema,
  toRecords,
  list: {
    entity: WorkCentre,
    query: workCentreListQuery,
    searchFields: ['code', 'name'],
    sortFields: {},
    defaultSort: 'code',
  },
  createSchema: createWorkCentreSchema,
  patchSchema: patchWorkCentreSchema,
  findByKey: (em, code) => em.findOne(WorkCentre, { code }),
  create: createWorkCentre,
  update: updateWorkCentre,
  csv: [
    column('code'),
    column('name'),
    column('active', { kind: 'boolean' }),
    readOnlyColumn('labourRate'),
    readOnlyColumn('overheadRate'),
    readOnlyColumn('rateEffectiveFrom'),
  ],
};
