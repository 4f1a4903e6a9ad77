/**
 * json-rules-engine's built-in operators and which of them apply to which fact type. The decorated operators
 * (`someFact:equal` ...) and custom operators are deliberately not offered: every rule must read plainly.
 */
import type { FactType } from './facts';
import type { ScalarType } from './values';

/** The operators a condition may use: json-rules-engine's built-ins. */
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

/** A built-in operator. */
export type Operator = (typeof OPERATORS)[number];

type OperatorKind = 'compare' | 'order' | 'member' | 'list';

const KIND: Record<Operator, OperatorKind> = {
  equal: 'compare',
  notEqual: 'compare',
  lessThan: 'order',
  lessThanInclusive: 'order',
  greaterThan: 'order',
  greaterThanInclusive: 'order',
  in: 'member',
  notIn: 'member',
  contains: 'list',
  doesNotContain: 'list',
};

/** What a condition's value must be: a scalar, or a non-empty list of scalars (for in / notIn). */
export type ExpectedValue = { scalar: ScalarType; list: boolean };

const one = (scalar: ScalarType): ExpectedValue => ({ scalar, list: false });
const many = (scalar: ScalarType): ExpectedValue => ({ scalar, list: true });

// A missing entry means the operator does not apply to that fact type (e.g. lessThan on a string).
const EXPECTED: Record<FactType, Partial<Record<OperatorKind, ExpectedValue>>> = {
  string: { compare: one('string'), member: many('string') },
  number: { compare: one('number'), order: one('number'), member: many('number') },
  boolean: { compare: one('boolean') },
  date: { compare: one('date'), order: one('date'), member: many('date') },
  'string-list': { list: one('string') },
  attributes: { compare: one('scalar'), order: one('number'), member: many('scalar') },
};

/** True for a built-in operator name. */
export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

/** The value a condition with this fact type and operator must have, or undefined if the operator does not apply. */
export function expectedValue(factType: FactType, operator: Operator): ExpectedValue | undefined {
  return EXPECTED[factType][KIND[operator]];
}

/** The operators that apply to a fact type, for error messages. */
export function operatorsFor(factType: FactType): Operator[] {
  return OPERATORS.filter((operator) => expectedValue(factType, operator) !== undefined);
}

/** The fact type a `{ fact }` reference used as a value must have to stand in for `expected`, if any can. */
export function referenceTypeFor(expected: ExpectedValue): FactType | undefined {
  if (!expected.list) return expected.scalar === 'scalar' ? undefined : expected.scalar;
  return expected.scalar === 'string' ? 'string-list' : undefined;
}
