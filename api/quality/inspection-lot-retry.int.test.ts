import {
  findRuleSet,
  insertDraft,
  listVersions,
  publishVersion,
  retireVersion,
  versionInForce,
} from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import { contentHash } from '../../rules/engine';
import { eventually, useTestApp } from '../../test/support/int-env';
import { instanceCompleted, openFormTask } from '../../test/support/order-driver';

jest.setTimeout(300_000);

/**
 * A received line whose inspection lot cannot be opened (here: no quality-sampling rules in force, retired by an admin)
 * is not lost in a log: its stock stays in quarantine and the quality engineer gets a task saying why; completed once
 * the cause is fixed, the lot opens and its inspection starts, and the receipt finishes only then.
 */
const t = useTestApp({ histories: 'purchase-receipt' });
const admin = t.headers('admin');
const clerk = t.headers('clerk');
const engineer = t.headers('quality');
const run = Date.now().toString(36).toUpperCase();
const sku = `QR-${run}`;

interface Task {
  id: string;
  payload: Record<string, unknown> & { lines?: Array<{ lineNo: number }> };
}

const send = (method: 'GET' | 'POST', url: string, headers: object, payload?: object) =>
  t.app.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
const complete = (taskId: string, payload: object, headers: object) =>
  send('POST', `/api/tasks/${taskId}/complete`, headers, { payload });
const openTask = (workflowId: string, formKind: string) =>
  openFormTask<Task>(t.app, admin, workflowId, formKind, 90_000);

async function quarantined(): Promise<number> {
  const [row] = await query<{ q: string }>(
    t.orm.em.fork(),
    `select coalesce(sum(b.quantity), 0) as q from stock_balance b join item i on i.id = b.item_id
      where i.sku = ? and b.status = 'quarantine'`,
    [sku],
  );
  return num(row?.q ?? 0);
}

/**
 * What an admin can do by mistake: publish a successor effective next year, then retire the versions before it, so no
 * quality-sampling rules are in force today. Returns the content that was in force, to publish again.
 */
async function retireSamplingRules(): Promise<unknown> {
  return t.orm.em.fork().transactional(async (em) => {
    const inForce = await versionInForce(em, 'quality-sampling', new Date());
    const set = await findRuleSet(em, inForce.ruleSetCode);
    const content = inForce.content;
    const version = await insertDraft(em, set.id, { content, contentHash: contentHash(content), author: 'admin' });
    const successor = (await listVersions(em, set.id)).find((v) => v.version === version)!;
    await publishVersion(em, successor, 'admin2', new Date(Date.now() + 365 * 86_400_000));
    for (const old of await listVersions(em, set.id)) {
      if (old.status === 'published' && old.version !== version) await retireVersion(em, old);
    }
    return content;
  });
}

/** Publishes the content again (a new version, in force a second ago): the admin's fix. */
async function republish(content: unknown): Promise<void> {
  await t.orm.em.fork().transactional(async (em) => {
    const set = await findRuleSet(em, 'quality-sampling');
    const version = await insertDraft(em, set.id, { content, contentHash: contentHash(content), author: 'admin' });
    const draft = (await listVersions(em, set.id)).find((v) => v.version === version)!;
    await publishVersion(em, draft, 'admin2', new Date(Date.now() - 1000));
  });
}

describe('an inspection lot that cannot be opened', () => {
  test('becomes a task for the quality engineer; completed after the fix, the lot opens and the receipt finishes', async () => {
    expect(
      (
        await send('POST', '/api/items', admin, {
          sku,
          name: `Retry shaft ${run}`,
          uom: 'PCS',
          category: `qr-${run}`.toLowerCase(),
          lotTracked: true,
          supplyType: 'buy',
          listPrice: 9,
        })
      ).statusCode,
    ).toBe(201);
    const plan = await send('POST', '/api/inspection-plans', admin, {
      itemSku: sku,
      effectiveFrom: '2026-01-01',
      characteristics: [{ kind: 'pass-fail', code: 'VIS', name: 'No burrs' }],
    });
    expect(plan.statusCode).toBe(201);
    const created = await send('POST', '/api/purchase-orders', clerk, {
      supplierCode: 'S-NORD',
      warehouseCode: 'MAIN',
      lines: [{ itemSku: sku, quantity: 5, unitCost: 2 }],
    });
    expect(created.statusCode).toBe(201);
    const { orderNumber, workflowId } = created.json<{ orderNumber: string; workflowId: string }>();
    const receipt = await openTask(workflowId, 'goods-receipt');
    expect(
      (await complete(receipt.id, { lines: [{ lineNo: 1, quantity: 5, lotCode: `R${run}` }] }, clerk)).statusCode,
    ).toBe(200);
    const putaway = await openTask(workflowId, 'putaway');

    const content = await retireSamplingRules();
    try {
      expect((await complete(putaway.id, { lines: [{ lineNo: 1, toLocation: 'MAIN-B05' }] }, clerk)).statusCode).toBe(
        200,
      );
      // After the activity's own retries, the quality engineer is asked, with the reason.
      const retry = await openTask(workflowId, 'inspection-lot-retry');
      expect(retry.payload).toMatchObject({ itemSku: sku, sourceDocument: orderNumber, quantity: 5, attempt: 1 });
      expect(String(retry.payload.error)).toMatch(/No published quality-sampling rules are in force/);
      expect(await quarantined()).toBe(5);
      const lots = await send('GET', `/api/inspection-lots?sourceDocument=${orderNumber}`, admin);
      expect(lots.json<{ items: unknown[] }>().items).toEqual([]);

      // Completed before the fix: the lot still cannot be opened, and a second task says so.
      expect((await complete(retry.id, {}, engineer)).statusCode).toBe(200);
      const second = await eventually(async () => {
        const task = await openTask(workflowId, 'inspection-lot-retry');
        return task.id === retry.id ? undefined : task;
      }, 90_000);
      expect(second.payload).toMatchObject({ attempt: 2 });

      await republish(content);
      expect((await complete(second.id, {}, engineer)).statusCode).toBe(200);
    } finally {
      // The rules are shared with every other test file: never leave them retired.
      await t.orm.em
        .fork()
        .transactional((em) => versionInForce(em, 'quality-sampling', new Date()))
        .catch(() => republish(content));
    }
    const lot = await eventually(async () => {
      const page = await send('GET', `/api/inspection-lots?sourceDocument=${orderNumber}`, admin);
      return page.json<{ items: Array<{ lotNo: string; workflowId: string; quantity: number }> }>().items[0];
    }, 60_000);
    expect(lot.quantity).toBe(5);
    await openTask(lot.workflowId, 'inspection');
    await instanceCompleted(t.orm, workflowId);
    expect(await quarantined()).toBe(5);
    t.record('inspection-lot-retry-task', workflowId);
  });
});
