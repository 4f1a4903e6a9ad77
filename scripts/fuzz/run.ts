import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { DEMO_USERS } from '../../db/seeds/demo-data';
import { ensureSchemathesis } from '../ensure-schemathesis';
import { startFuzzPlatform } from './platform';
import { runPass, type FuzzSettings, type PassPlan } from './pass';
import type { OpenApiDocument } from './role-document';
import { findingsOf, summaryText, type PassResult } from './summary';
import { liveTestData, testDataConfig } from './test-data';

/** Longer scenarios than Schemathesis' default 6 steps: create, read, change, read again, cancel, read again. */
const STATEFUL_CONFIG = ['[phases.stateful]', 'max-steps = 10', ''].join('\n');

/**
 * `npm run fuzz`: Schemathesis against the whole platform (its own PostgreSQL, Temporal, worker and API), once per
 * demo role signed in and once anonymous, with every phase including the stateful one, which follows the document's
 * OpenAPI links (api/openapi/operation-links.ts): it places an order, then reads, changes and cancels it. The bounded
 * pass in `npm test` (api/openapi/schemathesis.int.test.ts) is the same idea with one role, few examples and no
 * stateful phase. Exits non-zero on any 5xx or failed check; each finding becomes a regression test beside the code.
 *
 * Knobs (environment): FUZZ_MAX_EXAMPLES (per operation, default 25), FUZZ_SEED, FUZZ_ROLES (comma-separated pass
 * names, e.g. "clerk,anonymous"), FUZZ_PHASES (default examples,coverage,fuzzing,stateful), FUZZ_WORKERS (default 2),
 * FUZZ_MAX_TIME (seconds per pass), FUZZ_CHECKS, FUZZ_FORBIDDEN=1 (signed-in passes also fuzz what their role may not
 * call), FUZZ_KEEP=1 (keep the temporary directory with the logs, documents and reports).
 */

/** The checks every pass runs; rejection_names_field is Millwright's own (scripts/fuzz/checks.py). */
const DEFAULT_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'use_after_free',
  'ensure_resource_availability',
  'rejection_names_field',
];

/** One pass per role, signed in as its demo user; anonymous last (it fuzzes the sign-in, which can lock names). */
export function passPlans(only?: readonly string[]): PassPlan[] {
  const seen = new Set<string>();
  const plans: PassPlan[] = [];
  for (const user of DEMO_USERS) {
    const name = user.roles[0];
    if (seen.has(name)) continue;
    seen.add(name);
    plans.push({ name: name === 'quality-engineer' ? 'quality' : name, username: user.username, roles: user.roles });
  }
  // Administrators can deactivate and re-password anyone: their pass runs after the other roles'.
  plans.sort((a, b) => Number(a.name === 'admin') - Number(b.name === 'admin'));
  plans.push({ name: 'anonymous' });
  return only ? plans.filter((plan) => only.includes(plan.name)) : plans;
}

function settingsFromEnv(env: NodeJS.ProcessEnv): FuzzSettings {
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
    return value;
  };
  return {
    maxExamples: positive('FUZZ_MAX_EXAMPLES', 25),
    seed: env.FUZZ_SEED ?? '20261203',
    workers: positive('FUZZ_WORKERS', 2),
    phases: env.FUZZ_PHASES ?? 'examples,coverage,fuzzing,stateful',
    checks: (env.FUZZ_CHECKS ?? DEFAULT_CHECKS.join(',')).split(','),
    requestTimeoutSeconds: 30,
    maxTimeSeconds: env.FUZZ_MAX_TIME ? positive('FUZZ_MAX_TIME', 1) : undefined,
    forbidden: env.FUZZ_FORBIDDEN === '1',
  };
}

async function main(): Promise<number> {
  const say = (line: string) => console.log(`[fuzz] ${line}`);
  const settings = settingsFromEnv(process.env);
  const only = process.env.FUZZ_ROLES?.split(',').map((name) => name.trim());
  const plans = passPlans(only);
  if (plans.length === 0) throw new Error(`FUZZ_ROLES names no pass; the passes: ${passPlans().map((p) => p.name)}`);
  const schemathesis = ensureSchemathesis(loadConfig().cacheDir, say);
  const keep = process.env.FUZZ_KEEP === '1';
  say(`starting the platform in a temporary directory ...`);
  const platform = await startFuzzPlatform(say, keep);
  const passes: PassResult[] = [];
  try {
    const response = await fetch(`${platform.baseUrl}/docs/json`);
    const document = (await response.json()) as OpenApiDocument;
    const sharedConfig = `${testDataConfig(await liveTestData(platform.app))}\n${STATEFUL_CONFIG}`;
    say(
      `API at ${platform.baseUrl}; passes: ${plans.map((p) => p.name).join(', ')}; ` +
        `${settings.maxExamples} examples per operation, phases ${settings.phases}, seed ${settings.seed}`,
    );
    for (const plan of plans) {
      say(`pass ${plan.name} ...`);
      const pass = await runPass({
        plan,
        schemathesis,
        document,
        baseUrl: platform.baseUrl,
        dir: platform.dir,
        settings,
        serverErrors: platform.serverErrors,
        sharedConfig,
      });
      passes.push(pass);
      const findings = findingsOf(pass);
      say(
        `pass ${plan.name}: ${pass.report?.operations?.tested ?? '-'} operations, ` +
          `${pass.report?.test_cases.generated ?? '-'} examples, ${pass.responses.total} responses, ` +
          `${pass.responses.byClass['5xx'] ?? 0} 5xx, ${findings.length} findings in ${Math.round(pass.seconds)}s`,
      );
      if (findings.length > 0 || !pass.report) console.log(pass.outputTail);
    }
  } finally {
    const summary = summaryText(passes);
    console.log(`\n${summary}\n`);
    writeFileSync(join(platform.dir, 'summary.txt'), summary);
    if (keep) say(`logs, documents and reports kept in ${platform.dir}`);
    await platform.stop();
  }
  return passes.some((pass) => findingsOf(pass).length > 0) || passes.length < plans.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`[fuzz] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
