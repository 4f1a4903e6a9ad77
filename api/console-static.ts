import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiError } from './errors';

/** Angular's output hashing names files `<name>-<8 characters>.<ext>`; the name changes when the content does. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+(\.(br|gz))?$/;
/** A hashed file never changes under its name: browsers and proxies keep it a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html above all, which names the current bundles) is asked for again each time. */
export const REVALIDATE = 'no-cache';

function cacheHeaders(response: { setHeader(name: string, value: string): unknown }, path: string): void {
  response.setHeader('cache-control', HASHED.test(path) ? IMMUTABLE : REVALIDATE);
  response.setHeader('vary', 'accept-encoding');
}

/** How the built console is served. */
export interface ConsoleOptions {
  /** Serve the `.br`/`.gz` copies written at build time (default true; the bench turns it off for its baseline). */
  compressed?: boolean;
}

/**
 * Serves the built console at / (when it is built) and answers everything else no route took: a 404 under /api/
 * and for other methods, the console's index.html for its client-side routes (e.g. /tasks/123).
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string, options: ConsoleOptions = {}) {
  const built = existsSync(join(consoleDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: consoleDir,
      wildcard: false,
      preCompressed: options.compressed ?? true,
      cacheControl: false,
      setHeaders: cacheHeaders,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      throw new ApiError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    if (built) return reply.sendFile('index.html');
    throw new ApiError('NOT_FOUND', 'The console is not built; run `npm start`');
  });
}
