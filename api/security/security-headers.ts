import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * The one inline script the built console has: Angular's critical-CSS inlining loads the full stylesheet with
 * `<link media="print" onload="this.media='all'">`. Allowed by its hash alone ('unsafe-hashes' admits event handler
 * attributes whose code has a listed hash), so no other inline script or handler runs.
 */
const STYLESHEET_ONLOAD_HASH = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";

/**
 * Security headers on every answer (console, API, OpenAPI docs) through @fastify/helmet: a content security policy
 * that admits only the app's own scripts, X-Content-Type-Options nosniff, frame-ancestors 'none' and
 * X-Frame-Options (no framing, so no clickjacking), Referrer-Policy no-referrer, HSTS, and cross-origin isolation of
 * resources. Styles may be inline: Angular and Angular Material insert component styles at run time, and Swagger UI
 * styles inline too. Insecure requests are not upgraded, since the platform may be reached over plain HTTP inside a
 * site's network (TLS ends at its proxy). Must be installed before the routes.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'unsafe-hashes'", STYLESHEET_ONLOAD_HASH],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
