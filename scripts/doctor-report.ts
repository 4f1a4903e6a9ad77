import type {
  Discrepancy,
  DiscrepancyKind,
  ReconciliationResult,
} from '../workflows/reconciliation/reconciliation.contract';

/** Headings of the report's sections, in the order they print. */
const SECTIONS: Record<DiscrepancyKind, string> = {
  'document-without-process': 'Documents without a process',
  'process-missing': 'Processes recorded as running that Temporal does not have',
  'process-closed': 'Processes recorded as running that Temporal closed',
  'start-stuck': 'Process starts Temporal has not accepted',
  'process-without-document': 'Processes without a document',
  'expired-idempotency-keys': 'Expired idempotency keys',
};

/** What a doctor run prints about where it looked. */
export interface DoctorContext {
  repair: boolean;
  olderThanMinutes: number;
  routes: { database: string; temporal: string };
}

/** Non-zero while a discrepancy remains: listed only, not repaired (no --repair), or its repair failed. */
export function doctorExitCode(result: ReconciliationResult): number {
  return result.remaining.length > 0 ? 1 : 0;
}

/** The report for people: what was checked, each finding under its heading, what was repaired, what remains. */
export function formatDoctorReport(result: ReconciliationResult, context: DoctorContext): string {
  const lines = [
    `Millwright doctor, ${result.checkedAt}`,
    `  database: ${context.routes.database}`,
    `  Temporal: ${context.routes.temporal}`,
    `  documents and queued starts count once older than ${context.olderThanMinutes} minutes`,
    '',
  ];
  if (result.found === 0)
    return [...lines, 'No discrepancies: every document has its process and every process its document.'].join('\n');
  const repairedKeys = new Set(result.repaired.filter((o) => o.result !== 'failed').map((o) => keyOf(o.discrepancy)));
  const remaining = new Set(result.remaining.map(keyOf));
  for (const [kind, heading] of Object.entries(SECTIONS)) {
    const found = [...result.repaired.map((o) => o.discrepancy), ...result.remaining].filter((d) => d.kind === kind);
    const unique = [...new Map(found.map((d) => [keyOf(d), d])).values()];
    if (unique.length === 0) continue;
    lines.push(`${heading} (${unique.length})`);
    for (const discrepancy of unique) {
      const outcome = result.repaired.find((o) => keyOf(o.discrepancy) === keyOf(discrepancy));
      lines.push(`  ${marker(discrepancy, remaining, repairedKeys)} ${discrepancy.detail}`);
      if (outcome) lines.push(`      ${outcome.result}: ${outcome.note}`);
      else if (discrepancy.repair) lines.push(`      repairable (${discrepancy.repair}): run with --repair`);
      else lines.push('      not repaired automatically: for a person to decide');
    }
    lines.push('');
  }
  const repaired = result.repaired.filter((outcome) => outcome.result === 'repaired').length;
  lines.push(`${result.found} found, ${repaired} repaired, ${result.remaining.length} remaining.`);
  const repairable = result.remaining.filter((d) => d.repair !== null).length;
  if (!context.repair && repairable > 0)
    lines.push(`Run \`npm run doctor -- --repair\` to repair the ${repairable} that are safe to repair.`);
  if (result.truncated) lines.push('More discrepancies exist than one run lists; run again after repairing these.');
  return lines.join('\n');
}

function marker(discrepancy: Discrepancy, remaining: Set<string>, repaired: Set<string>): string {
  if (repaired.has(keyOf(discrepancy))) return '[repaired]';
  return remaining.has(keyOf(discrepancy)) ? '[open]    ' : '[ok]      ';
}

function keyOf(discrepancy: Discrepancy): string {
  return `${discrepancy.kind}|${discrepancy.workflowId ?? ''}|${discrepancy.businessKey ?? ''}`;
}
