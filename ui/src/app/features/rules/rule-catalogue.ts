/**
 * What the editor offers: the facts each rule-set type may test, the operators that apply to each fact type and
 * the policy vocabularies. A mirror of rules/rule-sets (the console talks to the API over HTTP only and the API
 * does not publish its catalogue yet); the server stays the authority and its validation errors are shown as is.
 */

export type FactType = 'string' | 'number' | 'boolean' | 'date' | 'string-list' | 'attributes';

export interface FactInfo {
  name: string;
  type: FactType;
  description: string;
}

const fact = (name: string, type: FactType, description: string): FactInfo => ({ name, type, description });

const CUSTOMER = [
  fact('customer.code', 'string', 'Customer code'),
  fact('customer.segment', 'string', 'Customer segment, e.g. retail, wholesale, key-account'),
  fact('customer.country', 'string', 'ISO 3166 country code of the customer'),
  fact('customer.minShelfLifeDays', 'number', 'Remaining shelf life the customer requires, in days'),
  fact('customer.tags', 'string-list', 'Free tags on the customer record'),
];
const ITEM = [
  fact('item.sku', 'string', 'Item number'),
  fact('item.category', 'string', 'Item category'),
  fact('item.sourcing', 'string', 'make, buy or subcontract'),
  fact('item.lotTracked', 'boolean', 'Whether the item is tracked by lot'),
  fact('item.shelfLifeDays', 'number', 'Total shelf life of the item, in days'),
  fact('item.attributes', 'attributes', 'Free item attributes, addressed by path (storage.temperature)'),
];
const WAREHOUSE = [
  fact('warehouse.code', 'string', 'Warehouse code'),
  fact('warehouse.region', 'string', 'Region the warehouse belongs to'),
];
const ORDER = [
  fact('order.type', 'string', 'Order type, e.g. standard, rush, sample'),
  fact('order.channel', 'string', 'Sales channel, e.g. edi, web, phone'),
  fact('order.requestedDate', 'date', 'Delivery date the customer asked for (YYYY-MM-DD)'),
  fact('order.shipToCountry', 'string', 'ISO 3166 country code of the ship-to address'),
];
const LOT = [
  fact('lot.origin', 'string', 'purchase, production or subcontract'),
  fact('lot.supplierCode', 'string', 'Supplier of a purchased lot'),
];
const POOL = [
  fact('pool.code', 'string', 'Cost pool code, e.g. OH-ASSEMBLY, FREIGHT'),
  fact('pool.kind', 'string', 'overhead, freight, landed-cost or processing-fee'),
  fact('pool.amountCents', 'number', 'Amount to distribute, in cents'),
  fact('period.code', 'string', 'Accounting period, e.g. 2026-03'),
  fact('costCenter.code', 'string', 'Cost center the pool belongs to'),
];

const CREDIT = [
  fact('customer.creditLimit', 'number', 'Credit limit agreed with the customer'),
  fact('customer.openReceivables', 'number', 'Invoiced and not yet paid'),
  fact('customer.overdueAmount', 'number', 'Open receivables past their due date'),
  fact('customer.oldestOverdueDays', 'number', 'Days the oldest overdue invoice is past due'),
  fact('order.value', 'number', 'Value of this order at its prices'),
  fact('order.exposureAfter', 'number', 'Open receivables plus open orders plus this order'),
  fact('order.exposureRatio', 'number', 'exposureAfter divided by the credit limit'),
];

const FACTS: Record<string, FactInfo[]> = {
  allocation: [...CUSTOMER, ...ITEM, ...WAREHOUSE, ...ORDER],
  valuation: [...ITEM, ...WAREHOUSE],
  expiry: [...ITEM, ...WAREHOUSE, ...LOT],
  'cost-distribution': [...POOL, ...WAREHOUSE],
  credit: [...CUSTOMER, ...CREDIT, ...ORDER],
  'invoice-match': [
    ...ITEM,
    fact('supplier.code', 'string', 'Supplier of the invoice'),
    fact('item.abcClass', 'string', 'ABC class of the item (A, B or C; empty when not classified)'),
    fact('line.netAmount', 'number', 'Net amount of the invoice line'),
    fact('invoice.netTotal', 'number', 'Net total of the invoice'),
  ],
  'cycle-count': [
    ...ITEM,
    ...WAREHOUSE,
    fact('item.abcClass', 'string', 'ABC class of the item (A, B or C; empty when not classified)'),
    fact('location.code', 'string', 'The bin counted'),
  ],
  'material-issue': [
    fact('product.sku', 'string', 'Item number of the product the production order makes'),
    fact('product.category', 'string', 'Item category of the product made'),
    fact('component.sku', 'string', 'Item number of the component issued'),
    fact('component.category', 'string', 'Item category of the component, e.g. fastener, electronics'),
    fact('component.abcClass', 'string', 'ABC class of the component (A, B or C; empty when not classified)'),
    fact('workCentre.code', 'string', 'Work centre of the operation that consumes the component'),
  ],
  'lot-sizing': [
    fact('item.sku', 'string', 'Item number'),
    fact('item.category', 'string', 'Item category'),
    fact('item.abcClass', 'string', 'ABC class of the item (A, B or C; empty when not classified)'),
    fact('item.sourcing', 'string', 'make, buy or subcontract'),
    fact('supplier.code', 'string', 'Preferred supplier of a bought or subcontracted item (empty for made items)'),
  ],
  'subcontract-consumption': [
    fact('supplier.code', 'string', 'Supplier processing the components (the subcontractor)'),
    fact('supplier.trusted', 'boolean', 'Whether the supplier is marked trusted'),
    fact('item.sku', 'string', 'Item number of the finished item the supplier delivers'),
    fact('item.category', 'string', 'Item category of the finished item'),
  ],
  'quality-sampling': [
    fact('receipt.source', 'string', 'purchase, production, subcontract or shipment'),
    fact('supplier.code', 'string', 'Supplier of a purchased or subcontracted lot (empty for production and shipment)'),
    fact('supplier.trusted', 'boolean', 'Whether the supplier is marked trusted'),
    fact('item.sku', 'string', 'Item number of the lot'),
    fact('item.category', 'string', 'Item category of the lot'),
    fact('supplier.lotsInspected', 'number', 'Lots of this supplier inspected so far'),
    fact('supplier.lotsRejected', 'number', 'Lots of this supplier rejected so far'),
    fact('supplier.consecutiveAccepted', 'number', 'Lots of this supplier accepted in a row, most recent first'),
    fact('supplier.acceptanceRate', 'number', 'Accepted lots as a percent of inspected lots (100 when none yet)'),
    fact('supplier.switchingState', 'string', 'normal, tightened, reduced or discontinued (ISO 2859-1 switching)'),
  ],
};

/** The facts rules of this type may read (empty for a type the console does not know). */
export function factsFor(type: string): FactInfo[] {
  return FACTS[type] ?? [];
}

export function factInfo(type: string, name: string): FactInfo | undefined {
  return factsFor(type).find((f) => f.name === name);
}

/** json-rules-engine's built-in operators, the only ones a rule may use. */
export const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

const BY_FACT_TYPE: Record<FactType, readonly string[]> = {
  string: ['equal', 'notEqual', 'in', 'notIn'],
  number: OPERATORS.filter((op) => op !== 'contains' && op !== 'doesNotContain'),
  boolean: ['equal', 'notEqual'],
  date: OPERATORS.filter((op) => op !== 'contains' && op !== 'doesNotContain'),
  'string-list': ['contains', 'doesNotContain'],
  attributes: OPERATORS.filter((op) => op !== 'contains' && op !== 'doesNotContain'),
};

/** Operators that apply to the fact (all of them when the fact is unknown, so nothing is hidden). */
export function operatorsFor(type: string, factName: string): readonly string[] {
  const info = factInfo(type, factName);
  return info ? BY_FACT_TYPE[info.type] : OPERATORS;
}

/** Operators whose value is a list. */
export const LIST_OPERATORS: readonly string[] = ['in', 'notIn'];

// ---- policies ----------------------------------------------------------------

/** FEFO, FIFO, LIFO, warehouse priority (lower first), fewest locations per line. */
export const SORT_KEYS = ['expiry-asc', 'received-asc', 'received-desc', 'warehouse-priority', 'fewest-locations'];
export const SORT_KEY_LABELS: Record<string, string> = {
  'expiry-asc': 'Expiry first (FEFO)',
  'received-asc': 'Oldest receipt first (FIFO)',
  'received-desc': 'Newest receipt first (LIFO)',
  'warehouse-priority': 'Warehouse priority',
  'fewest-locations': 'Fewest locations',
};
export const PARTIAL_POLICIES = ['allow-partial', 'backorder-rest', 'all-or-nothing'];
/** Only available stock can be allocated: at-supplier stock is being processed for us and cannot be promised. */
export const ALLOCATABLE_STATUSES = ['available'];
export const VALUATION_METHODS = ['fifo', 'moving-average'];
export const EXPIRY_ACTIONS = ['alert', 'discount', 'scrap-task'];
export const DISTRIBUTION_BASES = ['quantity', 'material-cost', 'labour-hours', 'weight', 'value', 'manual-percent'];
export const ROUNDINGS = ['largest-remainder', 'last-target'];
/** Kit: picked and staged before work starts; merged: one pick for several orders; backflush: consumed at the report. */
export const ISSUE_MODES = ['kit', 'merged', 'backflush'];
/** What a short kit does: wait durably for stock, or release what is there. */
export const WHEN_SHORT = ['wait', 'release-partial'];

/** A policy to start a new rule with, per type. */
export const NEW_POLICY: Record<string, Record<string, unknown>> = {
  allocation: {
    filters: { statuses: ['available'], excludeExpired: true },
    sortKeys: ['expiry-asc'],
    partial: 'allow-partial',
  },
  valuation: { method: 'fifo' },
  expiry: { blockExpired: true, actions: [{ withinDays: 30, action: 'alert' }] },
  'cost-distribution': { basis: 'quantity', rounding: 'largest-remainder' },
  'invoice-match': { priceTolerancePercent: 2, priceToleranceAmount: 50, quantityTolerancePercent: 100 },
  'cycle-count': { frequency: 'yearly', recountTolerance: 0, approvalAboveValue: 100 },
  'material-issue': { mode: 'kit', whenShort: 'wait' },
  'lot-sizing': { kind: 'fixed', quantity: 100 },
  'subcontract-consumption': { method: 'as-sent', overDeliveryPercent: 0 },
  'quality-sampling': { kind: 'aql', level: 'II', aql: 1 },
};

/** Example facts for a dry run: every declared fact, so whatever the rules read is present. */
export const SAMPLE_FACTS: Record<string, Record<string, unknown>> = {
  allocation: {
    'customer.code': 'C-FRESH',
    'customer.segment': 'key-account',
    'customer.country': 'DE',
    'customer.minShelfLifeDays': 90,
    'customer.tags': [],
    'item.sku': 'FOOD-001',
    'item.category': 'food',
    'item.sourcing': 'buy',
    'item.lotTracked': true,
    'item.shelfLifeDays': 180,
    'item.attributes': {},
    'warehouse.code': null,
    'warehouse.region': null,
    'order.type': 'standard',
    'order.channel': 'web',
    'order.requestedDate': null,
    'order.shipToCountry': 'DE',
  },
  valuation: {
    'item.sku': 'HW-001',
    'item.category': 'hardware',
    'item.sourcing': 'buy',
    'item.lotTracked': false,
    'item.shelfLifeDays': null,
    'item.attributes': {},
    'warehouse.code': 'MAIN',
    'warehouse.region': null,
  },
  expiry: {
    'item.sku': 'PHAR-001',
    'item.category': 'pharma',
    'item.sourcing': 'buy',
    'item.lotTracked': true,
    'item.shelfLifeDays': 540,
    'item.attributes': {},
    'warehouse.code': 'MAIN',
    'warehouse.region': null,
    'lot.origin': 'purchase',
    'lot.supplierCode': null,
  },
  'cost-distribution': {
    'pool.code': 'FREIGHT',
    'pool.kind': 'freight',
    'pool.amountCents': 125000,
    'period.code': '2026-03',
    'costCenter.code': null,
    'warehouse.code': 'MAIN',
    'warehouse.region': null,
  },
  'material-issue': {
    'product.sku': 'PUMP-100',
    'product.category': 'pumps',
    'component.sku': 'BOLT-M8',
    'component.category': 'fastener',
    'component.abcClass': 'C',
    'workCentre.code': 'ASSY',
  },
  'lot-sizing': {
    'item.sku': 'BOLT-M8',
    'item.category': 'fastener',
    'item.abcClass': 'C',
    'item.sourcing': 'buy',
    'supplier.code': 'S-FAST',
  },
  'subcontract-consumption': {
    'supplier.code': 'S-PLATING',
    'supplier.trusted': true,
    'item.sku': 'BRACKET-ZN',
    'item.category': 'plated',
  },
  'quality-sampling': {
    'receipt.source': 'purchase',
    'supplier.code': 'S-FAST',
    'supplier.trusted': true,
    'item.sku': 'BOLT-M8',
    'item.category': 'fastener',
    'supplier.lotsInspected': 24,
    'supplier.lotsRejected': 1,
    'supplier.consecutiveAccepted': 12,
    'supplier.acceptanceRate': 95.83,
    'supplier.switchingState': 'normal',
  },
};
