import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointsToCsv, listCheckpoints } from '../db/audit/checkpoints';
import { AuditEntry } from '../db/entities/audit';
import { useTestOrm, intEnv } from '../test/support/int-env';

/** `npm run audit:verify` against the integration database: its report and exit status. */
const db = useTestOrm();
const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));

function auditVerify(...args: string[]) {
  const result = spawnSync(join(__dirname, '..', 'node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts', ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: intEnv().databaseUrl },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('npm run audit:verify', () => {
  test('exits 0 on an intact chain and against its own exported checkpoints', async () => {
    // Alone, this file may meet a database nobody audited anything in yet: an empty chain proves little.
    const entry = { actor: 'audit-verify-test', action: 'audit-verify.test', entityType: 'test', entityId: dir };
    await db.orm.em.fork().persist(Object.assign(new AuditEntry(), entry)).flush();
    const plain = auditVerify();
    expect(plain.out).toMatch(/audit chain verified: [1-9]\d* positions/);
    expect(plain.status).toBe(0);
    const file = join(dir, 'held.csv');
    writeFileSync(file, checkpointsToCsv(await listCheckpoints(db.orm.em.fork())));
    const held = auditVerify('--checkpoints', file);
    expect(held.out).toContain('outside checkpoints compared: 1');
    expect(held.status).toBe(0);
  });

  test('exits 1 naming the position when a held checkpoint differs from the chain', async () => {
    const [first] = await listCheckpoints(db.orm.em.fork());
    const file = join(dir, 'forged.json');
    writeFileSync(file, JSON.stringify([{ ...first, chainHash: 'f'.repeat(64) }]));
    const result = auditVerify('--checkpoints', file);
    expect(result.out).toContain('AUDIT CHAIN BROKEN');
    expect(result.out).toContain(`differs from the checkpoint of ${first?.day}`);
    expect(result.status).toBe(1);
  });

  test('exits 2 naming the line of a checkpoint file it cannot read', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'day,seq,chain_hash\n2026-12-01,x,abc\n');
    const result = auditVerify('--checkpoints', file);
    expect(result.out).toContain('line 2: the position');
    expect(result.status).toBe(2);
  });
});
