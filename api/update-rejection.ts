import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApiError, type ApiErrorCode } from './errors';

/**
 * Workflow Update validators reject with messages prefixed by a code (`TASK_FINISHED: ...`); an activity failure
 * inside an update handler wraps such a rejection. Finds the innermost message and maps its prefix to the API's
 * code, naming the field the detail starts with. Undefined when the error is not such a rejection.
 */
export function updateRejection(
  error: unknown,
  codes: Readonly<Record<string, ApiErrorCode>>,
  fieldPattern: RegExp,
): ApiError | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  const [prefix, ...rest] = current.message.split(': ');
  const code = codes[prefix ?? ''];
  if (!code) return undefined;
  const detail = rest.join(': ');
  return new ApiError(code, detail, fieldPattern.exec(detail)?.[1]);
}
