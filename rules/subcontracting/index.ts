/**
 * Subcontracting: which consumption policy the subcontract-consumption rules choose for a supplier and finished item
 * (with the reasons the clerk sees), and the pure calculation of what one supplier delivery consumes of each
 * component at the supplier, by BOM ratio or by what was sent.
 */
export { consumptionForDelivery } from './consumption';
export type {
  ComponentAtSupplier,
  ComponentConsumption,
  ConsumptionRefusal,
  DeliveryConsumption,
  DeliveryConsumptionInput,
} from './consumption';
export { consumptionFacts, decideConsumption, describeConsumption } from './decide-consumption';
export type { ConsumptionChoice, ConsumptionSubject, OutrankedConsumption } from './decide-consumption';
