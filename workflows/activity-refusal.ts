import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * The activity's refusal message when it refused with one of `types` (a non-retryable ApplicationFailure: the person
 * can correct their answer and the task re-opens with it), else undefined.
 */
export function refusalOf(error: unknown, ...types: string[]): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && types.includes(cause.type ?? '') ? cause.message : undefined;
}
