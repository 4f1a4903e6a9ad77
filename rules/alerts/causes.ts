/**
 * The causes behind the alerts people act on (issue 20), computed from plain figures: a production order whose
 * remaining operations finish after its due date, an item whose available + on-order stock in a warehouse is below its
 * reorder point, a lot of stock inside its near-expiry window. Pure: now and today are arguments.
 */

/** One cause the sweep found: what it is about, a sentence for people and the figures behind it. */
export interface AlertCause<K extends string = string> {
  kind: K;
  subject: string;
  reason: string;
  facts: Record<string, unknown>;
}

/** An operation copied onto a production order, with what was reported against it so far. */
export interface OrderOperation {
  seq: number;
  status: 'open' | 'done';
  setupHours: number;
  runHoursPerUnit: number;
  goodQuantity: number;
  scrapQuantity: number;
}

/** A released production order as the late-production check sees it. */
export interface OrderProgress {
  number: string;
  itemSku: string;
  status: string;
  quantity: number;
  /** ISO date: the goods are due by the end of that day (UTC). */
  dueDate: string;
  operations: OrderOperation[];
}

const HOUR_MS = 3_600_000;
const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Hours of work left on an operation: its set-up if nothing was reported against it yet, plus the run time of the
 * quantity not yet reported good. A done operation has none left.
 */
export function remainingHours(operation: OrderOperation, orderQuantity: number): number {
  if (operation.status === 'done') return 0;
  const started = operation.goodQuantity + operation.scrapQuantity > 0;
  const left = Math.max(0, orderQuantity - operation.goodQuantity);
  return (started ? 0 : operation.setupHours) + operation.runHoursPerUnit * left;
}

/**
 * Late production: the order's remaining operations, run one after the other from `now` around the clock (work
 * centres have no calendar yet), finish after the end of its due date. An order without operations is late once its
 * due date has passed.
 */
export function lateProduction(order: OrderProgress, now: Date): AlertCause<'late-production'> | null {
  const open = order.operations
    .map((operation) => ({ seq: operation.seq, hours: round(remainingHours(operation, order.quantity)) }))
    .filter((operation) => operation.hours > 0);
  const hours = round(open.reduce((sum, operation) => sum + operation.hours, 0));
  const finish = new Date(now.getTime() + hours * HOUR_MS);
  const dueEnd = new Date(`${order.dueDate}T00:00:00.000Z`).getTime() + 24 * HOUR_MS;
  if (finish.getTime() <= dueEnd) return null;
  const hoursLate = round((finish.getTime() - dueEnd) / HOUR_MS, 1);
  const finishText = `${finish.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const work = open.length > 0 ? `${hours} h of work left on ${open.length} operation(s)` : 'no operation work left';
  return {
    kind: 'late-production',
    subject: order.number,
    reason:
      `${order.number} (${order.itemSku}, ${order.status}): ${work} finishes ${finishText}, ` +
      `${hoursLate} h after its due date ${order.dueDate}`,
    facts: {
      orderNumber: order.number,
      itemSku: order.itemSku,
      status: order.status,
      quantity: order.quantity,
      dueDate: order.dueDate,
      remainingHours: hours,
      operations: open,
      projectedFinish: finish.toISOString(),
      hoursLate,
    },
  };
}

/** An item's stock position in one warehouse. */
export interface StockPosition {
  itemSku: string;
  warehouseCode: string;
  reorderPoint: number;
  /** Free stock: available status, ours, less what is reserved (quarantine, blocked and at-supplier left out). */
  available: number;
  /** Still to come on open purchase orders into the warehouse. */
  onOrder: number;
}

/** Below reorder point: available + on order is less than the item's reorder point. */
export function belowReorderPoint(position: StockPosition): AlertCause<'below-reorder-point'> | null {
  const projected = round(position.available + position.onOrder);
  if (projected >= position.reorderPoint) return null;
  const subject = `${position.itemSku}@${position.warehouseCode}`;
  return {
    kind: 'below-reorder-point',
    subject,
    reason:
      `${subject}: ${round(position.available)} available + ${round(position.onOrder)} on order = ${projected}, ` +
      `below the reorder point ${position.reorderPoint}`,
    facts: { ...position, available: round(position.available), onOrder: round(position.onOrder), projected },
  };
}

/** A lot with stock, with the near-expiry window the expiry rules give it (the widest action's `withinDays`). */
export interface LotOnHand {
  itemSku: string;
  lotCode: string;
  /** ISO date, or null for a lot that does not expire. */
  expiresOn: string | null;
  quantity: number;
  /** Days before expiry the lot enters its near-expiry window; null: the rules give it no window. */
  windowDays: number | null;
  /** The rule (and version) that gave the window, for the record. */
  rule: string | null;
  ruleVersion: number | null;
}

const DAY_MS = 24 * HOUR_MS;

/**
 * Near expiry: a lot with stock whose expiry date is within its window (an expired lot still holding stock stays
 * alerted: someone has to scrap it).
 */
export function nearExpiry(lot: LotOnHand, today: string): AlertCause<'near-expiry'> | null {
  if (lot.expiresOn === null || lot.windowDays === null || lot.quantity <= 0) return null;
  const daysLeft = Math.round((Date.parse(`${lot.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  if (daysLeft > lot.windowDays) return null;
  const subject = `${lot.itemSku}/${lot.lotCode}`;
  const when = daysLeft < 0 ? `expired ${-daysLeft} day(s) ago` : `expires in ${daysLeft} day(s)`;
  return {
    kind: 'near-expiry',
    subject,
    reason: `Lot ${subject}: ${when} (${lot.expiresOn}), ${round(lot.quantity)} in stock; window ${lot.windowDays} days`,
    facts: { ...lot, quantity: round(lot.quantity), daysLeft, today },
  };
}
