import { query } from '../../db/sql';
import { eventually, login, useTestApp } from '../../test/support/int-env';
import { orderDriver } from '../../test/support/order-driver';
import { itemWithStock } from '../../test/support/stock';

jest.setTimeout(240_000);

/**
 * The auditor's per-process views over HTTP against a real worker: a held order's whole Temporal history names the
 * controller who approved the hold on the completion update (from its arguments, joined to the audit row), the credit
 * decision explains itself, and an auditor's attempt to change something is refused and audited.
 */
const t = useTestApp();
const clerk = t.headers('clerk');
const auditor = t.headers('auditor');

interface Line {
  eventId: number;
  type: string;
  category: string;
  title: string;
  name: string | null;
  detail: string | null;
  bookkeeping: boolean;
  relatedEventId: number | null;
  updateId: string | null;
  user: { username: string; displayName: string; source: string; auditId: number | null } | null;
  decisionIds: number[];
}

describe('GET /api/audit/processes/:workflowId/history and /api/audit/decisions/:id', () => {
  test('a credit approval shows the approver on its update; the decision says why; a write is refused and audited', async () => {
    const driver = orderDriver(t.app, clerk);
    const controller = await login(t.app, 'controller');
    const sku = `AUDHIST-${process.pid}-${Date.now() % 100_000}`;
    await itemWithStock(t.orm, sku, [{ location: 'MAIN-B01', lot: `${sku}-A`, quantity: 5 }]);
    // Grid Electrical has an overdue invoice in the demo data: the credit rules hold its orders.
    const { workflowId } = await driver.place('C-GRID', [{ itemSku: sku, quantity: 1 }]);
    const approval = await driver.task(workflowId, 'credit-approval', controller);
    const done = await driver.complete(approval.id, { decision: 'approve', comment: 'remittance seen' }, controller);
    expect(done.statusCode).toBe(200);

    const history = await eventually(
      async () => {
        const response = await t.app.inject({
          method: 'GET',
          url: `/api/audit/processes/${encodeURIComponent(workflowId)}/history`,
          headers: auditor,
        });
        expect(response.statusCode).toBe(200);
        const body = response.json<{ events: Line[]; decisions: { id: number; ruleSetType: string }[] }>();
        return body.events.some((e) => e.name === 'resolveCreditHold' && e.type === 'ACTIVITY_TASK_COMPLETED')
          ? body
          : undefined;
      },
      60_000,
      'the credit hold resolved in the history',
    );
    expect(history.events[0]).toMatchObject({ type: 'WORKFLOW_EXECUTION_STARTED', category: 'process' });
    const accepted = history.events.find((e) => e.type === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect(accepted).toMatchObject({ category: 'update', name: 'completeTask', title: 'Update completeTask accepted' });
    expect(accepted?.user).toMatchObject({ username: 'controller', source: 'payload' });
    expect(accepted?.detail).toContain('remittance seen');
    // The audit row the join found is the task's own completion row.
    const [row] = await query<{ actor: string; action: string; entity_id: string }>(
      t.orm.em.fork(),
      'select actor, action, entity_id from audit_log where id = ?',
      [accepted?.user?.auditId],
    );
    expect(row).toEqual({ actor: 'controller', action: 'task.completed', entity_id: approval.id });
    const completed = history.events.find((e) => e.type === 'WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    expect(completed?.relatedEventId).toBe(accepted?.eventId);
    expect(completed?.user?.username).toBe('controller');
    expect(history.events.some((e) => e.bookkeeping && e.category === 'workflow-task')).toBe(true);

    const credit = history.events.find((e) => e.name === 'checkCredit' && e.type === 'ACTIVITY_TASK_COMPLETED');
    const decisionId = credit?.decisionIds[0];
    expect(decisionId).toBeDefined();
    expect(history.decisions.map((d) => d.id)).toContain(decisionId);
    const explained = await t.app.inject({
      method: 'GET',
      url: `/api/audit/decisions/${decisionId}`,
      headers: auditor,
    });
    expect(explained.statusCode).toBe(200);
    const body = explained.json<{
      decision: { ruleSetType: string; version: number; facts: Record<string, unknown> };
      winner: string | null;
      because: string;
      rejected: { name: string }[];
      replay: { matches: boolean };
    }>();
    expect(body.decision.ruleSetType).toBe('credit');
    expect(body.decision.facts['customer.code']).toBe('C-GRID');
    expect(body.winner).toBe('overdue-receivables-hold');
    expect(body.because).toContain(`rule "overdue-receivables-hold" of credit v${body.decision.version}`);
    expect(body.replay.matches).toBe(true);
    expect(body.rejected.map((r) => r.name)).not.toContain('overdue-receivables-hold');

    // Not for clerks; nothing for an unknown instance or decision.
    const url = `/api/audit/processes/${encodeURIComponent(workflowId)}/history`;
    expect((await t.app.inject({ method: 'GET', url, headers: clerk })).statusCode).toBe(403);
    const missing = await t.app.inject({ method: 'GET', url: '/api/audit/processes/nope-x/history', headers: auditor });
    expect(missing.statusCode).toBe(404);
    const noDecision = await t.app.inject({ method: 'GET', url: '/api/audit/decisions/987654321', headers: auditor });
    expect(noDecision.statusCode).toBe(404);

    // An auditor's attempt to change the order is refused, and the refusal is in the trail.
    const attempt = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${encodeURIComponent(approval.id)}/claim`,
      headers: auditor,
    });
    expect(attempt.statusCode).toBe(403);
    const [refused] = await query<{ actor: string; entity_id: string; details: { path: string } }>(
      t.orm.em.fork(),
      `select actor, entity_id, details from audit_log where action = 'access.refused' and actor = 'auditor'
        and details ->> 'path' = ? order by id desc limit 1`,
      [`/api/tasks/${encodeURIComponent(approval.id)}/claim`],
    );
    expect(refused).toMatchObject({ actor: 'auditor', entity_id: 'POST /api/tasks/:id/claim' });
  });
});
