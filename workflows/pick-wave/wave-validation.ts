import type { WaveOrder, WavePickedItem, WavePut, WaveZonePath } from './pick-wave.contract';

const EPSILON = 1e-9;

function isPickedItem(value: unknown): value is WavePickedItem {
  if (!value || typeof value !== 'object') return false;
  const item = value as Record<string, unknown>;
  return (
    typeof item.locationCode === 'string' &&
    typeof item.itemSku === 'string' &&
    (item.lotCode === null || typeof item.lotCode === 'string') &&
    typeof item.quantity === 'number'
  );
}

function isPut(value: unknown): value is WavePut {
  if (!value || typeof value !== 'object') return false;
  const put = value as Record<string, unknown>;
  return (
    typeof put.orderNumber === 'string' &&
    typeof put.lineNo === 'number' &&
    typeof put.locationCode === 'string' &&
    (put.lotCode === null || typeof put.lotCode === 'string') &&
    typeof put.quantity === 'number'
  );
}

function key(locationCode: string, itemSku: string, lotCode: string | null): string {
  return `${locationCode}|${itemSku}|${lotCode ?? ''}`;
}

/**
 * Checks a zone picker's confirmation against the zone's path: every entry names an item/lot at a bin of the path,
 * once, with a quantity from 0 (nothing found) up to what the path takes there. Less is a short pick.
 */
export function findZonePickProblem(path: WaveZonePath, payload: Record<string, unknown>): string | undefined {
  const picked = payload.picked;
  if (!Array.isArray(picked)) return 'payload.picked must be an array (empty when nothing was found)';
  const planned = new Map<string, number>();
  for (const stop of path.stops) {
    for (const item of stop.items) planned.set(key(stop.locationCode, item.itemSku, item.lotCode), item.quantity);
  }
  const seen = new Set<string>();
  for (const [index, raw] of picked.entries()) {
    const field = `payload.picked[${index}]`;
    if (!isPickedItem(raw)) return `${field} needs locationCode, itemSku, lotCode and quantity`;
    if (!Number.isFinite(raw.quantity) || raw.quantity < 0) return `${field}.quantity must not be negative`;
    const id = key(raw.locationCode, raw.itemSku, raw.lotCode);
    const plan = planned.get(id);
    if (plan === undefined) {
      return `${field} takes ${raw.itemSku}/${raw.lotCode} at ${raw.locationCode}, which is not on zone ${path.zoneCode}'s path`;
    }
    if (seen.has(id)) return `${field} confirms ${raw.itemSku}/${raw.lotCode} at ${raw.locationCode} twice`;
    seen.add(id);
    if (raw.quantity > plan + EPSILON) return `${field}.quantity ${raw.quantity} exceeds the ${plan} on the path`;
  }
  return undefined;
}

/**
 * Checks the sort: every put goes to an order still in the wave, to a line, bin and lot that order's allocation
 * reserved, no more than reserved there, and the puts of one item/lot from one bin add up to no more than was
 * picked. Quantities of orders that left the wave go back to their bins (they are not put).
 */
export function findSortProblem(
  orders: WaveOrder[],
  picked: WavePickedItem[],
  payload: Record<string, unknown>,
): string | undefined {
  const puts = payload.puts;
  if (!Array.isArray(puts)) return 'payload.puts must be an array';
  const reserved = new Map<string, number>();
  const skuOf = new Map<string, string>();
  for (const order of orders.filter((o) => o.status === 'joined')) {
    for (const line of order.lines) {
      skuOf.set(`${order.orderNumber}|${line.lineNo}`, line.itemSku);
      for (const pick of line.picks) {
        const id = `${order.orderNumber}|${line.lineNo}|${pick.locationCode}|${pick.lotCode ?? ''}`;
        reserved.set(id, (reserved.get(id) ?? 0) + pick.quantity);
      }
    }
  }
  const available = new Map<string, number>();
  for (const item of picked) {
    const id = key(item.locationCode, item.itemSku, item.lotCode);
    available.set(id, (available.get(id) ?? 0) + item.quantity);
  }
  for (const [index, raw] of puts.entries()) {
    const field = `payload.puts[${index}]`;
    if (!isPut(raw)) return `${field} needs orderNumber, lineNo, locationCode, lotCode and quantity`;
    if (!Number.isFinite(raw.quantity) || raw.quantity <= 0) return `${field}.quantity must be positive`;
    const id = `${raw.orderNumber}|${raw.lineNo}|${raw.locationCode}|${raw.lotCode ?? ''}`;
    const left = reserved.get(id);
    if (left === undefined) {
      return `${field} puts to ${raw.orderNumber} line ${raw.lineNo} from ${raw.locationCode}/${raw.lotCode}, which that order (in the wave) did not reserve`;
    }
    if (raw.quantity > left + EPSILON)
      return `${field}.quantity ${raw.quantity} exceeds the ${left} the order reserved`;
    reserved.set(id, left - raw.quantity);
    const sku = skuOf.get(`${raw.orderNumber}|${raw.lineNo}`) ?? '';
    const pickedKey = key(raw.locationCode, sku, raw.lotCode);
    const stock = available.get(pickedKey) ?? 0;
    if (raw.quantity > stock + EPSILON) return `${field}.quantity ${raw.quantity} exceeds the ${stock} picked there`;
    available.set(pickedKey, stock - raw.quantity);
  }
  return undefined;
}

/** What the sort should put to each order still in the wave: its reservations, as far as the pickers found them. */
export function proposedPuts(orders: WaveOrder[], picked: WavePickedItem[]): WavePut[] {
  const available = new Map<string, number>();
  for (const item of picked) {
    const id = key(item.locationCode, item.itemSku, item.lotCode);
    available.set(id, (available.get(id) ?? 0) + item.quantity);
  }
  const puts: WavePut[] = [];
  for (const order of orders.filter((o) => o.status === 'joined')) {
    for (const line of order.lines) {
      for (const pick of line.picks) {
        const id = key(pick.locationCode, line.itemSku, pick.lotCode);
        const quantity = Math.min(pick.quantity, available.get(id) ?? 0);
        if (quantity <= EPSILON) continue;
        available.set(id, (available.get(id) ?? 0) - quantity);
        const { locationCode, lotCode } = pick;
        puts.push({ orderNumber: order.orderNumber, lineNo: line.lineNo, locationCode, lotCode, quantity });
      }
    }
  }
  return puts;
}
