/**
 * The quality-sampling policy as the console edits it: the kind select and the number fields that kind takes (the
 * inspection level defaults to II and the start severity to normal on the server). A mirror of rules/rule-sets
 * qualitySamplingPolicySchema; the server stays the authority and names any problem's field (an AQL the ISO 2859-1
 * tables do not have, a frequency other than 2-5).
 */
import type { LotSizeField } from './lot-size-fields';

/** No inspection, 100 %, a percentage, an ISO 2859-1 AQL plan, ISO 2859-3 skip-lot. */
export const SAMPLING_KINDS = ['skip', 'full', 'percent', 'aql', 'skip-lot'];

const field = (key: string, label: string, optional = false, integer = false): LotSizeField => ({
  key,
  label,
  optional,
  integer,
});

const SAMPLING_FIELDS: Record<string, LotSizeField[]> = {
  skip: [],
  full: [],
  percent: [field('percent', 'Percent of the lot'), field('minimum', 'At least (units)', true, true)],
  aql: [field('aql', 'AQL')],
  'skip-lot': [
    field('qualificationLots', 'Accepted lots to qualify', true, true),
    field('frequency', 'Inspect 1 lot in', false, true),
    field('aql', 'AQL'),
  ],
};

/** What a policy becomes when the kind is switched: the other kind's keys would be refused, so start afresh. */
export const SAMPLING_DEFAULTS: Record<string, Record<string, unknown>> = {
  skip: { kind: 'skip' },
  full: { kind: 'full' },
  percent: { kind: 'percent', percent: 10 },
  aql: { kind: 'aql', level: 'II', aql: 1 },
  'skip-lot': { kind: 'skip-lot', qualificationLots: 10, frequency: 3, level: 'II', aql: 1 },
};

/** The number fields the policy shows (none for an unknown kind). */
export function samplingFields(policy: Record<string, unknown>): LotSizeField[] {
  const kind = policy['kind'];
  return typeof kind === 'string' ? (SAMPLING_FIELDS[kind] ?? []) : [];
}
