/** Test support for the engine tests (not part of the module's API). */
import { type SupportedRuleSetType, validateRuleSet } from '../rule-sets';
import { contentHash } from './hash';
import type { RuleSetVersionInput } from './types';

/** A stored version of valid content, normalised and hashed the way the api stores it. */
export function storedVersion<T extends SupportedRuleSetType>(
  type: T,
  json: unknown,
  ruleSetId = 1,
  version = 1,
): RuleSetVersionInput<T> {
  const result = validateRuleSet(type, json);
  if (!result.ok) throw new Error(`test content is invalid: ${JSON.stringify(result.errors)}`);
  return { ruleSetId, type, version, contentHash: contentHash(result.content), content: result.content };
}

const fefo = {
  sortKeys: ['expiry-asc'],
  partial: 'backorder-rest',
  filters: { minRemainingShelfLifeDays: 'customer' },
};
const fifo = { sortKeys: ['received-asc'], partial: 'allow-partial' };
const nearest = { sortKeys: ['warehouse-priority', 'fewest-locations'], partial: 'all-or-nothing' };

/** An allocation rule set: FEFO for food, nearest warehouse for export customers (which wins), FIFO otherwise. */
export const allocationRules = {
  rules: [
    {
      name: 'food is FEFO',
      priority: 5,
      conditions: {
        any: [
          { fact: 'item.category', operator: 'in', value: ['frozen', 'chilled'] },
          { fact: 'item.attributes', path: 'storage.zone', operator: 'equal', value: 'cold' },
        ],
      },
      event: { type: 'policy', params: fefo },
    },
    {
      name: 'export ships whole lines',
      priority: 10,
      conditions: {
        all: [
          { fact: 'customer.segment', operator: 'equal', value: 'export' },
          { not: { fact: 'customer.tags', operator: 'contains', value: 'split-ok' } },
        ],
      },
      event: { type: 'policy', params: nearest },
    },
    {
      name: 'short shelf life customers',
      priority: 5,
      conditions: {
        all: [{ fact: 'item.shelfLifeDays', operator: 'lessThan', value: { fact: 'customer.minShelfLifeDays' } }],
      },
      event: { type: 'policy', params: fefo },
    },
  ],
  defaultPolicy: fifo,
};

/** Facts of a domestic customer ordering a dry item: no rule fires. */
export const domesticDry = {
  'customer.segment': 'retail',
  'customer.tags': [],
  'customer.minShelfLifeDays': 10,
  'item.category': 'dry',
  'item.attributes': { storage: { zone: 'ambient' } },
  'item.shelfLifeDays': 365,
};
