import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '../../db/entities';
import { ERRORS_KEY, codesByStatus, errorBodySchema, type ErrorCode } from './route-docs';
import { linksOf } from './operation-links';

/** The roles key added to each documented operation (an OpenAPI extension), besides the sentence in its description. */
export const ROLES_KEY = 'x-roles';

type RouteSchema = Record<string, unknown> & { response?: Record<string | number, unknown>; description?: string };

/**
 * Completes every /api route's OpenAPI entry in one place, as the route is registered: the error responses
 * common to all routes (400 VALIDATION_FAILED when it takes input, 401 and 403 unless public, 500, 503), the codes
 * the route declared through `routeDocs`, each under its status with the error body schema, and the roles
 * from `config.roles` (the same list the auth hook enforces). Must be installed before routes and swagger.
 */
export function installRouteDocs(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || methodOf(route) === 'HEAD') return;
    const schema = route.schema as RouteSchema | undefined;
    if (!schema || schema.hide) return;
    const roles = route.config?.roles;
    const codes = [...((schema[ERRORS_KEY] as ErrorCode[] | undefined) ?? []), ...commonCodes(route, roles)];
    const response = { ...(schema.response ?? {}) };
    for (const [status, list] of codesByStatus(codes)) {
      if (!(status in response)) response[status] = errorBodySchema(status, list);
    }
    schema.response = response;
    schema[ERRORS_KEY] = [...new Set(codes)].sort();
    schema[ROLES_KEY] = rolesOf(route, roles);
    schema.description = `${schema.description ?? ''}\n\n${rolesSentence(route, roles)}`.trim();
    // The OpenAPI links of its responses (operation-links.ts), which @fastify/swagger reads from the route.
    const links = linksOf(methodOf(route), route.url);
    if (links) route.links = { ...links, ...route.links };
  });
}

function methodOf(route: RouteOptions): string {
  return Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
}

function takesInput(route: RouteOptions): boolean {
  const schema = route.schema ?? {};
  return Boolean(schema.body || schema.querystring || schema.params) || methodOf(route) !== 'GET';
}

function commonCodes(route: RouteOptions, roles: 'public' | readonly Role[] | undefined): ErrorCode[] {
  // Any route may meet an unreachable PostgreSQL (every one reads it, if only for the session) or Temporal.
  const codes: ErrorCode[] = ['INTERNAL', 'DEPENDENCY_UNAVAILABLE'];
  if (takesInput(route)) codes.push('VALIDATION_FAILED');
  if (roles !== 'public') codes.push('UNAUTHENTICATED', 'FORBIDDEN');
  return codes;
}

/** Who may call: auditors are read-only, so a changing route never admits them whatever it declares. */
function rolesOf(route: RouteOptions, roles: 'public' | readonly Role[] | undefined): string[] {
  if (roles === 'public') return ['public'];
  const changes = methodOf(route) !== 'GET' && route.url !== '/api/auth/logout';
  return (roles ?? []).filter((role) => !(changes && role === 'auditor'));
}

function rolesSentence(route: RouteOptions, roles: 'public' | readonly Role[] | undefined): string {
  if (roles === 'public') return 'Roles: public (no sign-in).';
  const list = rolesOf(route, roles);
  return list.length ? `Roles: ${list.join(', ')}.` : 'Roles: none declared (always refused).';
}
