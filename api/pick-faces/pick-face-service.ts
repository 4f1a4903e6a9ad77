import type { MikroORM } from '@mikro-orm/postgresql';
import { Item, Location, PickFace } from '../../db/entities';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num } from '../../db/sql';
import { ApiError } from '../errors';

/** A pick face as the API shows it. */
export interface PickFaceView {
  locationCode: string;
  warehouseCode: string;
  zoneCode: string | null;
  itemSku: string;
  minQuantity: number;
  maxQuantity: number;
  updatedBy: string;
  updatedAt: string;
}

function view(face: PickFace): PickFaceView {
  return {
    locationCode: face.location.code,
    warehouseCode: face.location.warehouse.code,
    zoneCode: face.location.zone?.code ?? null,
    itemSku: face.item.sku,
    minQuantity: num(face.minQuantity),
    maxQuantity: num(face.maxQuantity),
    updatedBy: face.updatedBy,
    updatedAt: face.updatedAt.toISOString(),
  };
}

const POPULATE = ['location.warehouse', 'location.zone', 'item'] as const;

/** Pick faces, by warehouse, bin and item; optionally of one warehouse or one item. */
export async function listPickFaces(
  orm: MikroORM,
  filter: { warehouseCode?: string; itemSku?: string },
): Promise<PickFaceView[]> {
  const faces = await orm.em.fork().find(
    PickFace,
    {
      ...(filter.warehouseCode ? { location: { warehouse: { code: filter.warehouseCode } } } : {}),
      ...(filter.itemSku ? { item: { sku: filter.itemSku } } : {}),
    },
    { populate: POPULATE, orderBy: { location: { warehouse: { code: 'asc' }, code: 'asc' }, item: { sku: 'asc' } } },
  );
  return faces.map(view);
}

/**
 * Makes a storage bin a pick face of an item, or changes its min/max (one unit of work, audited as `pick-face.set`).
 * A dock or virtual place, an inactive bin or an unknown item is refused naming the field.
 */
export async function setPickFace(
  orm: MikroORM,
  input: { locationCode: string; itemSku: string; minQuantity: number; maxQuantity: number },
  username: string,
): Promise<PickFaceView> {
  return orm.em.fork().transactional(async (em) => {
    const location = await em.findOne(Location, { code: input.locationCode }, { populate: ['warehouse', 'zone'] });
    if (!location) throw new ApiError('VALIDATION_FAILED', `No bin ${input.locationCode}`, 'locationCode');
    if (location.type !== 'storage' || !location.active) {
      throw new ApiError(
        'VALIDATION_FAILED',
        `${input.locationCode} is ${location.active ? `a ${location.type} place` : 'inactive'}: only an active storage bin can be a pick face`,
        'locationCode',
      );
    }
    const item = await em.findOne(Item, { sku: input.itemSku });
    if (!item) throw new ApiError('UNKNOWN_ITEM', `No item ${input.itemSku}`, 'itemSku');
    const face =
      (await em.findOne(PickFace, { location, item }, { populate: POPULATE })) ??
      Object.assign(new PickFace(), { location, item });
    const before = face.id ? { minQuantity: num(face.minQuantity), maxQuantity: num(face.maxQuantity) } : null;
    Object.assign(face, {
      minQuantity: input.minQuantity,
      maxQuantity: input.maxQuantity,
      updatedBy: username,
      updatedAt: new Date(),
    });
    em.persist(face);
    await appendAudit(em, {
      actor: username,
      action: 'pick-face.set',
      entityType: 'pick_face',
      entityId: `${input.locationCode}:${input.itemSku}`,
      details: { ...input, before },
    });
    await em.flush();
    return view(face);
  });
}
