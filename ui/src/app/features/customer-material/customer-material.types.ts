/**
 * Wire row of the customer material statement (api/customer-material/customer-material-schemas.ts), as the page
 * reads it: what we received, moved, used, returned and hold of one customer's material per item, lot and location.
 */
export interface CustomerMaterialRow {
  customerCode: string;
  customerName: string;
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string | null;
  locationCode: string;
  warehouseCode: string;
  received: number;
  transferredIn: number;
  transferredOut: number;
  used: number;
  /** The orders (production or subcontract order numbers) that used it here. */
  usedIn: string[];
  returned: number;
  held: number;
}
