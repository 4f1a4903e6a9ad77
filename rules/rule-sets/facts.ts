/**
 * The facts each rule-set type may test. Rules can only name facts declared here, and the engine refuses to decide
 * on facts that are not declared or have the wrong type, so a typo fails when a version is saved, not silently
 * when it runs. Names are flat and dotted (`customer.code`); an `attributes` fact is the one kind that takes a
 * `path` into free-form data (`item.attributes` with path `storage.temperature`).
 */
import type { SupportedRuleSetType } from './types';

/** What a fact's value is. Dates are ISO calendar dates (`2026-03-01`), which order correctly as strings. */
export type FactType = 'string' | 'number' | 'boolean' | 'date' | 'string-list' | 'attributes';

/** A declared fact: its type and what it means (shown in the admin console). */
export interface FactDefinition {
  type: FactType;
  description: string;
}

/** The facts of one rule-set type, by name. */
export type FactCatalogue = Readonly<Record<string, FactDefinition>>;

const fact = (type: FactType, description: string): FactDefinition => ({ type, description });

const customerFacts = {
  'customer.code': fact('string', 'Customer code'),
  'customer.segment': fact('string', 'Customer segment, e.g. retail, wholesale, export'),
  'customer.country': fact('string', 'ISO 3166 country code of the customer'),
  'customer.minShelfLifeDays': fact('number', 'Remaining shelf life the customer requires on delivery, in days'),
  'customer.tags': fact('string-list', 'Free tags on the customer record'),
};

const itemFacts = {
  'item.sku': fact('string', 'Item number'),
  'item.category': fact('string', 'Item category'),
  'item.sourcing': fact('string', 'make, buy or subcontract'),
  'item.lotTracked': fact('boolean', 'Whether the item is tracked by lot'),
  'item.shelfLifeDays': fact('number', 'Total shelf life of the item, in days'),
  'item.attributes': fact('attributes', 'Free item attributes (storage, hazard class ...), addressed by path'),
};

const warehouseFacts = {
  'warehouse.code': fact('string', 'Warehouse code'),
  'warehouse.region': fact('string', 'Region the warehouse belongs to'),
};

const orderFacts = {
  'order.type': fact('string', 'Order type, e.g. standard, rush, sample'),
  'order.channel': fact('string', 'Sales channel, e.g. edi, web, phone'),
  'order.requestedDate': fact('date', 'Delivery date the customer asked for'),
  'order.shipToCountry': fact('string', 'ISO 3166 country code of the ship-to address'),
};

const lotFacts = {
  'lot.origin': fact('string', 'purchase, production or subcontract'),
  'lot.supplierCode': fact('string', 'Supplier of a purchased lot'),
};

const poolFacts = {
  'pool.code': fact('string', 'Cost pool code, e.g. OH-ASSEMBLY, FREIGHT'),
  'pool.kind': fact('string', 'overhead, freight, landed-cost or processing-fee'),
  'pool.amountCents': fact('number', 'Amount to distribute, in cents'),
  'period.code': fact('string', 'Accounting period, e.g. 2026-03'),
  'costCenter.code': fact('string', 'Cost center the pool belongs to'),
};

const creditFacts = {
  'customer.creditLimit': fact('number', 'Credit limit agreed with the customer, in currency units'),
  'customer.openReceivables': fact('number', 'Invoiced and not yet paid, in currency units'),
  'customer.overdueAmount': fact('number', 'Open receivables past their due date, in currency units'),
  'customer.oldestOverdueDays': fact('number', 'Days the oldest overdue invoice is past due (0 when none)'),
  'order.value': fact('number', 'Value of this order at its prices, in currency units'),
  'order.exposureAfter': fact('number', 'Open receivables plus open orders plus this order, in currency units'),
  'order.exposureRatio': fact('number', 'exposureAfter divided by the credit limit (0 when there is no limit)'),
};

const countFacts = {
  'item.abcClass': fact('string', 'ABC class of the item (A, B or C; empty when not classified)'),
  'location.code': fact('string', 'The bin counted'),
};

const invoiceMatchFacts = {
  'supplier.code': fact('string', 'Supplier of the invoice'),
  'item.abcClass': fact('string', 'ABC class of the item (A, B or C; empty when not classified)'),
  'line.netAmount': fact('number', 'Net amount of the invoice line, in currency units'),
  'invoice.netTotal': fact('number', 'Net total of the invoice, in currency units'),
};

/** Material issue decides per product made, component issued and work centre (the operation that consumes it). */
const materialIssueFacts = {
  'product.sku': fact('string', 'Item number of the product the production order makes'),
  'product.category': fact('string', 'Item category of the product made'),
  'component.sku': fact('string', 'Item number of the component issued'),
  'component.category': fact('string', 'Item category of the component, e.g. fastener, electronics'),
  'component.abcClass': fact('string', 'ABC class of the component (A, B or C; empty when not classified)'),
  'workCentre.code': fact('string', 'Work centre of the operation that consumes the component'),
};

/**
 * Lot sizing decides per item as MRP plans it: by item, category, ABC class, make/buy/subcontract and the preferred
 * supplier (empty for made items), so a buyer can say "everything from this supplier in multiples of 50".
 */
const lotSizingFacts = {
  'item.sku': itemFacts['item.sku'],
  'item.category': itemFacts['item.category'],
  'item.abcClass': fact('string', 'ABC class of the item (A, B or C; empty when not classified)'),
  'item.sourcing': itemFacts['item.sourcing'],
  'supplier.code': fact('string', 'Preferred supplier of a bought or subcontracted item (empty for made items)'),
};

/**
 * Subcontract consumption decides per supplier (and whether it is trusted) and per finished item the supplier makes:
 * "everything from this plater by what was sent", "this assembly by BOM ratio".
 */
const subcontractConsumptionFacts = {
  'supplier.code': fact('string', 'Supplier processing the components (the subcontractor)'),
  'supplier.trusted': fact('boolean', 'Whether the supplier is marked trusted'),
  'item.sku': fact('string', 'Item number of the finished item the supplier delivers'),
  'item.category': fact('string', 'Item category of the finished item'),
};

/**
 * Quality sampling decides per receipt source, supplier, item and the supplier's recorded quality: "purchases from a
 * trusted supplier with 20 clean lots skip-lot", "electronics at AQL 0.65".
 */
const qualitySamplingFacts = {
  'receipt.source': fact('string', 'purchase, production, subcontract or shipment'),
  'supplier.code': fact('string', 'Supplier of a purchased or subcontracted lot (empty for production and shipment)'),
  'supplier.trusted': fact('boolean', 'Whether the supplier is marked trusted'),
  'item.sku': fact('string', 'Item number of the lot'),
  'item.category': fact('string', 'Item category of the lot'),
  'supplier.lotsInspected': fact('number', 'Lots of this supplier inspected so far'),
  'supplier.lotsRejected': fact('number', 'Lots of this supplier rejected so far'),
  'supplier.consecutiveAccepted': fact('number', 'Lots of this supplier accepted in a row, most recent first'),
  'supplier.acceptanceRate': fact('number', 'Accepted lots as a percent of inspected lots (100 when none yet)'),
  'supplier.switchingState': fact('string', 'normal, tightened, reduced or discontinued (ISO 2859-1 switching)'),
};

/**
 * Wave planning decides per released order: "express orders with a cut-off within two hours go in small waves
 * released at once", "big orders wait for a supervisor".
 */
const waveFacts = {
  'customer.code': customerFacts['customer.code'],
  'order.carrier': fact('string', 'Carrier the order ships with'),
  'order.cutoffMinutes': fact('number', "Minutes left until the carrier's cut-off (negative when missed)"),
  'order.priority': fact('string', 'high, normal or low'),
  'order.zones': fact('string-list', 'Zones the order is picked from'),
  'order.lines': fact('number', 'Lines to pick'),
  'order.units': fact('number', 'Units to pick over all lines'),
};

/** The fact catalogue of every supported rule-set type. */
export const FACT_CATALOGUES: Readonly<Record<SupportedRuleSetType, FactCatalogue>> = {
  allocation: { ...customerFacts, ...itemFacts, ...warehouseFacts, ...orderFacts },
  valuation: { ...itemFacts, ...warehouseFacts },
  expiry: { ...itemFacts, ...warehouseFacts, ...lotFacts },
  'cost-distribution': { ...poolFacts, ...warehouseFacts },
  credit: { ...customerFacts, ...creditFacts, ...orderFacts },
  'invoice-match': { ...itemFacts, ...invoiceMatchFacts },
  'cycle-count': { ...itemFacts, ...countFacts, ...warehouseFacts },
  'material-issue': materialIssueFacts,
  'lot-sizing': lotSizingFacts,
  'subcontract-consumption': subcontractConsumptionFacts,
  'quality-sampling': qualitySamplingFacts,
  wave: waveFacts,
};

/** The declared fact, or undefined; own properties only, so `constructor` or `__proto__` are never facts. */
export function lookupFact(catalogue: FactCatalogue, name: string): FactDefinition | undefined {
  return Object.hasOwn(catalogue, name) ? catalogue[name] : undefined;
}
