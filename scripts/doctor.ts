import { userInfo } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { findDiscrepancies } from '../activities/reconciliation/find-discrepancies';
import { repairDiscrepancies } from '../activities/reconciliation/repair-discrepancies';
import { loadConfig } from '../config/env';
import { openOrm } from '../db/orm';
import { reconciliationDeps } from '../worker/reconciliation-wiring';
import { reconciliationResult } from '../workflows/reconciliation/reconciliation-result';
import { RECONCILIATION_DEFAULTS } from '../workflows/reconciliation/reconciliation.contract';
import { doctorExitCode, formatDoctorReport } from './doctor-report';
import { doctorServers } from './doctor-servers';

const USAGE = `npm run doctor [-- --repair] [--json] [--older-than <minutes>]
  Lists documents without a process and processes without a document (and queued starts Temporal has not
  accepted, expired idempotency keys); --repair repairs what is safe to repair, audited under doctor:<your user>.
  Exit code 1 while a discrepancy remains.`;

function parseArgs(argv: string[]) {
  const olderThan = argv.indexOf('--older-than');
  const minutes = olderThan >= 0 ? Number(argv[olderThan + 1]) : RECONCILIATION_DEFAULTS.olderThanMinutes;
  if (!Number.isFinite(minutes) || minutes < 0) throw new Error(`--older-than needs a number of minutes\n${USAGE}`);
  const known = new Set(['--repair', '--json', '--older-than', '--help']);
  const unknown = argv.filter((arg, index) => !known.has(arg) && !(olderThan >= 0 && index === olderThan + 1));
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}\n${USAGE}`);
  return { repair: argv.includes('--repair'), json: argv.includes('--json'), help: argv.includes('--help'), minutes };
}

/**
 * `npm run doctor`: the daily reconciliation's check (and with --repair its repairs), run by hand against the
 * platform's servers; see doctor-servers.ts for which servers those are.
 */
async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  // With --json, stdout carries the report only.
  const say = (line: string) => (args.json ? console.error : console.log)(`[doctor] ${line}`);
  const servers = await doctorServers(config, say);
  try {
    const orm = await openOrm(servers.databaseUrl);
    const temporal = new Client({
      connection: await Connection.connect({ address: servers.temporalAddress }),
      namespace: config.namespace,
    });
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) {
        throw new Error(
          `the database lacks ${pending.length} migrations of this version (${pending[0]?.name} ...): ` +
            'start the platform once (npm start) to migrate it, then run the doctor',
        );
      }
      const reconciliation = reconciliationDeps(temporal, {
        taskQueue: config.taskQueue,
        pickSlaMinutes: config.pickTaskSlaMinutes,
        creditApprovalMinutes: config.creditApprovalMinutes,
        backorderTimeoutMinutes: config.backorderTimeoutMinutes,
      });
      const report = await findDiscrepancies({
        em: orm.em.fork(),
        deps: reconciliation,
        olderThanMinutes: args.minutes,
      });
      const repairable = report.discrepancies.filter((discrepancy) => discrepancy.repair !== null);
      const actor = `doctor:${userInfo().username}`.slice(0, 64);
      const outcomes =
        args.repair && repairable.length > 0
          ? await repairDiscrepancies({ deps: { orm, reconciliation }, reconciliation, actor }, repairable)
          : [];
      const result = reconciliationResult(report, outcomes);
      const context = { repair: args.repair, olderThanMinutes: args.minutes, routes: servers.routes };
      console.log(args.json ? JSON.stringify({ ...result, ...context }, null, 2) : formatDoctorReport(result, context));
      return doctorExitCode(result);
    } finally {
      await temporal.connection.close();
      await orm.close();
    }
  } finally {
    await servers.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[doctor] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
