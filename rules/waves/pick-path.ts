/**
 * A wave's pick path (issue 20): one path per zone through the bins in walking order (the bins' pick sequence),
 * each bin visited once for every order of the wave, with what each order takes there. Pure: the activity reads the
 * bins' zones and sequences and hands them in.
 */

/** Where a bin lies on the picker's route. */
export interface WaveBin {
  locationCode: string;
  /** The bin's zone; null for a bin outside every zone (it gets a path of its own, {@link NO_ZONE}). */
  zoneCode: string | null;
  pickSequence: number;
}

/** One reserved quantity of one order line, as the order's own allocation proposed it. */
export interface WaveOrderPick {
  orderNumber: string;
  lineNo: number;
  itemSku: string;
  locationCode: string;
  lotCode: string | null;
  quantity: number;
}

/** What one order takes of an item/lot at a stop. */
export interface StopShare {
  orderNumber: string;
  lineNo: number;
  quantity: number;
}

/** One item/lot taken at a stop: the total for the wave and each order's share. */
export interface StopItem {
  itemSku: string;
  lotCode: string | null;
  quantity: number;
  orders: StopShare[];
}

/** One bin on the path: visited once, everything the wave takes there. */
export interface PathStop {
  stop: number;
  locationCode: string;
  pickSequence: number;
  items: StopItem[];
}

export interface ZonePath {
  zoneCode: string;
  stops: PathStop[];
}

/** The zone code of bins outside every zone. */
export const NO_ZONE = '-';

/**
 * The wave's paths, zones in code order. Stops follow the pick sequence (the bin code breaks ties, so the path is
 * the same whatever order the picks come in); items at a stop by SKU then lot, shares by order and line.
 */
export function buildPickPaths(picks: WaveOrderPick[], bins: ReadonlyMap<string, WaveBin>): ZonePath[] {
  const byBin = new Map<string, Map<string, StopItem>>();
  for (const pick of picks) {
    if (!(pick.quantity > 0)) continue;
    const items = byBin.get(pick.locationCode) ?? new Map<string, StopItem>();
    byBin.set(pick.locationCode, items);
    const key = `${pick.itemSku}|${pick.lotCode ?? ''}`;
    const item = items.get(key) ?? { itemSku: pick.itemSku, lotCode: pick.lotCode, quantity: 0, orders: [] };
    items.set(key, item);
    item.quantity = round3(item.quantity + pick.quantity);
    const share = item.orders.find((s) => s.orderNumber === pick.orderNumber && s.lineNo === pick.lineNo);
    if (share) share.quantity = round3(share.quantity + pick.quantity);
    else item.orders.push({ orderNumber: pick.orderNumber, lineNo: pick.lineNo, quantity: pick.quantity });
  }
  const zones = new Map<string, Array<Omit<PathStop, 'stop'>>>();
  for (const [locationCode, items] of byBin) {
    const bin = bins.get(locationCode);
    const zoneCode = bin?.zoneCode ?? NO_ZONE;
    const stops = zones.get(zoneCode) ?? [];
    zones.set(zoneCode, stops);
    stops.push({ locationCode, pickSequence: bin?.pickSequence ?? 0, items: sortItems([...items.values()]) });
  }
  return [...zones.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([zoneCode, stops]) => ({
      zoneCode,
      stops: stops
        .sort((a, b) => a.pickSequence - b.pickSequence || compare(a.locationCode, b.locationCode))
        .map((stop, index) => ({ stop: index + 1, ...stop })),
    }));
}

/** Bin visits of the wave's paths against the orders picked one by one (the sum of each order's distinct bins). */
export function pathVisits(picks: WaveOrderPick[]): { wave: number; separate: number } {
  const wave = new Set(picks.filter((p) => p.quantity > 0).map((p) => p.locationCode)).size;
  const perOrder = new Map<string, Set<string>>();
  for (const pick of picks) {
    if (!(pick.quantity > 0)) continue;
    const bins = perOrder.get(pick.orderNumber) ?? new Set<string>();
    bins.add(pick.locationCode);
    perOrder.set(pick.orderNumber, bins);
  }
  const separate = [...perOrder.values()].reduce((sum, bins) => sum + bins.size, 0);
  return { wave, separate };
}

function sortItems(items: StopItem[]): StopItem[] {
  for (const item of items) {
    item.orders.sort((a, b) => compare(a.orderNumber, b.orderNumber) || a.lineNo - b.lineNo);
  }
  return items.sort((a, b) => compare(a.itemSku, b.itemSku) || compare(a.lotCode ?? '', b.lotCode ?? ''));
}

/** Code order independent of the locale (a path must not change with the worker's language). */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
