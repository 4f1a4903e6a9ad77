import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Expands a leading `~` so paths in `.env` files read like shell paths. */
function expandHome(path: string): string {
  return path.startsWith('~') ? resolve(homedir(), path.slice(2)) : resolve(path);
}

const portSchema = z.coerce.number().int().min(1).max(65535);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

/**
 * PostgreSQL refuses to run as root, so as root its files belong to the `postgres` user, who cannot enter
 * root's home directory: root's default data directory therefore lives under /var/lib instead.
 */
const DEFAULT_DATA_DIR = process.getuid?.() === 0 ? '/var/lib/millwright' : '~/.local/share/millwright';

const envSchema = z.object({
  MILLWRIGHT_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  MILLWRIGHT_CACHE_DIR: z.string().default('~/.cache/millwright'),
  DATABASE_URL: optionalText,
  PG_PORT: portSchema.default(5433),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_PORT: portSchema.default(7233),
  TEMPORAL_UI_PORT: portSchema.default(8233),
  TEMPORAL_NAMESPACE: z.string().min(1).default('millwright'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('millwright'),
  TEMPORAL_UI_URL: optionalText,
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: portSchema.default(3000),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  PICK_TASK_SLA_MINUTES: z.coerce.number().positive().default(240),
  CREDIT_APPROVAL_MINUTES: z.coerce.number().positive().default(4320),
  BACKORDER_TIMEOUT_MINUTES: z.coerce.number().positive().default(43_200),
  MILLWRIGHT_WORKFLOW_BUNDLE: optionalText,
  MILLWRIGHT_FAULT_CRASH_AFTER: optionalText,
  MILLWRIGHT_RECONCILIATION_CRON: z.string().trim().min(1).default('0 3 * * *'),
  MILLWRIGHT_CYCLE_COUNT_CRON: z.string().trim().min(1).default('0 4 * * *'),
  MILLWRIGHT_ALERTS_CRON: z.string().trim().min(1).default('*/5 * * * *'),
  MILLWRIGHT_ALERT_RERAISE_MINUTES: z.coerce.number().int().positive().default(480),
  // Unset: the sweep's own defaults (rules/alerts/wave-at-risk.ts WAVE_RISK_DEFAULTS), kept in one place.
  MILLWRIGHT_WAVE_MINUTES_PER_LINE: z.coerce.number().positive().max(600).optional(),
  MILLWRIGHT_WAVE_MARGIN_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  MILLWRIGHT_PROCESS_START_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  MILLWRIGHT_OUTBOX_RELAY_MS: z.coerce.number().int().positive().default(2000),
  MILLWRIGHT_IDEMPOTENCY_KEY_DAYS: z.coerce.number().positive().default(7),
  MILLWRIGHT_FAULT_API_CRASH_AT: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MILLWRIGHT_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
});

/** The validated configuration every process edge (start script, worker, API) reads once. */
export interface MillwrightConfig {
  dataDir: string;
  cacheDir: string;
  databaseUrl?: string;
  pgPort: number;
  temporalAddress?: string;
  temporalPort: number;
  temporalUiPort: number;
  namespace: string;
  taskQueue: string;
  temporalUiUrl?: string;
  apiHost: string;
  apiPort: number;
  sessionTtlHours: number;
  pickTaskSlaMinutes: number;
  creditApprovalMinutes: number;
  backorderTimeoutMinutes: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** A pre-built workflow bundle for the worker (tests build one and share it); unset means bundle on start. */
  workflowBundlePath?: string;
  /** Fault injection for crash tests only: the worker kills itself right after this activity commits. */
  faultCrashAfter?: string;
  /** When the worker's Temporal Schedule runs the daily reconciliation (cron, UTC); null ('off'): left alone. */
  reconciliationCron: string | null;
  /** When the worker's Temporal Schedule opens the cycle counts that are due (cron, UTC); null ('off'): left alone. */
  cycleCountCron: string | null;
  /** When the worker's Temporal Schedule sweeps the alerts (cron, UTC); null ('off'): left alone. */
  alertsCron: string | null;
  /** Minutes after an acknowledgement that an alert whose cause persists is raised again. */
  alertReraiseMinutes: number;
  /** Wave at risk: minutes one open pick/sort/replenishment line takes, and the margin before the cut-off (unset: the sweep's defaults). */
  waveRisk: { waveMinutesPerLine?: number; waveMarginMinutes?: number };
  /** How long the API waits for Temporal to accept a start right after the commit; later the relay retries it. */
  processStartTimeoutMs: number;
  /** How often the outbox relay looks for process starts still pending. */
  outboxRelayMs: number;
  /** How long a create request's `Idempotency-Key` and its stored answer are kept. */
  idempotencyKeyDays: number;
  /** Fault injection for crash tests only: the API kills itself at this point (`intake.after-commit`). */
  faultApiCrashAt?: string;
  /**
   * Demo mode: an empty database gets the demo users and data. On by default for the embedded database, off for an
   * external one (DATABASE_URL: production), whose first administrator `npm run admin:create` makes.
   */
  demo: boolean;
}

/** Reads and validates the environment; a bad value stops the process with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MillwrightConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    dataDir: expandHome(e.MILLWRIGHT_DATA_DIR),
    cacheDir: expandHome(e.MILLWRIGHT_CACHE_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.MILLWRIGHT_DEMO === undefined ? !e.DATABASE_URL : e.MILLWRIGHT_DEMO === 'true' || e.MILLWRIGHT_DEMO === '1',
    pgPort: e.PG_PORT,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    temporalUiUrl: e.TEMPORAL_UI_URL,
    apiHost: e.API_HOST,
    apiPort: e.API_PORT,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    pickTaskSlaMinutes: e.PICK_TASK_SLA_MINUTES,
    creditApprovalMinutes: e.CREDIT_APPROVAL_MINUTES,
    backorderTimeoutMinutes: e.BACKORDER_TIMEOUT_MINUTES,
    logLevel: e.LOG_LEVEL,
    workflowBundlePath: e.MILLWRIGHT_WORKFLOW_BUNDLE,
    faultCrashAfter: e.MILLWRIGHT_FAULT_CRASH_AFTER,
    reconciliationCron: e.MILLWRIGHT_RECONCILIATION_CRON === 'off' ? null : e.MILLWRIGHT_RECONCILIATION_CRON,
    cycleCountCron: e.MILLWRIGHT_CYCLE_COUNT_CRON === 'off' ? null : e.MILLWRIGHT_CYCLE_COUNT_CRON,
    alertsCron: e.MILLWRIGHT_ALERTS_CRON === 'off' ? null : e.MILLWRIGHT_ALERTS_CRON,
    alertReraiseMinutes: e.MILLWRIGHT_ALERT_RERAISE_MINUTES,
    waveRisk: {
      ...(e.MILLWRIGHT_WAVE_MINUTES_PER_LINE !== undefined
        ? { waveMinutesPerLine: e.MILLWRIGHT_WAVE_MINUTES_PER_LINE }
        : {}),
      ...(e.MILLWRIGHT_WAVE_MARGIN_MINUTES !== undefined
        ? { waveMarginMinutes: e.MILLWRIGHT_WAVE_MARGIN_MINUTES }
        : {}),
    },
    processStartTimeoutMs: e.MILLWRIGHT_PROCESS_START_TIMEOUT_MS,
    outboxRelayMs: e.MILLWRIGHT_OUTBOX_RELAY_MS,
    idempotencyKeyDays: e.MILLWRIGHT_IDEMPOTENCY_KEY_DAYS,
    faultApiCrashAt: e.MILLWRIGHT_FAULT_API_CRASH_AT,
  };
}
