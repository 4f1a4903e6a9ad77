/**
 * The lot-sizing policy as the console edits it: one select for the kind and the number fields that kind takes. A
 * mirror of rules/rule-sets lotSizingPolicySchema; the server stays the authority and names any problem's field.
 */

/** Lot-for-lot, fixed quantity, minimum / multiple / maximum, period order quantity (cover N buckets). */
export const LOT_SIZE_KINDS = ['lot-for-lot', 'fixed', 'min-max', 'period-order'];

/** One number field of a lot-size kind. */
export interface LotSizeField {
  key: string;
  label: string;
  /** Optional fields may be left empty (the key is then left out); required ones are refused empty by the server. */
  optional: boolean;
  /** Whole numbers only (periods). */
  integer: boolean;
}

const field = (key: string, label: string, optional = false, integer = false): LotSizeField => ({
  key,
  label,
  optional,
  integer,
});

/** The number fields of each kind, in the order they show. */
export const LOT_SIZE_FIELDS: Record<string, LotSizeField[]> = {
  'lot-for-lot': [],
  fixed: [field('quantity', 'Lot quantity')],
  'min-max': [
    field('minimum', 'Minimum', true),
    field('multiple', 'Multiple of', true),
    field('maximum', 'Maximum per order', true),
  ],
  'period-order': [field('periods', 'Buckets covered', false, true)],
};

/** What a policy becomes when the kind is switched: the other kind's keys would be refused, so start afresh. */
export const LOT_SIZE_DEFAULTS: Record<string, Record<string, unknown>> = {
  'lot-for-lot': { kind: 'lot-for-lot' },
  fixed: { kind: 'fixed', quantity: 100 },
  'min-max': { kind: 'min-max', minimum: 100, multiple: 10 },
  'period-order': { kind: 'period-order', periods: 4 },
};

/** The number fields the policy shows (none for an unknown kind). */
export function lotSizeFields(policy: Record<string, unknown>): LotSizeField[] {
  const kind = policy['kind'];
  return typeof kind === 'string' ? (LOT_SIZE_FIELDS[kind] ?? []) : [];
}

/** The policy with one number field changed; an emptied field drops its key (the server says if it is needed). */
export function withLotSizeNumber(policy: Record<string, unknown>, key: string, raw: string): Record<string, unknown> {
  const next = { ...policy };
  if (raw.trim() === '') delete next[key];
  else next[key] = Number(raw);
  return next;
}
