/**
 * Lot sizing: turning the lot-sizing rules' decision into the lot-size policy MRP plans an item with (lot-for-lot,
 * fixed, min/multiple/max or period order), with the reasons the planner sees. The item–supplier minimum and multiple
 * are applied on top by the calculation (rules/mrp), not decided here.
 */
export { decideLotSize, describeLotSize, lotSizingFacts, toLotSizePolicy } from './decide-lot-size';
export type { LotSizeChoice, LotSizingSubject, OutrankedLotSize } from './decide-lot-size';
export { decideLotSizes } from './decide-many';
export type { ItemLotSize } from './decide-many';
