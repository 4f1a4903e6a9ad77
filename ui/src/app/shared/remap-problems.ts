import { HttpErrorResponse } from '@angular/common/http';
import { apiProblemOf } from './field-errors';

/** The same failure with every problem's path rewritten (e.g. the server's `itemSku` is the form's `item`). */
export function remapProblemPaths(err: unknown, remap: (path: string) => string): unknown {
  const problem = apiProblemOf(err);
  if (!problem || !(err instanceof HttpErrorResponse)) return err;
  const error = {
    ...problem,
    field: problem.field ? remap(problem.field) : problem.field,
    details: problem.details?.map((d) => ({ ...d, path: remap(String(d.path ?? '')) })),
  };
  return new HttpErrorResponse({
    error: { error },
    status: err.status,
    statusText: err.statusText,
    url: err.url ?? '',
  });
}

/**
 * The same failure with the indexes of `lines[i]` paths mapped back to the form's rows, for a request that sent only
 * some rows (e.g. the lines a clerk changed): `lines[0].quantity` of the body is `lines[3].quantity` of the form.
 */
export function remapLinePaths(err: unknown, rowOfIndex: number[]): unknown {
  return remapProblemPaths(err, (path) =>
    path.replace(/^(body\.)?lines[.[](\d+)\]?/, (_, _prefix, index: string) => {
      const row = rowOfIndex[Number(index)];
      return row === undefined ? `lines.${index}` : `lines.${row}`;
    }),
  );
}
