import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '../../db/entities';

/** One registered /api route and who may call it, as the auth hook enforces it. */
export interface GuardedRoute {
  method: string;
  url: string;
  roles: 'public' | readonly Role[];
}

const tables = new WeakMap<FastifyInstance, GuardedRoute[]>();

function methodsOf(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).map(String);
}

/**
 * Fails closed at start-up: every /api route must declare who may call it (`config: { roles: [...] }`, or
 * `'public'` for the few that need no sign-in such as login and health), so a route added without roles stops the
 * API from starting rather than answering 403 to everyone (or, worse, being forgotten). Also keeps the route table
 * (method, URL, roles) for the role-by-route matrix test. Must be installed before any route is registered.
 */
export function installRouteGuard(app: FastifyInstance): void {
  const table: GuardedRoute[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const roles = route.config?.roles;
    const methods = methodsOf(route);
    if (roles !== 'public' && (!Array.isArray(roles) || roles.length === 0)) {
      throw new Error(
        `${methods.join(',')} ${route.url} declares no roles: add config: { roles: [...] } (or 'public')`,
      );
    }
    for (const method of methods) {
      if (method !== 'HEAD') table.push({ method, url: route.url, roles: roles as GuardedRoute['roles'] });
    }
  });
}

/** Every /api route the app registered (HEAD twins left out), with its declared roles. */
export function routeTable(app: FastifyInstance): readonly GuardedRoute[] {
  const table = tables.get(app);
  if (!table) throw new Error('installRouteGuard was not installed on this app');
  return table;
}
