import { lineRequirement, round6 } from '../manufacturing';
import type { ConsumptionMethod } from '../rule-sets';

/** One component of a subcontract order as it stands at the supplier before this delivery (item units). */
export interface ComponentAtSupplier {
  sku: string;
  /** BOM quantity per finished unit. */
  quantityPer: number;
  /** Planned scrap in percent (10 = 10%), applied as kitting applies it. */
  scrapPercent: number;
  /** Sent to the supplier so far. */
  sent: number;
  /** Consumed by earlier deliveries. */
  consumed: number;
  /** Reported scrapped by the supplier so far. */
  scrapped: number;
  /** Returned to us so far. */
  returned: number;
}

/** One supplier delivery of a subcontract order, and the policy the rules chose for the order. */
export interface DeliveryConsumptionInput {
  method: ConsumptionMethod;
  /** How far all deliveries together may exceed the order quantity, in percent of it. */
  overDeliveryPercent: number;
  orderQuantity: number;
  /** Finished quantity delivered by earlier deliveries. */
  deliveredBefore: number;
  /** Finished quantity in this delivery. */
  delivered: number;
  /** True when this delivery completes the order (the last one). */
  completesOrder: boolean;
  components: readonly ComponentAtSupplier[];
}

/** What this delivery consumes of one component, and how it was worked out, in words. */
export interface ComponentConsumption {
  sku: string;
  quantity: number;
  /** e.g. `5 x 2 per unit x 1.1 scrap = 11`. */
  reason: string;
}

/**
 * Why a delivery cannot be consumed as given: `field` is the input field at fault (`quantity` is the delivered
 * quantity; `components` a component, named by `sku`), `message` says why in words for people.
 */
export interface ConsumptionRefusal {
  field: 'quantity' | 'orderQuantity' | 'deliveredBefore' | 'components';
  sku: string | null;
  message: string;
}

/** Either what each component consumes (input order), or every reason the delivery is refused. */
export type DeliveryConsumption =
  { ok: true; components: ComponentConsumption[] } | { ok: false; refusals: ConsumptionRefusal[] };

const isQuantity = (value: number) => Number.isFinite(value) && value >= 0;

/** A component's quantities that cannot be right (negative, not a number, more accounted for than sent). */
function componentProblem(c: ComponentAtSupplier): string | null {
  const numbers = [c.quantityPer, c.scrapPercent, c.sent, c.consumed, c.scrapped, c.returned];
  if (!numbers.every(isQuantity)) return `${c.sku}: quantities must be numbers of at least 0`;
  if (round6(c.sent - c.consumed - c.scrapped - c.returned) < 0) {
    return `${c.sku}: more is recorded as consumed, scrapped and returned (${round6(c.consumed + c.scrapped + c.returned)}) than was sent (${c.sent})`;
  }
  return null;
}

/** bom-ratio: what the BOM needs for the finished quantity delivered, planned scrap included (the kitting formula). */
function byBomRatio(c: ComponentAtSupplier, input: DeliveryConsumptionInput): ComponentConsumption {
  const quantity = lineRequirement(input.delivered, c.quantityPer, c.scrapPercent);
  const scrap = c.scrapPercent > 0 ? ` x ${round6(1 + c.scrapPercent / 100)} scrap` : '';
  return { sku: c.sku, quantity, reason: `${input.delivered} x ${c.quantityPer} per unit${scrap} = ${quantity}` };
}

/**
 * as-sent: the share of what was sent that the finished quantity delivered so far stands for, less what earlier
 * deliveries consumed, so a partial delivery never consumes all the material (ERPNext PR #19247); the delivery that
 * completes the order consumes whatever is still at the supplier. An over-delivery within tolerance counts as the
 * whole order: what was sent is all there is to consume.
 */
function asSent(c: ComponentAtSupplier, input: DeliveryConsumptionInput, atSupplier: number): ComponentConsumption {
  if (input.completesOrder) {
    const reason =
      `completes the order: ${c.sent} sent - ${c.consumed} consumed - ${c.scrapped} scrapped - ` +
      `${c.returned} returned = ${atSupplier} still at the supplier`;
    return { sku: c.sku, quantity: atSupplier, reason };
  }
  const cumulative = round6(input.deliveredBefore + input.delivered);
  const counted = Math.min(cumulative, input.orderQuantity);
  const share = round6((c.sent * counted) / input.orderQuantity);
  const quantity = Math.max(0, round6(share - c.consumed));
  const capped = cumulative > input.orderQuantity ? ' (the whole order)' : '';
  const floor = share < c.consumed ? ' (earlier deliveries consumed more already: nothing)' : '';
  const reason =
    `${c.sent} sent x ${counted}/${input.orderQuantity} delivered${capped} = ${share}, ` +
    `less ${c.consumed} consumed = ${quantity}${floor}`;
  return { sku: c.sku, quantity, reason };
}

/** Refusals of the delivery as a whole: quantities that cannot be right, or more than the tolerance allows. */
function deliveryRefusals(input: DeliveryConsumptionInput): ConsumptionRefusal[] {
  const refuse = (field: ConsumptionRefusal['field'], message: string) => [{ field, sku: null, message }];
  if (!(Number.isFinite(input.orderQuantity) && input.orderQuantity > 0)) {
    return refuse('orderQuantity', 'the order quantity must be greater than 0');
  }
  if (!isQuantity(input.deliveredBefore)) return refuse('deliveredBefore', 'delivered before must be at least 0');
  if (!(Number.isFinite(input.delivered) && input.delivered > 0)) {
    return refuse('quantity', 'quantity delivered must be greater than 0');
  }
  const cumulative = round6(input.deliveredBefore + input.delivered);
  const limit = round6(input.orderQuantity * (1 + input.overDeliveryPercent / 100));
  if (cumulative <= limit) return [];
  return refuse(
    'quantity',
    `quantity ${input.delivered} brings the delivered total to ${cumulative}, more than the order's ` +
      `${input.orderQuantity} plus ${input.overDeliveryPercent}% over-delivery allows (${limit})`,
  );
}

/**
 * For one supplier delivery of a subcontract order, how much of each component it consumes: by BOM ratio or by what
 * was sent (see byBomRatio, asSent), rounded to 6 decimals like the BOM quantities. Refused, never negative or
 * clipped: a delivery taking the delivered total beyond the order quantity plus the over-delivery tolerance (field
 * `quantity`), and a component that would consume more than is still at the supplier (sent - consumed - scrapped -
 * returned), named by its SKU. Pure.
 */
export function consumptionForDelivery(input: DeliveryConsumptionInput): DeliveryConsumption {
  const refusals = deliveryRefusals(input);
  if (refusals.length > 0) return { ok: false, refusals };
  const components: ComponentConsumption[] = [];
  for (const c of input.components) {
    const problem = componentProblem(c);
    if (problem !== null) {
      refusals.push({ field: 'components', sku: c.sku, message: problem });
      continue;
    }
    // `|| 0`: a difference that rounds to nothing from below is -0, which would read as "-0 still at the supplier".
    const atSupplier = round6(c.sent - c.consumed - c.scrapped - c.returned) || 0;
    const line = input.method === 'bom-ratio' ? byBomRatio(c, input) : asSent(c, input, atSupplier);
    if (line.quantity > atSupplier) {
      const message =
        `${c.sku}: this delivery consumes ${line.quantity} (${line.reason}) but only ${atSupplier} is still at ` +
        `the supplier (sent ${c.sent}, consumed ${c.consumed}, scrapped ${c.scrapped}, returned ${c.returned})`;
      refusals.push({ field: 'components', sku: c.sku, message });
    }
    components.push(line);
  }
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, components };
}
