/**
 * Pick-face replenishment for a wave (issue 20). A pick face is a bin kept between a minimum and a maximum of one
 * item. When the wave's picks at a face would leave it below its minimum (on hand - the wave's picks there < min), the
 * face is filled up to its maximum before the pickers reach it: max - on hand, taken from the warehouse's reserve
 * bins lot by lot in the order the caller ranks them (FIFO: oldest receipt first), never more than a reserve bin holds
 * free. Filling to the maximum now, not to max + picks, keeps the bin within what it holds; a face whose picks alone
 * exceed max - min cannot be kept above its minimum by any fill and gets what fits. Pure.
 */

/** A pick face the wave picks at, with what it holds now. */
export interface FaceStock {
  locationCode: string;
  zoneCode: string;
  itemSku: string;
  minQuantity: number;
  maxQuantity: number;
  /** Available stock of the item at the face (every lot, ours). */
  onHand: number;
}

/** Free stock of an item in a reserve bin, one lot; the caller hands them in FIFO order. */
export interface ReserveStock {
  locationCode: string;
  itemSku: string;
  lotCode: string | null;
  free: number;
}

/** One move of the replenishment: a lot from a reserve bin to a face. */
export interface ReplenishMove {
  fromLocation: string;
  toLocation: string;
  itemSku: string;
  lotCode: string | null;
  quantity: number;
}

/** A face the wave would take below its minimum, and how it is filled. */
export interface FaceReplenishment {
  locationCode: string;
  zoneCode: string;
  itemSku: string;
  minQuantity: number;
  maxQuantity: number;
  onHand: number;
  wavePicks: number;
  /** What the face would hold after the wave without a replenishment. */
  projected: number;
  /** max - on hand. */
  wanted: number;
  /** What reserve storage gives (less than wanted when it holds too little). */
  quantity: number;
  moves: ReplenishMove[];
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The faces to fill before the wave picks: `picks` is what the wave takes per bin and item. Reserve stock is shared
 * between faces of the same item in face order (bin code), so two faces never count on the same units.
 */
export function planReplenishment(
  faces: FaceStock[],
  picks: Array<{ locationCode: string; itemSku: string; quantity: number }>,
  reserve: ReserveStock[],
): FaceReplenishment[] {
  const left = reserve.map((stock) => ({ ...stock }));
  const result: FaceReplenishment[] = [];
  const ordered = [...faces].sort((a, b) => compare(a.locationCode, b.locationCode) || compare(a.itemSku, b.itemSku));
  for (const face of ordered) {
    const wavePicks = round3(
      picks
        .filter((pick) => pick.locationCode === face.locationCode && pick.itemSku === face.itemSku)
        .reduce((sum, pick) => sum + pick.quantity, 0),
    );
    if (wavePicks <= 0) continue;
    const projected = round3(face.onHand - wavePicks);
    if (projected >= face.minQuantity) continue;
    const wanted = round3(Math.max(0, face.maxQuantity - face.onHand));
    const moves: ReplenishMove[] = [];
    let missing = wanted;
    for (const stock of left) {
      if (missing <= 0) break;
      if (stock.itemSku !== face.itemSku || stock.locationCode === face.locationCode || stock.free <= 0) continue;
      const quantity = round3(Math.min(stock.free, missing));
      stock.free = round3(stock.free - quantity);
      missing = round3(missing - quantity);
      moves.push({
        fromLocation: stock.locationCode,
        toLocation: face.locationCode,
        itemSku: face.itemSku,
        lotCode: stock.lotCode,
        quantity,
      });
    }
    const quantity = round3(wanted - missing);
    if (quantity <= 0) continue;
    result.push({ ...face, wavePicks, projected, wanted, quantity, moves });
  }
  return result;
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
