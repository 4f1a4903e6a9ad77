/** An OpenAPI document as the API serves it at /docs/json, typed as far as the fuzzer reads it. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  [key: string]: unknown;
}

export interface OpenApiOperation {
  'x-roles'?: string[];
  responses?: Record<string, { links?: Record<string, { operationRef?: string }> } & Record<string, unknown>>;
  [key: string]: unknown;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']);

/** `#/paths/~1api~1orders~1{orderNumber}/get` -> ['/api/orders/{orderNumber}', 'get']. */
function refTarget(ref: string): [string, string] | undefined {
  const match = /^#\/paths\/(.+)\/([a-z]+)$/.exec(ref);
  if (!match) return undefined;
  return [match[1]!.replace(/~1/g, '/').replace(/~0/g, '~'), match[2]!];
}

/**
 * The part of the document a role fuzzes: the operations whose `x-roles` admit one of `roles` (all of them when
 * `roles` is undefined: the anonymous pass), minus `excluded` ("POST /api/auth/logout"), with the links that led to
 * an operation left out removed (Schemathesis refuses a link to an operation it cannot find).
 */
export function roleDocument(
  document: OpenApiDocument,
  roles: readonly string[] | undefined,
  excluded: readonly string[] = [],
): OpenApiDocument {
  const keep = (path: string, method: string, operation: OpenApiOperation | undefined) =>
    operation !== undefined &&
    !excluded.includes(`${method.toUpperCase()} ${path}`) &&
    (roles === undefined || (operation['x-roles'] ?? []).some((role) => roles.includes(role)));
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      if (!METHODS.has(method)) {
        // Path-level fields (parameters, summary) go with the path.
        (paths[path] ??= {})[method] = operation;
        continue;
      }
      if (keep(path, method, operation)) (paths[path] ??= {})[method] = operation;
    }
  }
  for (const [path, byMethod] of Object.entries(paths)) {
    if (!Object.keys(byMethod).some((method) => METHODS.has(method))) {
      delete paths[path];
      continue;
    }
    for (const [method, operation] of Object.entries(byMethod)) {
      if (!METHODS.has(method) || !operation.responses) continue;
      byMethod[method] = { ...operation, responses: withReachableLinks(operation.responses, paths) };
    }
  }
  return { ...document, paths };
}

function withReachableLinks(
  responses: NonNullable<OpenApiOperation['responses']>,
  paths: OpenApiDocument['paths'],
): NonNullable<OpenApiOperation['responses']> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      if (!response.links) return [status, response];
      const links = Object.fromEntries(
        Object.entries(response.links).filter(([, link]) => {
          const target = link.operationRef ? refTarget(link.operationRef) : undefined;
          return target !== undefined && paths[target[0]]?.[target[1]] !== undefined;
        }),
      );
      const rest = { ...response };
      delete rest.links;
      return [status, Object.keys(links).length ? { ...rest, links } : rest];
    }),
  );
}

/** How many operations a document has. */
export function operationCount(document: OpenApiDocument): number {
  return Object.values(document.paths).reduce(
    (sum, byMethod) => sum + Object.keys(byMethod).filter((method) => METHODS.has(method)).length,
    0,
  );
}

/** How many links a document declares. */
export function linkCount(document: OpenApiDocument): number {
  let count = 0;
  for (const byMethod of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      if (!METHODS.has(method)) continue;
      for (const response of Object.values(operation.responses ?? {}))
        count += Object.keys(response.links ?? {}).length;
    }
  }
  return count;
}
