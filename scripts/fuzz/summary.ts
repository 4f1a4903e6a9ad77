import type { RunResponses } from './server-errors';

/** The parts of Schemathesis' JSON run report (`--report json`) the summary reads. */
export interface SchemathesisReport {
  complete: boolean;
  exit_code: number;
  stop_reason: string;
  running_time?: number;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number } | null;
  phases?: Record<string, { status: string; skip_reason: string | null }> | null;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: Array<{ type: string; code: string; title: string; count: number; operations: string[] }>;
  errors: Array<{ title: string; count: number }>;
  auth?: { reauth_count: number; reauth_broke: boolean };
}

/** One pass: a role (or anonymous) fuzzing its operations. */
export interface PassResult {
  /** "clerk", "anonymous". */
  name: string;
  /** The operations in the pass' document and the links among them. */
  operations: number;
  links: number;
  /** Undefined when Schemathesis wrote no report (it crashed or could not start). */
  report?: SchemathesisReport;
  responses: RunResponses;
  seconds: number;
  /** The tail of Schemathesis' output, for a pass that failed. */
  outputTail: string;
}

/**
 * Titles of errors that are the API's fault rather than Schemathesis' own (its generator giving up on a schema is
 * not): unreachable, hanging, or refusing the sign-in. The same list the bounded pass in `npm test` fails on.
 */
export const API_ERROR_TITLES =
  /Network Error|Unhealthy API|Unresponsive Operation|Server Unavailable|Authentication Error/;

/** What fails a pass: every 5xx, every check failure, an API error, a report never finished or a lost sign-in. */
export function findingsOf(pass: PassResult): string[] {
  const findings: string[] = [];
  if (!pass.report) return [`${pass.name}: Schemathesis wrote no report`];
  if (!pass.report.complete) findings.push(`${pass.name}: the run did not finish (${pass.report.stop_reason})`);
  for (const error of pass.responses.serverErrors) {
    findings.push(
      `${pass.name}: ${error.status} on ${error.method} ${error.url}${error.error ? ` (${error.error})` : ''}`,
    );
  }
  for (const failure of pass.report.failures) {
    findings.push(
      `${pass.name}: ${failure.title} [${failure.code}] x${failure.count} on ${failure.operations.join(', ')}`,
    );
  }
  for (const error of pass.report.errors.filter((e) => API_ERROR_TITLES.test(e.title))) {
    findings.push(`${pass.name}: ${error.title} x${error.count}`);
  }
  if (pass.report.auth?.reauth_broke) findings.push(`${pass.name}: signing in again failed mid-run`);
  return findings;
}

/** Schemathesis' own errors (its generator giving up on a schema): reported, not failing. */
export function notesOf(pass: PassResult): string[] {
  return (pass.report?.errors ?? [])
    .filter((e) => !API_ERROR_TITLES.test(e.title))
    .map((e) => `${pass.name}: Schemathesis ${e.title} x${e.count}`);
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

/** The closing table: per pass the operations tested, examples, responses, 5xx and findings; then every finding. */
export function summaryText(passes: PassResult[]): string {
  const header = `${'pass'.padEnd(11)}${pad('operations', 12)}${pad('links', 7)}${pad('examples', 10)}${pad('responses', 11)}${pad('2xx', 7)}${pad('4xx', 7)}${pad('5xx', 6)}${pad('findings', 10)}${pad('time', 8)}`;
  const rows = passes.map((pass) => {
    const ops = pass.report?.operations;
    const tested = ops ? `${ops.tested}/${ops.selected}` : `-/${pass.operations}`;
    return (
      pass.name.padEnd(11) +
      pad(tested, 12) +
      pad(pass.links, 7) +
      pad(pass.report?.test_cases.generated ?? '-', 10) +
      pad(pass.responses.total, 11) +
      pad(pass.responses.byClass['2xx'] ?? 0, 7) +
      pad(pass.responses.byClass['4xx'] ?? 0, 7) +
      pad(pass.responses.byClass['5xx'] ?? 0, 6) +
      pad(findingsOf(pass).length, 10) +
      pad(`${Math.round(pass.seconds)}s`, 8)
    );
  });
  const findings = passes.flatMap(findingsOf);
  const notes = passes.flatMap(notesOf);
  return [
    header,
    ...rows,
    '',
    findings.length ? `Findings (${findings.length}):` : 'Findings: none (no 5xx, every check held).',
    ...findings.map((line) => `  ${line}`),
    ...(notes.length ? ['Notes (not failing):', ...notes.map((line) => `  ${line}`)] : []),
  ].join('\n');
}
