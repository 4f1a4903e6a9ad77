/** Why a pool could not be distributed; none of these heal by retrying. */
export type CostDistributionErrorCode =
  'invalid-pool' | 'no-targets' | 'duplicate-target' | 'invalid-basis' | 'zero-basis' | 'percent-total';

/** Thrown by distribute when the pool or the targets make a fair split impossible. */
export class CostDistributionError extends Error {
  constructor(
    readonly code: CostDistributionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CostDistributionError';
  }
}
