import { ApplicationFailure } from '@temporalio/activity';
import { BooksError } from '../../db/errors';
import type { ProductionRefusal } from './production-types';

/**
 * Refuses a production step with a message for people (non-retryable: asking again cannot change the answer);
 * the workflow re-opens the clerk's task with it. `field` names the input at fault.
 */
export function refuse(type: ProductionRefusal, message: string, field?: string): never {
  throw ApplicationFailure.nonRetryable(message, type, field === undefined ? {} : { field });
}

/** The books refusing a posting (stock short, a closed period) becomes the step's refusal, with the books' code. */
export function asRefusal(type: ProductionRefusal): (error: unknown) => never {
  return (error) => {
    if (error instanceof BooksError) {
      throw ApplicationFailure.nonRetryable(`${error.code}: ${error.message}`, type, {
        code: error.code,
        field: error.field,
      });
    }
    throw error;
  };
}

/** Quantities carry 3 decimals; rounding keeps float arithmetic from leaving 1e-16 remainders. */
export const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** A quantity a clerk reports: finite, not negative, at most 3 decimals. */
export function checkQuantity(type: ProductionRefusal, field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || Math.abs(Math.round(value * 1000) - value * 1000) > 1e-6) {
    refuse(type, `${field} must be a number of 0 or more with at most 3 decimals, got ${value}`, field);
  }
}
