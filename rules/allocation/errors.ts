/** Why allocate refused its input. */
export type AllocationErrorCode = 'invalid-line' | 'duplicate-line' | 'invalid-candidate' | 'invalid-context';

/** Thrown for malformed input; allocation itself never fails (a line it cannot cover is reported, not thrown). */
export class AllocationError extends Error {
  constructor(
    readonly code: AllocationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AllocationError';
  }
}
