/** JSON paths for validation errors, written the way an admin reads them: `$.rules[0].conditions.all[1].operator`. */

/** One step into a JSON document: an object key or an array index. */
export type PathSegment = string | number;

/** A position in the validated document, as the list of steps from its root. */
export type Path = readonly PathSegment[];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Formats a path: identifiers as `.key`, indices as `[0]`, any other key quoted as `["odd key"]`. */
export function formatPath(path: Path): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One problem in a rule set: where it is and what is wrong. */
export interface ValidationError {
  path: string;
  message: string;
}

/** Collects errors while a validator walks a document, so the admin sees all of them at once. */
export class ErrorList {
  readonly errors: ValidationError[] = [];

  add(path: Path, message: string): void {
    this.errors.push({ path: formatPath(path), message });
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Describes a value for an error message: `the string "x"`, `the number 3`, `an array`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (value === undefined) return 'nothing';
  return `an ${typeof value}`;
}
