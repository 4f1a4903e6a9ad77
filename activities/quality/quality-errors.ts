import { ApplicationFailure } from '@temporalio/activity';

/** The quality gate's refusals: final (a retry cannot change them), each naming the field it is about. */
export const QUALITY_ERROR_CODES = [
  'INSPECTION_LOT_NOT_FOUND',
  'INSPECTION_LOT_WRONG_STATUS',
  'INSPECTION_INPUT_INVALID',
] as const;
export type QualityErrorCode = (typeof QUALITY_ERROR_CODES)[number];

/** Raises a quality refusal as a non-retryable failure carrying its code and field. */
export function refuse(code: QualityErrorCode, message: string, field: string): never {
  throw ApplicationFailure.nonRetryable(message, code, { field });
}
