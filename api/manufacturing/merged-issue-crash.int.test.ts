import type { ChildProcess } from 'node:child_process';
import { countRows, startWorkerProcess, stopWorkerProcess, useTestApp } from '../../test/support/int-env';
import { BATCH, mergedIssueDriver, type Task } from '../../test/support/merged-issue-driver';
import { openFormTask } from '../../test/support/order-driver';
import { BIN_A, BIN_B, productionWorld, receiveLots } from '../../test/support/production-world';

jest.setTimeout(300_000);

// No worker of the suite's own: the test starts (and crashes) its workers.
const t = useTestApp({ worker: false });
const { clerk, complete, wip, onHand, publishMergedRule, joined, asShown, retire, pickNow } = mergedIssueDriver(t);
const workers: ChildProcess[] = [];

afterAll(async () => {
  for (const worker of workers) await stopWorkerProcess(worker);
});

async function startWorker(crashAfter?: string): Promise<ChildProcess> {
  const worker = await startWorkerProcess({ crashAfter });
  workers.push(worker);
  return worker;
}

describe('a worker dies right after an order share of a merged issue committed (before Temporal heard of it)', () => {
  test('the distribution retried on a new worker issues nothing twice and every order goes on', async () => {
    const world = await productionWorld(t.orm, 1);
    const ruleVersion = await publishMergedRule(world);
    try {
      await receiveLots(t.orm, world.sku.c1, [{ lot: 'C1-K', location: BIN_B, quantity: 100, unitCost: 3 }]);
      await receiveLots(t.orm, world.sku.sub, [{ lot: 'SUB-1', location: BIN_A, quantity: 10, unitCost: 7 }]);
      const crashing = await startWorker('issueMergedShare');
      const first = await joined(world, 1, '2099-10-01');
      const second = await joined(world, 2, '2099-10-02');
      expect(await pickNow()).toBe(202);
      const pick = await openFormTask<Task>(t.app, clerk, BATCH, 'production-merged-pick', 120_000);
      const exited = new Promise<void>((resolve) => crashing.once('exit', () => resolve()));
      expect((await complete(pick.id, { picks: asShown(pick) })).statusCode).toBe(200);
      await exited;
      expect(crashing.signalCode).toBe('SIGKILL');
      const moves = `select count(*) as n from stock_move m join item i on i.id = m.item_id
                      where m.document_type = 'production-order' and m.document_ref in (?, ?) and i.sku = ?`;
      // The first share (one lot: one move) committed before the kill; the second not yet.
      expect(await countRows(t.orm, moves, [first.number, second.number, world.sku.c1])).toBe(1);

      await startWorker();
      await openFormTask(t.app, clerk, first.workflowId, 'production-operation', 120_000);
      await openFormTask(t.app, clerk, second.workflowId, 'production-operation', 120_000);
      expect(await countRows(t.orm, moves, [first.number, second.number, world.sku.c1])).toBe(2);
      // 6.6 and 13.2 C1 at 3, each with its SUB at 7: once.
      expect(await wip(first.number)).toEqual({ costs: 26.8, ledger: 26.8 });
      expect(await wip(second.number)).toEqual({ costs: 53.6, ledger: 53.6 });
      expect(await onHand(world.sku.c1, BIN_B)).toEqual({ quantity: 80.2, reserved: 0 });
    } finally {
      await retire(ruleVersion);
    }
  });
});
