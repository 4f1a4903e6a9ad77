import { findCycle, formatCycle, type BomEdge } from '../../../rules/manufacturing/bom-cycle';
import { ApiError, type ApiErrorCode } from '../../errors';
import type { Item } from '../../../db/entities';

/** A refusal of one BOM line, said without its field (the POST names `lines[i].componentSku`, the import a column). */
export interface LineRefusal {
  code: ApiErrorCode;
  message: string;
}

/** The cycle rotated to start (and end) at `start` when it passes through it: "A -> B -> A" for A's BOM. */
function startingAt(cycle: readonly string[], start: string): string[] {
  const nodes = cycle.slice(0, -1);
  const at = nodes.indexOf(start);
  if (at <= 0) return [...cycle];
  return [...nodes.slice(at), ...nodes.slice(0, at), start];
}

/**
 * The graph of every parent -> component edge of every BOM version (the contract's "simplest correct rule"), grown
 * line by line as a write adds lines: it never holds a cycle, so a cycle found after adding one edge runs through
 * that edge and is refused naming its path.
 */
export class BomGraph {
  private readonly edges: BomEdge[];

  constructor(existing: ReadonlyArray<BomEdge>) {
    this.edges = [...existing];
  }

  /** Adds the edge parent -> component, or returns the cycle it would close (and leaves the graph unchanged). */
  tryAdd(parent: string, component: string): string[] | null {
    const edge = { parent, component };
    const cycle = findCycle([...this.edges, edge]);
    if (cycle) return startingAt(cycle, parent);
    this.edges.push(edge);
    return null;
  }
}

/**
 * Checks one line of a new version of `parent`'s BOM: the component exists and is active, is not the parent, is not
 * in this version already (`seen`), and closes no cycle (the edge joins `graph` when it passes).
 */
export function checkLine(
  parent: Item,
  componentSku: string,
  component: Item | undefined,
  seen: Set<string>,
  graph: BomGraph,
): LineRefusal | null {
  if (!component) return { code: 'UNKNOWN_ITEM', message: `No item ${componentSku}` };
  if (!component.active) return { code: 'RECORD_INACTIVE', message: `Item ${component.sku} is deactivated` };
  if (component.id === parent.id) {
    return {
      code: 'BOM_CYCLE',
      message: `${parent.sku} cannot be a component of itself (${formatCycle([parent.sku, parent.sku])})`,
    };
  }
  if (seen.has(component.sku)) {
    return { code: 'VALIDATION_FAILED', message: `${component.sku} appears twice in this BOM; add the quantities` };
  }
  const cycle = graph.tryAdd(parent.sku, component.sku);
  if (cycle) return { code: 'BOM_CYCLE', message: `This BOM would form a cycle: ${formatCycle(cycle)}` };
  seen.add(component.sku);
  return null;
}

/** The refusal as an ApiError naming `field`. */
export const refusalError = (refusal: LineRefusal, field: string): ApiError =>
  new ApiError(refusal.code, refusal.message, field);
