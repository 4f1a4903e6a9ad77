import type { Discrepancy, ReconciliationReport } from '../workflows/reconciliation/reconciliation.contract';
import { reconciliationResult } from '../workflows/reconciliation/reconciliation-result';
import { doctorExitCode, formatDoctorReport } from './doctor-report';

const unstarted: Discrepancy = {
  kind: 'document-without-process',
  processType: 'order-fulfillment',
  businessKey: 'SO-000007',
  workflowId: 'order-fulfillment:SO-000007',
  detail: 'Sales order SO-000007 (open) has no process instance and no queued start; Temporal has no such workflow.',
  repair: 'queue-start',
};
const lost: Discrepancy = {
  kind: 'process-missing',
  processType: 'purchase-receipt',
  businessKey: 'PO-000003',
  workflowId: 'purchase-receipt:PO-000003',
  detail: 'purchase-receipt:PO-000003 is recorded as running, but Temporal has no such workflow.',
  repair: null,
};
const report: ReconciliationReport = {
  checkedAt: '2026-12-01T03:00:00.000Z',
  discrepancies: [unstarted, lost],
  truncated: false,
};
const context = {
  repair: false,
  olderThanMinutes: 10,
  routes: { database: 'DATABASE_URL', temporal: 'TEMPORAL_ADDRESS' },
};

describe('reconciliation result and the doctor report', () => {
  test('without repairs everything found remains, and the report says what --repair would do', () => {
    const result = reconciliationResult(report, []);
    expect(result.remaining).toEqual([unstarted, lost]);
    expect(doctorExitCode(result)).toBe(1);
    const text = formatDoctorReport(result, context);
    expect(text).toContain('Documents without a process (1)');
    expect(text).toContain('repairable (queue-start): run with --repair');
    expect(text).toContain('not repaired automatically: for a person to decide');
    expect(text).toContain('Run `npm run doctor -- --repair` to repair the 1 that are safe to repair.');
  });

  test('a repaired or resolved finding no longer remains; a failed repair does', () => {
    const copy = JSON.parse(JSON.stringify(unstarted)) as Discrepancy; // activity results arrive as copies
    const repaired = reconciliationResult(report, [{ discrepancy: copy, result: 'repaired', note: 'start queued' }]);
    expect(repaired.remaining).toEqual([lost]);
    expect(formatDoctorReport(repaired, { ...context, repair: true })).toContain('[repaired] Sales order SO-000007');
    const skipped = reconciliationResult(report, [{ discrepancy: copy, result: 'skipped', note: 'started meanwhile' }]);
    expect(skipped.remaining).toEqual([lost]);
    const failed = reconciliationResult(report, [{ discrepancy: copy, result: 'failed', note: 'Temporal refused' }]);
    expect(failed.remaining).toEqual([unstarted, lost]);
    expect(formatDoctorReport(failed, { ...context, repair: true })).toContain('failed: Temporal refused');
  });

  test('nothing found: exit code 0 and one line saying so', () => {
    const result = reconciliationResult({ ...report, discrepancies: [] }, []);
    expect(doctorExitCode(result)).toBe(0);
    expect(formatDoctorReport(result, context)).toContain('No discrepancies');
  });
});
