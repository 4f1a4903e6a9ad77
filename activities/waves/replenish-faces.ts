import type { EntityManager } from '@mikro-orm/postgresql';
import { PickFace } from '../../db/entities';
import { postMove } from '../../db/inventory/post-move';
import { appendAudit } from '../../db/repositories/audit-repository';
import { num, query } from '../../db/sql';
import { NO_ZONE, type WaveOrderPick } from '../../rules/waves/pick-path';
import {
  planReplenishment,
  type FaceReplenishment,
  type FaceStock,
  type ReplenishMove,
  type ReserveStock,
} from '../../rules/waves/replenish';

/** The pick faces among the bins and items the wave picks, with what each holds now (available, ours). */
async function facesPicked(
  em: EntityManager,
  picks: WaveOrderPick[],
): Promise<Array<FaceStock & { warehouseId: number }>> {
  const bins = [...new Set(picks.map((pick) => pick.locationCode))];
  const skus = [...new Set(picks.map((pick) => pick.itemSku))];
  if (bins.length === 0) return [];
  const faces = await em.find(
    PickFace,
    { location: { code: { $in: bins } }, item: { sku: { $in: skus } } },
    { populate: ['location.zone', 'item'] },
  );
  const result = [];
  for (const face of faces) {
    const [row] = await query<{ on_hand: string }>(
      em,
      `select coalesce(sum(quantity), 0) as on_hand from stock_balance
        where location_id = ? and item_id = ? and status = 'available' and owner_customer_id is null`,
      [face.location.id, face.item.id],
    );
    result.push({
      warehouseId: face.location.warehouse.id,
      locationCode: face.location.code,
      zoneCode: face.location.zone?.code ?? NO_ZONE,
      itemSku: face.item.sku,
      minQuantity: num(face.minQuantity),
      maxQuantity: num(face.maxQuantity),
      onHand: num(row?.on_hand),
    });
  }
  return result;
}

/**
 * Reserve storage for an item in a warehouse: free stock (available, ours, less reservations, not expired) in active
 * storage bins that are not a face of the item, oldest lot receipt first (FIFO, as allocation ranks lots), then the
 * bin's place on the route.
 */
async function reserveOf(em: EntityManager, warehouseId: number, itemSku: string): Promise<ReserveStock[]> {
  const rows = await query<{ location_code: string; lot_code: string | null; free: string }>(
    em,
    `select l.code as location_code, lot.code as lot_code, b.quantity - b.reserved_quantity as free
       from stock_balance b join location l on l.id = b.location_id join item i on i.id = b.item_id
       left join lot on lot.id = b.lot_id
      where l.warehouse_id = ? and i.sku = ? and l.type = 'storage' and l.active and b.status = 'available'
        and b.owner_customer_id is null and b.quantity - b.reserved_quantity > 0
        and (lot.expires_on is null or lot.expires_on >= current_date)
        and not exists (select 1 from pick_face f where f.location_id = l.id and f.item_id = b.item_id)
      order by lot.received_at nulls last, lot.id, l.pick_sequence, l.code`,
    [warehouseId, itemSku],
  );
  return rows.map((row) => ({
    locationCode: row.location_code,
    itemSku,
    lotCode: row.lot_code,
    free: num(row.free),
  }));
}

/** The faces the wave's picks would take below their minimum, each with its moves from reserve storage. */
export async function planFaceReplenishment(em: EntityManager, picks: WaveOrderPick[]): Promise<FaceReplenishment[]> {
  const faces = await facesPicked(em, picks);
  const reserve: ReserveStock[] = [];
  const seen = new Set<string>();
  for (const face of faces) {
    const key = `${face.warehouseId}|${face.itemSku}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reserve.push(...(await reserveOf(em, face.warehouseId, face.itemSku)));
  }
  const plain = faces.map(({ warehouseId: _warehouse, ...face }) => face);
  return planReplenishment(plain, picks, reserve);
}

/**
 * Books what the clerk moved: one transfer per move, reserve bin -> face (a move within inventory, no value), each
 * with its own idempotency key; the books refuse a move of more than the bin holds free (stock never negative).
 * Audited as `wave.replenished`.
 */
export async function bookReplenishment(
  em: EntityManager,
  input: { workflowId: string; waveId: string; moved: ReplenishMove[]; userName: string },
): Promise<{ moves: number; quantity: number }> {
  for (const [index, move] of input.moved.entries()) {
    await postMove(em, {
      moveType: 'transfer',
      itemSku: move.itemSku,
      lot: move.lotCode ? { code: move.lotCode } : null,
      fromLocation: move.fromLocation,
      toLocation: move.toLocation,
      quantity: move.quantity,
      documentType: 'pick-wave',
      documentRef: input.waveId,
      lineNo: index + 1,
      userName: input.userName,
      idempotencyKey: `${input.workflowId}:replenish:${index}`,
    });
  }
  const quantity = Math.round(input.moved.reduce((sum, move) => sum + move.quantity, 0) * 1000) / 1000;
  await appendAudit(em, {
    actor: input.userName,
    action: 'wave.replenished',
    entityType: 'pick_wave',
    entityId: input.waveId,
    workflowId: input.workflowId,
    details: { moved: input.moved, quantity },
  });
  return { moves: input.moved.length, quantity };
}
