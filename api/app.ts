import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { installAuthHook } from './auth/auth-hook';
import { installRouteGuard } from './security/route-guard';
import { installSecurityHeaders } from './security/security-headers';
import { LOG_REDACT } from './security/log-redaction';
import { authRoutes } from './auth/auth-routes';
import { catalogRoutes } from './catalog/catalog-routes';
import { routingRoutes } from './manufacturing/routings/routing-routes';
import { workCentreRoutes } from './manufacturing/work-centres/work-centre-routes';
import { serveConsole } from './console-static';
import { installErrorHandler } from './error-handler';
import { installInputGuard } from './input-guard';
import type { IntakeContext } from './intake/intake';
import { ProcessStarter } from './intake/process-starter';
import { installReadiness } from './health/readiness';
import { installMetrics } from './observability/metrics';
import { installTracing, traceLogFields } from './observability/tracing';
import { documentTransform } from './openapi/document-transform';
import { installRouteDocs } from './openapi/install-route-docs';
import { orderRoutes } from './orders/order-routes';
import { journalEntryRoutes } from './journal-entries/journal-entry-routes';
import { periodRoutes } from './periods/period-routes';
import { periodCloseRoutes } from './periods/period-close-routes';
import { accountResource } from './accounting/account-resource';
import { masterDataRoutes } from './master-data';
import { companySettingsRoutes } from './accounting/company-settings-routes';
import { processRoutes } from './processes/process-routes';
import { purchasingRoutes } from './purchasing/purchasing-routes';
import { stockCountRoutes } from './stock-counts/stock-count-routes';
import { reportRoutes } from './reports/report-routes';
import { agingRoutes } from './reports/aging-routes';
import { grniRoutes } from './reports/grni-routes';
import { subcontractTrackingRoutes } from './reports/subcontract-tracking-routes';
import { paymentRoutes } from './payments/payment-routes';
import { taxRateResource } from './accounting/tax-rate-resource';
import { createEngineCache } from '../rules/engine';
import { ruleRoutes } from './rules/rule-routes';
import { decisionRoutes } from './rules/decision-routes';
import { userRoutes } from './users/user-routes';
import { warehouseRoutes } from './warehouses/warehouse-routes';
import { stockRoutes } from './stock/stock-routes';
import { transferRoutes } from './stock/transfer-routes';
import { customerMaterialRoutes } from './customer-material/customer-material-routes';
import { taskRoutes } from './tasks/task-routes';
import { taskEventRoutes } from './tasks/task-events-routes';
import { savedViewRoutes } from './saved-views/saved-view-routes';
import { supplierInvoiceRoutes } from './supplier-invoices/supplier-invoice-routes';
import { supplierReturnRoutes } from './supplier-returns/supplier-return-routes';
import { bomRoutes } from './manufacturing/boms/bom-routes';
import { inspectionPlanRoutes } from './quality/inspection-plan-routes';
import { inspectionLotRoutes } from './quality/inspection-lot-routes';
import { qualityConsoleRoutes } from './quality/supplier-quality-routes';
import { kittingRoutes } from './manufacturing/kitting/kitting-routes';
import { productionOrderRoutes } from './manufacturing/production-orders/production-order-routes';
import { mergedIssueRoutes } from './manufacturing/merged-issue-routes';
import { mrpCompareRoutes } from './planning/mrp-compare';
import { mrpRunReadRoutes } from './planning/mrp-run-reads';
import { mrpRunStartRoutes } from './planning/mrp-run-start';
import { forecastRoutes } from './planning/forecast-routes';
import { subcontractOrderRoutes } from './subcontracting/subcontract-order-routes';
import { carrierReceiptRoutes } from './carrier-receipts/carrier-receipt-routes';
import { auditRoutes } from './audit/audit-routes';
import { alertRoutes } from './alerts/alert-routes';
import { pickFaceRoutes } from './pick-faces/pick-face-routes';
import { waveListRoutes } from './waves/wave-lists';
import { waveRoutes } from './waves/wave-routes';
import { dashboardRoutes } from './dashboards/dashboard-routes';

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
  /** Where the log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** The built console (ui/dist/browser); served at / when present. */
  consoleDir?: string;
  /** Process starts (api/intake): the start deadline right after a commit and the outbox relay's interval, in ms. */
  processStartTimeoutMs?: number;
  outboxRelayMs?: number;
  /** How long create requests' idempotency keys are kept (default 7 days). */
  idempotencyKeyDays?: number;
  /** Test support only (MILLWRIGHT_FAULT_API_CRASH_AT): where the API kills itself, e.g. `intake.after-commit`. */
  faultApiCrashAt?: string;
  /** Serve the console's build-time brotli/gzip copies (default true). */
  consoleCompressed?: boolean;
  /** The process traces (api/observability/tracing-start.ts): a span per request, trace ids on its log lines. */
  tracing?: boolean;
}

export const DEFAULT_CONSOLE_DIR = join(__dirname, '..', 'ui', 'dist', 'browser');

/** Builds the HTTP API (and serves the console) without listening, so tests can `inject` or listen on port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.logLevel,
      redact: LOG_REDACT,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      ...(deps.tracing ? { mixin: traceLogFields } : {}),
    },
    bodyLimit: 1024 * 1024,
    // Path parameters up to this length reach the route's schema, which refuses what is too long with a 400
    // naming the parameter (the router's default of 100 answered 414 before any schema saw it).
    routerOptions: { maxParamLength: 1000 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // First of the hooks: the others (auth's SQL among them) run inside the request's span.
  if (deps.tracing) installTracing(app);
  installErrorHandler(app);
  // Headers first: set before the auth hook runs, so its refusals carry them too.
  await installSecurityHeaders(app);
  installAuthHook(app, deps.orm);
  installRouteGuard(app);
  installRouteDocs(app);
  installInputGuard(app);
  // Before the routes: its onResponse hook must reach every one of them.
  installMetrics(app, deps);
  const intake = installIntake(app, deps);

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
  await app.register(workCentreRoutes(deps.orm), { prefix: '/api/work-centres' });
  await app.register(routingRoutes(deps.orm), { prefix: '/api/items' });
  await app.register(
    orderRoutes({
      orm: deps.orm,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      pickSlaMinutes: deps.pickTaskSlaMinutes,
      creditApprovalMinutes: deps.creditApprovalMinutes,
      backorderTimeoutMinutes: deps.backorderTimeoutMinutes,
      intake,
    }),
    { prefix: '/api/orders' },
  );
  await app.register(processRoutes({ orm: deps.orm, temporal: deps.temporal, temporalUiUrl: deps.temporalUiUrl }), {
    prefix: '/api/processes',
  });
  await app.register(taskRoutes({ orm: deps.orm, temporal: deps.temporal }), { prefix: '/api/tasks' });
  await app.register(taskEventRoutes(deps.orm), { prefix: '/api/tasks' });
  await app.register(savedViewRoutes(deps.orm), { prefix: '/api/saved-views' });
  await app.register(purchasingRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api',
  });
  await app.register(stockRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), { prefix: '/api/stock' });
  await app.register(transferRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api/stock/transfers',
  });
  await app.register(customerMaterialRoutes({ orm: deps.orm, intake }), { prefix: '/api/customer-material' });
  await app.register(stockCountRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api/stock-counts',
  });
  await app.register(supplierReturnRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api/supplier-returns',
  });
  await app.register(supplierInvoiceRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), { prefix: '/api' });
  await app.register(reportRoutes(deps.orm), { prefix: '/api/reports' });
  await app.register(agingRoutes(deps.orm), { prefix: '/api/reports' });
  await app.register(grniRoutes(deps.orm), { prefix: '/api/reports' });
  await app.register(subcontractTrackingRoutes(deps.orm), { prefix: '/api/reports' });
  await app.register(paymentRoutes(deps.orm, { keepDays: deps.idempotencyKeyDays ?? 7 }), { prefix: '/api/payments' });
  await app.register(masterDataRoutes(deps.orm, taxRateResource), { prefix: '/api/tax-rates' });
  await app.register(periodRoutes(deps.orm), { prefix: '/api/periods' });
  await app.register(periodCloseRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api/periods',
  });
  await app.register(journalEntryRoutes(deps.orm, { keepDays: deps.idempotencyKeyDays ?? 7 }), {
    prefix: '/api/journal-entries',
  });
  await app.register(masterDataRoutes(deps.orm, accountResource), { prefix: '/api/accounts' });
  await app.register(companySettingsRoutes(deps.orm), { prefix: '/api/company-settings' });
  await app.register(ruleRoutes(deps.orm, createEngineCache()), { prefix: '/api/rule-sets' });
  await app.register(decisionRoutes(deps.orm), { prefix: '/api/rule-sets' });
  await app.register(warehouseRoutes(deps.orm), { prefix: '/api' });
  await app.register(bomRoutes(deps.orm), { prefix: '/api' });
  await app.register(inspectionPlanRoutes(deps.orm), { prefix: '/api' });
  await app.register(inspectionLotRoutes({ orm: deps.orm, temporal: deps.temporal }), { prefix: '/api' });
  await app.register(qualityConsoleRoutes({ orm: deps.orm }), { prefix: '/api' });
  await app.register(kittingRoutes(deps.orm), { prefix: '/api/manufacturing' });
  await app.register(
    productionOrderRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue, intake }),
    { prefix: '/api/production-orders' },
  );
  await app.register(mergedIssueRoutes({ temporal: deps.temporal }), { prefix: '/api/merged-issues' });
  await app.register(mrpRunReadRoutes(deps.orm), { prefix: '/api/mrp-runs' });
  await app.register(mrpCompareRoutes(deps.orm), { prefix: '/api/mrp-runs' });
  await app.register(mrpRunStartRoutes({ intake, taskQueue: deps.taskQueue }), { prefix: '/api/mrp-runs' });
  await app.register(forecastRoutes(deps.orm), { prefix: '/api/forecasts' });
  await app.register(
    subcontractOrderRoutes({ orm: deps.orm, intake, temporal: deps.temporal, taskQueue: deps.taskQueue }),
    { prefix: '/api/subcontract-orders' },
  );
  await app.register(carrierReceiptRoutes({ orm: deps.orm, taskQueue: deps.taskQueue, intake }), {
    prefix: '/api/carrier-receipts',
  });
  await app.register(userRoutes(deps.orm), { prefix: '/api/users' });
  await app.register(auditRoutes(deps.orm, deps.temporal), { prefix: '/api/audit' });
  await app.register(alertRoutes({ orm: deps.orm }), { prefix: '/api/alerts' });
  await app.register(pickFaceRoutes({ orm: deps.orm }), { prefix: '/api/pick-faces' });
  await app.register(waveRoutes({ orm: deps.orm, temporal: deps.temporal, taskQueue: deps.taskQueue }), {
    prefix: '/api/waves',
  });
  await app.register(waveListRoutes({ orm: deps.orm }), { prefix: '/api/waves' });
  await app.register(dashboardRoutes(deps.orm), { prefix: '/api/dashboards' });
  app.get('/api/health', { config: { roles: 'public' }, schema: { hide: true } }, async () => ({ ok: true }));
  installReadiness(app, deps);

  await serveConsole(app, deps.consoleDir ?? DEFAULT_CONSOLE_DIR, { compressed: deps.consoleCompressed });
  return app;
}

/**
 * The app's one process starter (its outbox relay runs while the app is up, and stops before the ORM closes) and the
 * intake context every create route takes requests in with.
 */
function installIntake(app: FastifyInstance, deps: AppDeps): IntakeContext {
  const starter = new ProcessStarter({
    orm: deps.orm,
    temporal: deps.temporal,
    log: app.log,
    startTimeoutMs: deps.processStartTimeoutMs ?? 5000,
    relayIntervalMs: deps.outboxRelayMs ?? 2000,
  });
  app.addHook('onReady', async () => starter.start());
  app.addHook('onClose', async () => starter.stop());
  return {
    orm: deps.orm,
    starter,
    idempotencyKeyDays: deps.idempotencyKeyDays ?? 7,
    faultCrashAt: deps.faultApiCrashAt,
  };
}
