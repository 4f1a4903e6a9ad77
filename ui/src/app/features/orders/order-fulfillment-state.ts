import { OrderAllocation, OrderFulfillmentState, ProcessInstance } from '../../shared/api.types';

/** Steps in which an order can no longer be cancelled (the workflow's validator refuses; stock may have left). */
const NOT_CANCELLABLE = new Set([
  'shipping',
  'invoicing',
  'completed',
  'cancelled',
  'cancelling',
  'credit-rejected',
  'nothing-to-ship',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The order-fulfillment state from the process detail (unknown JSON: the workflow query may time out, and
 * instances started by older workflow code lack newer fields). Missing lists are read as empty.
 */
export function orderStateOf(state: unknown): OrderFulfillmentState | null {
  if (!isRecord(state) || typeof state['step'] !== 'string' || !Array.isArray(state['lines'])) return null;
  const list = (key: string) => (Array.isArray(state[key]) ? state[key] : []);
  return {
    ...(state as unknown as OrderFulfillmentState),
    allocations: list('allocations') as OrderFulfillmentState['allocations'],
    staged: list('staged') as OrderFulfillmentState['staged'],
    shipments: list('shipments') as OrderFulfillmentState['shipments'],
    openByLine: isRecord(state['openByLine']) ? (state['openByLine'] as Record<string, number>) : {},
    ruleVersions: isRecord(state['ruleVersions'])
      ? (state['ruleVersions'] as OrderFulfillmentState['ruleVersions'])
      : {},
    credit: isRecord(state['credit']) ? (state['credit'] as unknown as OrderFulfillmentState['credit']) : null,
  };
}

/** Whether the console offers "Cancel order": a running instance in a step the workflow still accepts a cancel in. */
export function isCancellable(instance: ProcessInstance, state: OrderFulfillmentState | null): boolean {
  if (instance.status !== 'running') return false;
  const step = state?.step ?? instance.currentStep;
  return !!step && !NOT_CANCELLABLE.has(step);
}

export type AllocationRound = { round: number; allocations: OrderFulfillmentState['allocations'] };

/** One line's allocation decisions over every round, from the same record as the rounds (`state.allocations`). */
export interface LineAllocations {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  /** Ordered quantity (null for a line no longer on the order). */
  quantity: number | null;
  /** Left on backorder by the latest reservation. */
  backorder: number;
  decisions: Array<OrderAllocation & { allocated: number }>;
}

/** What one allocation decision reserved: the sum of its picks. */
export function allocatedBy(allocation: OrderAllocation): number {
  return Math.round(allocation.picks.reduce((sum, pick) => sum + pick.quantity, 0) * 1000) / 1000;
}

/**
 * Each line with every allocation decision made for it, oldest round first. Built from `state.allocations`, the
 * list the rounds are grouped from, so "why each line got what" and "what each round allocated" always agree.
 */
export function allocationsByLine(state: OrderFulfillmentState): LineAllocations[] {
  const byLine = new Map<number, LineAllocations>();
  for (const line of state.lines) {
    const { lineNo, itemSku, itemName, uom, quantity } = line;
    byLine.set(lineNo, { lineNo, itemSku, itemName, uom, quantity, backorder: 0, decisions: [] });
  }
  for (const allocation of [...state.allocations].sort((a, b) => a.round - b.round)) {
    let line = byLine.get(allocation.lineNo);
    if (!line) {
      const removed = { itemSku: '', itemName: '(no longer on the order)', uom: '', quantity: null };
      line = { lineNo: allocation.lineNo, ...removed, backorder: 0, decisions: [] };
      byLine.set(allocation.lineNo, line);
    }
    line.decisions.push({ ...allocation, allocated: allocatedBy(allocation) });
  }
  for (const line of state.lines) {
    const current = byLine.get(line.lineNo);
    if (current) current.backorder = line.backorder ?? 0;
  }
  return [...byLine.values()].sort((a, b) => a.lineNo - b.lineNo);
}

/** Allocations grouped by round, oldest round first. */
export function roundsOf(state: OrderFulfillmentState): AllocationRound[] {
  const byRound = new Map<number, OrderFulfillmentState['allocations']>();
  for (const allocation of state.allocations) {
    byRound.set(allocation.round, [...(byRound.get(allocation.round) ?? []), allocation]);
  }
  return [...byRound].sort(([a], [b]) => a - b).map(([round, allocations]) => ({ round, allocations }));
}

/** Shipped quantity per line number, summed over every shipment of the order. */
export function shippedByLine(state: OrderFulfillmentState): Map<number, number> {
  const shipped = new Map<number, number>();
  for (const shipment of state.shipments) {
    for (const [lineNo, quantity] of Object.entries(shipment.result?.shippedByLine ?? {})) {
      shipped.set(Number(lineNo), (shipped.get(Number(lineNo)) ?? 0) + quantity);
    }
  }
  return shipped;
}
