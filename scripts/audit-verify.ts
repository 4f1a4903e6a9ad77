import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/env';
import { parseCheckpoints, type AuditCheckpoint } from '../db/audit/checkpoints';
import { sealAuditLog } from '../db/audit/seal';
import { verifyAuditChain, type ChainVerification } from '../db/audit/verify';
import { openOrm } from '../db/orm';
import { findDatabase } from './find-database';

const USAGE = `npm run audit:verify [-- --checkpoints <file>] [--json]
  Seals the audit rows committed since the last sealing run, walks the audit chain and reports the first position whose
  content or link does not match; with --checkpoints (GET /api/audit/checkpoints (JSON) or its export.csv,
  kept by someone outside), also that the chain still holds each of those heads: the only way a rewritten row whose
  chain after it was re-hashed is caught. Exit 0: the chain verifies; 1: it is broken; 2: it could not be checked.`;

function report(result: ChainVerification): string {
  const lines = [
    result.ok
      ? `audit chain verified: ${result.verified} positions`
      : `AUDIT CHAIN BROKEN after ${result.verified} positions`,
  ];
  if (result.firstBreak) lines.push(`  first break (${result.firstBreak.kind}): ${result.firstBreak.detail}`);
  if (result.head) lines.push(`  head: position ${result.head.seq}, chain hash ${result.head.chainHash}`);
  if (result.checkpointsChecked > 0) lines.push(`  outside checkpoints compared: ${result.checkpointsChecked}`);
  if (result.unsealed.count > 0)
    lines.push(`  committed after sealing, not yet in the chain: ${result.unsealed.count}`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const at = args.indexOf('--checkpoints');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !file) throw new Error('--checkpoints needs a file');
  const checkpoints: AuditCheckpoint[] = file ? parseCheckpoints(readFileSync(file, 'utf8')) : [];
  const database = await findDatabase(loadConfig());
  try {
    const orm = await openOrm(database.url);
    try {
      await sealAuditLog(orm.em.fork());
      const result = await verifyAuditChain(orm.em.fork(), checkpoints);
      console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : report(result));
      return result.ok ? 0 : 1;
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  },
);
