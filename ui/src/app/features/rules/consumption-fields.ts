/**
 * The subcontract-consumption policy as the console edits it: the method select and the over-delivery tolerance. A
 * mirror of rules/rule-sets subcontractConsumptionPolicySchema; the server stays the authority and names any
 * problem's field. Also the one place that says which number fields a policy shows (lot sizing's by kind).
 */
import { lotSizeFields, type LotSizeField } from './lot-size-fields';
import { samplingFields } from './sampling-fields';

/** By BOM ratio (what the finished quantity needs, planned scrap included) or in proportion to what was sent. */
export const CONSUMPTION_METHODS = ['bom-ratio', 'as-sent'];

/** A number field of a policy, shown as an input under the policy's selects. */
export type PolicyNumberField = LotSizeField;

/** Left empty, the tolerance is 0 (the server fills the default): deliveries may not exceed the order at all. */
const CONSUMPTION_FIELDS: PolicyNumberField[] = [
  { key: 'overDeliveryPercent', label: 'Over-delivery allowed %', optional: true, integer: false },
];

const NUMBER_FIELDS: Record<string, (policy: Record<string, unknown>) => PolicyNumberField[]> = {
  'lot-sizing': lotSizeFields,
  'subcontract-consumption': () => CONSUMPTION_FIELDS,
  'quality-sampling': samplingFields,
};

/** The number fields the policy of this type shows (none for types without any). */
export function policyNumberFields(type: string, policy: Record<string, unknown>): PolicyNumberField[] {
  return NUMBER_FIELDS[type]?.(policy) ?? [];
}
