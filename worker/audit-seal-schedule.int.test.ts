import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { createTemporalClient } from '../api/temporal';
import { AuditEntry } from '../db/entities/audit';
import { openOrm } from '../db/orm';
import { query } from '../db/sql';
import { eventually, intEnv, startWorkerProcess, stopWorkerProcess } from '../test/support/int-env';
import { recordHistory } from '../test/support/record-history';
import { ensureAuditSealSchedule } from './audit-seal-schedule';

jest.setTimeout(120_000);

let orm: MikroORM;
let temporal: Client;
let worker: ChildProcess | undefined;
const scheduleId = `audit-seal-test-${process.pid}`;

beforeAll(async () => {
  const env = intEnv();
  orm = await openOrm(env.databaseUrl);
  temporal = await createTemporalClient(env.temporalAddress, env.namespace);
  worker = await startWorkerProcess();
});

afterAll(async () => {
  await stopWorkerProcess(worker);
  await temporal?.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await temporal?.connection.close();
  await orm?.close();
});

test('the schedule runs the sealing workflow, which seals a newly audited row; keeping it again updates it', async () => {
  const { taskQueue } = intEnv();
  // Yearly, so only the trigger below runs it during the test.
  expect(await ensureAuditSealSchedule(temporal, { taskQueue, cron: '0 0 1 1 *', scheduleId })).toBe('created');
  expect(await ensureAuditSealSchedule(temporal, { taskQueue, cron: '0 0 1 1 *', scheduleId })).toBe('updated');
  const entry = Object.assign(new AuditEntry(), {
    actor: 'audit-seal-test',
    action: 'audit-seal.test',
    entityType: 'test',
    entityId: randomUUID(),
  });
  await orm.em.fork().persist(entry).flush();
  await temporal.schedule.getHandle(scheduleId).trigger();
  const seq = await eventually(
    async () => {
      const [row] = await query<{ seq: number }>(orm.em.fork(), `select seq from audit_seal where audit_id = ?`, [
        entry.id,
      ]);
      return row ? Number(row.seq) : undefined;
    },
    60_000,
    'the scheduled run to seal the row',
  );
  expect(seq).toBeGreaterThan(0);
  const runs = await temporal.schedule.getHandle(scheduleId).describe();
  expect(runs.info.recentActions.length).toBeGreaterThan(0);
  const workflowId = runs.info.recentActions[0]!.action.workflow.workflowId;
  await temporal.workflow.getHandle(workflowId).result();
  await recordHistory(temporal, 'audit-seal', 'scheduled-run-seals', workflowId);
});
