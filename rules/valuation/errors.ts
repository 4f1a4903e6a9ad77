/**
 * Thrown when an issue asks for more than the layers hold. Valuation never lets stock go negative: a negative layer
 * has no meaningful cost, so the caller has to decide (reject the posting, or post the missing receipt first).
 */
export class InsufficientLayersError extends Error {
  /**
   * @param requested - milli-units the issue asked for
   * @param available - milli-units the layers held at that point
   * @param eventId - the replayed event that failed, when known (it makes a failed re-valuation diagnosable)
   */
  constructor(
    readonly requested: number,
    readonly available: number,
    readonly eventId?: string,
  ) {
    const where = eventId === undefined ? '' : `Event ${eventId}: `;
    super(`${where}cannot issue ${requested} milli-units, only ${available} available`);
    this.name = 'InsufficientLayersError';
  }
}
