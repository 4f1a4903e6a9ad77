import { num, query } from '../../db/sql';
import { eventually, login, type SuiteApp } from './int-env';
import { openFormTask } from './order-driver';
import { BIN_A, type ProductionWorld } from './production-world';
import type { MergedPickLine } from '../../workflows/merged-issue/merged-issue.contract';
import type { KitPick, ProductionOrderState } from '../../workflows/production-order/production-order.contract';

/** The warehouse batch the tests' orders join (they issue from MAIN). */
export const BATCH = 'merged-issue:MAIN';

export interface Task {
  id: string;
  status: string;
  formKind: string;
  payload: Record<string, unknown>;
}

/** What the merged-issue tests do and read, on the suite's app (the sign-ins are filled in before the tests run). */
export function mergedIssueDriver(t: SuiteApp) {
  const clerk = t.headers('clerk');
  const planner = t.headers('planner');
  const admin = t.headers('admin');

  async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return query<T>(t.orm.em.fork(), sql, params);
  }

  const complete = (taskId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/complete`, headers: clerk, payload: { payload } });

  async function orderState(workflowId: string): Promise<ProductionOrderState | null> {
    const response = await t.app.inject({ method: 'GET', url: `/api/processes/${workflowId}`, headers: planner });
    return response.json<{ state: ProductionOrderState | null }>().state;
  }

  async function createOrder(world: ProductionWorld, quantity: number, dueDate: string) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/production-orders',
      headers: { ...planner, 'idempotency-key': `merged-${world.suffix}-${quantity}-${dueDate}` },
      payload: { itemSku: world.sku.fg, quantity, warehouseCode: 'MAIN', dueDate },
    });
    expect(response.statusCode).toBe(201);
    const { number } = response.json<{ number: string }>();
    return { number, workflowId: `production-order:${number}` };
  }

  /** The order's WIP two ways: its production_cost rows and its 1400 journal lines. */
  async function wip(number: string) {
    const [row] = await rows<{ costs: string; ledger: string }>(
      `select (select coalesce(sum(c.amount), 0) from production_cost c join production_order o on o.id = c.production_order_id
                where o.number = ?) as costs,
              (select coalesce(sum(l.debit - l.credit), 0) from journal_entry e join journal_line l on l.entry_id = e.id
                where e.source_type = 'production-order' and e.source_ref = ? and l.account_code = '1400') as ledger`,
      [number, number],
    );
    return { costs: num(row?.costs), ledger: num(row?.ledger) };
  }

  /** The order's issue moves of one item per lot, and what its component row says was issued (quantity, value). */
  async function issuedLots(number: string, sku: string) {
    const moves = await rows<{ lot: string; q: string }>(
      `select lot.code as lot, sum(m.quantity) as q from stock_move m
         join item i on i.id = m.item_id left join lot on lot.id = m.lot_id
        where m.document_type = 'production-order' and m.document_ref = ? and i.sku = ? group by lot.code order by 1`,
      [number, sku],
    );
    const [line] = await rows<{ q: string; v: string }>(
      `select c.issued_quantity as q, c.issued_value as v from production_order_component c
         join production_order o on o.id = c.production_order_id join item i on i.id = c.item_id
        where o.number = ? and i.sku = ?`,
      [number, sku],
    );
    return { lots: moves.map((m) => [m.lot, num(m.q)]), issued: [num(line?.q), num(line?.v)] };
  }

  async function onHand(sku: string, location: string) {
    const [row] = await rows<{ q: string; r: string }>(
      `select coalesce(sum(b.quantity), 0) as q, coalesce(sum(b.reserved_quantity), 0) as r from stock_balance b
         join item i on i.id = b.item_id join location l on l.id = b.location_id where i.sku = ? and l.code = ?`,
      [sku, location],
    );
    return { quantity: num(row?.q), reserved: num(row?.r) };
  }

  const kitPicks = (task: Task) =>
    (task.payload.picks as KitPick[]).map(({ lineNo, location, lotCode, quantity }) => ({
      lineNo,
      location,
      lotCode,
      quantity,
    }));

  /** A material-issue version that merges the world's C1 (only it: the database is shared with other files). */
  async function publishMergedRule(world: ProductionWorld): Promise<number> {
    const admin2 = await login(t.app, 'admin2');
    const call = (method: 'POST' | 'PUT', url: string, headers: object, payload: object) =>
      t.app.inject({ method, url: `/api/rule-sets/material-issue${url}`, headers: headers as never, payload });
    const draft = await call('POST', '/drafts', admin, {});
    expect(draft.statusCode).toBe(201);
    const content = draft.json().content as { rules: unknown[] };
    const merged = {
      name: `merge-${world.sku.c1}`,
      priority: 20,
      conditions: { all: [{ fact: 'component.sku', operator: 'equal', value: world.sku.c1 }] },
      event: { type: 'policy', params: { mode: 'merged', whenShort: 'wait' } },
    };
    const version = draft.json().version as number;
    const saved = await call('PUT', `/versions/${version}`, admin, {
      content: { ...content, rules: [...content.rules, merged] },
    });
    expect(saved.statusCode).toBe(200);
    const published = await call('POST', `/versions/${version}/publish`, admin2, {
      effectiveFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(published.statusCode).toBe(200);
    return version;
  }

  /**
   * A new order that joins the MAIN batch: waiting there with its C1 reserved, its kit line (SUB) picked meanwhile with
   * its own kit (C1 is not in that pick).
   */
  async function joined(world: ProductionWorld, quantity: number, dueDate: string) {
    const order = await createOrder(world, quantity, dueDate);
    const state = await eventually(async () => {
      const current = await orderState(order.workflowId);
      return current?.merged?.status === 'waiting' ? current : undefined;
    });
    expect(state.merged).toMatchObject({ warehouseCode: 'MAIN', batchId: null });
    const kit = await openFormTask<Task>(t.app, clerk, order.workflowId, 'production-kit-pick');
    expect(kitPicks(kit)).toEqual([{ lineNo: 3, location: BIN_A, lotCode: 'SUB-1', quantity }]);
    expect((await complete(kit.id, { picks: kitPicks(kit) })).statusCode).toBe(200);
    return order;
  }

  /** The clerk's confirmation of a merged pick task: every share as shown. */
  const asShown = (task: Task) =>
    (task.payload.lines as MergedPickLine[]).flatMap((line) =>
      line.shares.map((share) => ({ ...share, location: line.location, lotCode: line.lotCode })),
    );

  /** Retired after the test, so the seeded default is in force again for the other files. */
  async function retire(version: number): Promise<void> {
    const url = `/api/rule-sets/material-issue/versions/${version}/retire`;
    const retired = await t.app.inject({ method: 'POST', url, headers: admin, payload: {} });
    expect(retired.statusCode).toBe(200);
  }

  const pickNow = async () =>
    (await t.app.inject({ method: 'POST', url: '/api/merged-issues/MAIN/pick-now', headers: planner })).statusCode;

  return {
    clerk,
    planner,
    rows,
    complete,
    orderState,
    createOrder,
    wip,
    issuedLots,
    onHand,
    publishMergedRule,
    joined,
    kitPicks,
    asShown,
    retire,
    pickNow,
  };
}
