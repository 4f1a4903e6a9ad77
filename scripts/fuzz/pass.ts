import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { REPO_ROOT } from '../processes';
import { linkCount, operationCount, roleDocument, type OpenApiDocument } from './role-document';
import type { ServerErrorLog } from './server-errors';
import type { PassResult, SchemathesisReport } from './summary';

/** How a run fuzzes (run.ts reads these from the environment). */
export interface FuzzSettings {
  maxExamples: number;
  seed: string;
  workers: number;
  phases: string;
  checks: string[];
  requestTimeoutSeconds: number;
  /** A time budget per pass in seconds (Schemathesis --max-time); undefined: none. */
  maxTimeSeconds?: number;
  /** Whether a signed-in pass also fuzzes the operations its role may not call (each answers 403). */
  forbidden: boolean;
}

/** A pass to run: a demo user (undefined for anonymous) and the roles whose operations it fuzzes. */
export interface PassPlan {
  name: string;
  username?: string;
  roles?: readonly string[];
}

/**
 * Never fuzzed by a signed-in pass: signing out ends the pass' session, and wrong passwords for the demo names would
 * lock them (the anonymous pass, run last, fuzzes the sign-in).
 */
const SIGNED_IN_EXCLUDED = ['POST /api/auth/logout', 'POST /api/auth/login'];

/** Schemathesis' configuration for a signed-in pass: it signs in itself, and again whenever a call answers 401. */
export function authConfig(username: string): string {
  return [
    '[auth.dynamic.openapi.bearer]',
    'path = "/api/auth/login"',
    `payload = { username = ${JSON.stringify(username)}, password = ${JSON.stringify(DEMO_PASSWORD)} }`,
    'extract_selector = "/token"',
    '',
  ].join('\n');
}

/** The Schemathesis command line of a pass (after the executable). */
export function passArguments(options: {
  config: string;
  document: string;
  baseUrl: string;
  reports: string;
  settings: FuzzSettings;
}): string[] {
  const { settings } = options;
  return [
    '--config-file',
    options.config,
    'run',
    options.document,
    '--url',
    options.baseUrl,
    '--checks',
    settings.checks.join(','),
    '--max-examples',
    String(settings.maxExamples),
    '--seed',
    settings.seed,
    '--phases',
    settings.phases,
    '--workers',
    String(settings.workers),
    '--report',
    'json,junit',
    '--report-dir',
    options.reports,
    '--no-shrink',
    '--request-timeout',
    String(settings.requestTimeoutSeconds),
    '--generation-database',
    'none',
    ...(settings.maxTimeSeconds ? ['--max-time', String(settings.maxTimeSeconds)] : []),
  ];
}

/**
 * Runs one pass: writes the pass' part of the document and its sign-in configuration, runs Schemathesis (its output
 * to a log file, the line of each finished operation to `say`), and gathers its JSON report and the API's own count
 * of what it answered.
 */
export async function runPass(options: {
  plan: PassPlan;
  schemathesis: string;
  document: OpenApiDocument;
  baseUrl: string;
  dir: string;
  settings: FuzzSettings;
  serverErrors: ServerErrorLog;
  /** Configuration every pass shares (test-data.ts: realistic codes), TOML. */
  sharedConfig: string;
}): Promise<PassResult> {
  const { plan, settings } = options;
  const dir = join(options.dir, plan.name);
  mkdirSync(dir, { recursive: true });
  const signedIn = plan.username !== undefined;
  const roles = signedIn && !settings.forbidden ? plan.roles : undefined;
  const document = roleDocument(options.document, roles, signedIn ? SIGNED_IN_EXCLUDED : ['POST /api/auth/logout']);
  const documentFile = join(dir, 'openapi.json');
  writeFileSync(documentFile, JSON.stringify(document));
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(config, `${options.sharedConfig}\n${plan.username ? authConfig(plan.username) : ''}`);
  const reports = join(dir, 'reports');
  const args = passArguments({ config, document: documentFile, baseUrl: options.baseUrl, reports, settings });
  options.serverErrors.startRun(plan.name);
  const started = Date.now();
  const output = await runLogged(options.schemathesis, args, join(dir, 'schemathesis.log'), dir);
  const seconds = (Date.now() - started) / 1000;
  const reportFile = join(reports, 'report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as SchemathesisReport)
    : findReport(reports);
  return {
    name: plan.name,
    operations: operationCount(document),
    links: linkCount(document),
    report,
    responses: options.serverErrors.responsesOf(plan.name),
    seconds,
    outputTail: output.split('\n').slice(-60).join('\n'),
  };
}

/** The JSON report under whatever name this Schemathesis release gives it. */
function findReport(reports: string): SchemathesisReport | undefined {
  if (!existsSync(reports)) return undefined;
  const file = readdirSync(reports).find((name) => name.endsWith('.json'));
  return file ? (JSON.parse(readFileSync(join(reports, file), 'utf8')) as SchemathesisReport) : undefined;
}

/** Runs the CLI with its output kept in `logFile`; resolves with the output once it exits. */
function runLogged(command: string, args: string[], logFile: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: {
        ...process.env,
        NO_COLOR: '1',
        COLUMNS: '160',
        SCHEMATHESIS_HOOKS: join(REPO_ROOT, 'scripts', 'fuzz', 'checks.py'),
      },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(logFile, chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}
