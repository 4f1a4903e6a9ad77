import type { Peg, PegKind } from '../../rules/mrp';

/*
 * Whom a planned subcontract order is made for, by its pegging: customer-supplied material is one customer's stock,
 * so an order that uses it can only be released for the one customer whose order it serves.
 */

/** Parent chains end at independent demand (BOMs are acyclic); this only bounds a corrupt plan's walk. */
const MAX_DEPTH = 32;
/** Quantities are stored to 0.001; a share below that is rounding, not demand. */
const EPSILON = 0.001;

/** A share of a planned order's quantity and the demand it finally serves (never `dependent` once resolved). */
export interface DemandShare {
  kind: PegKind;
  ref: string;
  quantity: number;
}

/** A planned order's pegs by its ref (`<sku>/<bucket>/<n>`); undefined: no such order in the run. */
export type PegsOf = (plannedRef: string) => Promise<Peg[] | undefined>;

const sumOf = (pegs: ReadonlyArray<{ quantity: number }>) => pegs.reduce((sum, peg) => sum + peg.quantity, 0);
const to3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The demand the pegs finally serve: a `dependent` peg (a parent's planned order needs the item) is followed up to
 * what that parent serves, split in proportion to the parent's pegs. A parent that cannot be read stays a
 * `dependent` share (it serves no known customer).
 */
export async function demandShares(pegs: ReadonlyArray<Peg>, pegsOf: PegsOf, depth = 0): Promise<DemandShare[]> {
  const shares: DemandShare[] = [];
  for (const peg of pegs) {
    const parent = peg.kind === 'dependent' && depth < MAX_DEPTH ? await pegsOf(peg.ref) : undefined;
    const total = parent ? sumOf(parent) : 0;
    if (!parent || total <= 0) {
      shares.push({ kind: peg.kind, ref: peg.ref, quantity: peg.quantity });
      continue;
    }
    for (const share of await demandShares(parent, pegsOf, depth + 1)) {
      shares.push({ ...share, quantity: (share.quantity * peg.quantity) / total });
    }
  }
  return shares;
}

/** The sales order of a sales-order line's ref (`SO-000123/2`). */
export const salesOrderOf = (ref: string) => ref.slice(0, ref.lastIndexOf('/'));

const LABELS: Record<PegKind, (ref: string) => string> = {
  'sales-order': (ref) => `sales order ${ref}`,
  forecast: (ref) => `forecast ${ref}`,
  'production-component': (ref) => `production order component ${ref}`,
  'subcontract-component': (ref) => `subcontract order component ${ref}`,
  'what-if': (ref) => `what-if demand ${ref}`,
  dependent: (ref) => `planned order ${ref}`,
  'safety-stock': () => 'safety stock',
  'lot-size-remainder': () => 'lot-size remainder',
};

/** `safety stock 2; forecast FC-3 5`: each demand once, its quantities added. */
function listed(shares: ReadonlyArray<DemandShare>): string {
  const byLabel = new Map<string, number>();
  for (const share of shares) {
    const label = LABELS[share.kind](share.ref);
    byLabel.set(label, (byLabel.get(label) ?? 0) + share.quantity);
  }
  return [...byLabel].map(([label, quantity]) => `${label} ${to3(quantity)}`).join('; ');
}

export interface PeggedCustomerInput {
  /** The item made and the customer-supplied component that makes a customer necessary. */
  sku: string;
  componentSku: string;
  /** The quantity to release (as approved). */
  quantity: number;
  shares: ReadonlyArray<DemandShare>;
  /** Sales order number -> its customer's code. */
  customerOf: ReadonlyMap<string, string>;
}

/**
 * The customer the order is for when its pegging leads to one customer's sales orders that cover the quantity to
 * release; otherwise the reason it cannot be released for anyone, naming the item, the component and the demand:
 * several customers' orders, no customer's order (forecast, safety stock ...), or one customer's covering only part
 * (the planner can approve that part).
 */
export function peggedCustomer(input: PeggedCustomerInput): { customerCode: string } | { reason: string } {
  const byCustomer = new Map<string, DemandShare[]>();
  const others: DemandShare[] = [];
  for (const share of input.shares) {
    if (share.quantity < EPSILON) continue;
    const customer = share.kind === 'sales-order' ? input.customerOf.get(salesOrderOf(share.ref)) : undefined;
    if (customer === undefined) others.push(share);
    else byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), share]);
  }
  const needs = `${input.sku} is made with ${input.componentSku}, which the customer it is made for supplies`;
  if (byCustomer.size > 1) {
    const each = [...byCustomer].map(([customer, shares]) => `${customer}: ${listed(shares)}`).join(', ');
    return {
      reason: `${needs}, but it serves several customers' orders (${each}): release one subcontract order per customer by hand`,
    };
  }
  const [only] = [...byCustomer];
  if (!only) {
    return {
      reason: `${needs}, but none of its demand is a customer's order (${listed(others)}), so no customer's material can go into it`,
    };
  }
  const [customer, shares] = only;
  const covered = to3(sumOf(shares));
  if (covered + EPSILON < input.quantity) {
    const rest = others.length > 0 ? listed(others) : 'no demand at all';
    return {
      reason: `${needs}, but only ${covered} of ${to3(input.quantity)} serves customer ${customer}'s order (${listed(shares)}); the rest is ${rest}: approve ${covered} to release it for ${customer}`,
    };
  }
  return { customerCode: customer };
}
