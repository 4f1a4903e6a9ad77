import type { ReplenishMove } from './pick-wave.contract';

/**
 * What the clerk confirms moving: each entry one of the proposed moves (same bins, item and lot), at most its
 * proposed quantity and more than zero. Returns a problem naming the entry, or undefined.
 */
export function findReplenishProblem(proposed: ReplenishMove[], moved: unknown): string | undefined {
  if (!Array.isArray(moved)) return 'moved must be a list of moves';
  const key = (m: { fromLocation: unknown; toLocation: unknown; itemSku: unknown; lotCode: unknown }) =>
    `${String(m.fromLocation)}|${String(m.toLocation)}|${String(m.itemSku)}|${String(m.lotCode ?? '')}`;
  const seen = new Set<string>();
  for (const [index, entry] of (moved as Array<Record<string, unknown>>).entries()) {
    if (entry === null || typeof entry !== 'object') return `moved[${index}] must be a move`;
    const match = proposed.find((move) => key(move) === key(entry as never));
    if (!match) return `moved[${index}] is not a proposed move (from, to, item and lot)`;
    if (seen.has(key(match))) return `moved[${index}] repeats a move`;
    seen.add(key(match));
    const quantity = entry.quantity;
    if (typeof quantity !== 'number' || !(quantity > 0) || quantity > match.quantity) {
      return `moved[${index}].quantity must be more than 0 and at most ${match.quantity}`;
    }
  }
  return undefined;
}
