import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { installAuthHook } from './auth/auth-hook';
import { authRoutes } from './auth/auth-routes';
import { catalogRoutes } from './catalog/catalog-routes';
import { installErrorHandler } from './error-handler';
import { ApiError } from './errors';
import { installInputGuard } from './input-guard';
import { documentTransform } from './openapi/document-transform';
import { installRouteDocs } from './openapi/install-route-docs';
import { orderRoutes } from './orders/order-routes';
import { periodRoutes } from './periods/period-routes';
import { accountResource } from './accounting/account-resource';
import { masterDataRoutes } from './master-data';
import { companySettingsRoutes } from './accounting/company-settings-routes';
import { processRoutes } from './processes/process-routes';
import { purchasingRoutes } from './purchasing/purchasing-routes';
import { reportRoutes } from './reports/report-routes';
import { createEngineCache } from '../rules/engine';
import { ruleRoutes } from './rules/rule-routes';
import { decisionRoutes } from './rules/decision-routes';
import { userRoutes } from './users/user-routes';
import { warehouseRoutes } from './warehouses/warehouse-routes';
import { stockRoutes } from './stock/stock-routes';
import { taskRoutes } from './tasks/task-routes';

export interface AppDeps {
  orm: MikroORM;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl: string;
  sessionTtlHours: number;
  pickTaskSlaMinutes: number;
  /** Order timings passed to each new fulfillment (defaults in the workflow contract when absent). */
  creditApprovalMinutes?: number;
  backorderTimeoutMinutes?: number;
  logLevel: string;
  /** The built console (ui/dist/browser); served at / when present. */
  consoleDir?: string;
}

export const DEFAULT_CONSOLE_DIR = join(__dirname, '..', 'ui', 'dist', 'browser');

/** Builds the HTTP API (and serves the console) without listening, so tests can `inject` or listen on port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel },
    bodyLimit: 1024 * 1024,
    // Path parameters up to this length reach the route's schema, which refuses what is too long with a 400
    // naming the parameter (the router's default of 100 answered 414 before any schema saw it).
    routerOptions: { maxParamLength: 1000 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installAuthHook(app, deps.orm);
  installRouteDocs(app);
  installInputGuard(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Millwright API', version: '0.1.0', description: 'Processes, tasks, orders and stock.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: documentTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(authRoutes(deps.orm, deps.sessionTtlHours), { prefix: '/api/auth' });
  await app.register(catalogRoutes(deps.orm), { prefix: '/api' });
  await app.register(
    orderRoutes({
      orm: deps.orm,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      pickSlaMinutes: deps.pickTaskSlaMinutes,
      creditApprovalMinutes: deps.creditApprovalMinutes,
      backorderTimeoutMinutes: deps.backorderTimeoutMinutes,
    }),
    { prefix: '/api/orders' },
  );
  await app.register(processRoutes({ orm: deps.orm, temporal: deps.temporal, temporalUiUrl: deps.temporalUiUrl }), {
    prefix: '/api/processes',
  });
  await app.register(taskRoutes({ orm: deps.orm, temporal: deps.temporal }), { prefix: '/api/tasks' });
  await app.register(purchasingRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue }), {
    prefix: '/api',
  });
  await app.register(stockRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue }), {
    prefix: '/api/stock',
  });
  await app.register(reportRoutes(deps.orm), { prefix: '/api/reports' });
  await app.register(periodRoutes(deps.orm), { prefix: '/api/periods' });
  await app.register(masterDataRoutes(deps.orm, accountResource), { prefix: '/api/accounts' });
  await app.register(companySettingsRoutes(deps.orm), { prefix: '/api/company-settings' });
  await app.register(ruleRoutes(deps.orm, createEngineCache()), { prefix: '/api/rule-sets' });
  await app.register(decisionRoutes(deps.orm), { prefix: '/api/rule-sets' });
  await app.register(warehouseRoutes(deps.orm), { prefix: '/api' });
  await app.register(userRoutes(deps.orm), { prefix: '/api/users' });
  app.get('/api/health', { config: { roles: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));

  const consoleDir = deps.consoleDir ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDir, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      throw new ApiError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    // Client-side routes of the console (e.g. /tasks/123) all load the same page.
    if (existsSync(join(consoleDir, 'index.html'))) return reply.sendFile('index.html');
    throw new ApiError('NOT_FOUND', 'The console is not built; run `npm start`');
  });
  return app;
}
