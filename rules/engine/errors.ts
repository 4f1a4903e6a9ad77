import type { ValidationError } from '../rule-sets';

/** Why the engine refused: mapped to HTTP statuses by the api and to non-retryable failures by activities. */
export type RuleEngineErrorCode =
  'unsupported-type' | 'hash-mismatch' | 'invalid-content' | 'not-normalised' | 'invalid-facts';

/**
 * Thrown when a rule set cannot be compiled or a decision cannot be made. None of these can heal by retrying:
 * each one means the stored version or the caller's facts are wrong.
 */
export class RuleEngineError extends Error {
  /**
   * @param code - what went wrong, for exhaustive mapping
   * @param problems - each problem with its JSON path (content errors, or facts as `$["customer.code"]`)
   */
  constructor(
    readonly code: RuleEngineErrorCode,
    message: string,
    readonly problems: readonly ValidationError[] = [],
  ) {
    const detail = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    super(detail ? `${message}: ${detail}` : message);
    this.name = 'RuleEngineError';
  }
}
