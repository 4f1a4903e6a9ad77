/**
 * Facts for proposing a NEW item's valuation method from the `valuation` rule set. The item's own
 * `valuationMethod` is the one source of truth once it exists (posting reads it); the rules only fill it in when
 * whoever creates the item leaves it out. Items are not yet stocked anywhere, so warehouse facts are null.
 */
export interface ProposalItem {
  sku: string;
  category: string;
  supplyType: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
}

export function valuationProposalFacts(item: ProposalItem): Record<string, unknown> {
  return {
    'item.sku': item.sku,
    'item.category': item.category,
    'item.sourcing': item.supplyType,
    'item.lotTracked': item.lotTracked,
    'item.shelfLifeDays': item.shelfLifeDays,
    'item.attributes': {},
    'warehouse.code': null,
    'warehouse.region': null,
  };
}
