import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../db/seeds/demo-data';
import { CUSTOMER, type OrderLine } from '../../bench/order-bench-driver';
import { packAll, pickAll, shipAll, type TaskView } from '../../test/support/order-driver';
import { packCheckShipment } from '../../test/support/pack-check';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer of the in-process API; status 0 when the request threw or did not answer in time. */
export interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code?: string; message?: string; field?: string } };
  text: string;
}

/** A placed document and its workflow. */
export type Placed = { orderNumber: string; workflowId: string };

/** What the clerk driver counts while it pushes through the outages. */
export interface DriveStats {
  /** Task completions that went through (the chaos events are placed along this count). */
  completions: number;
  /** Requests answered 5xx or not at all, retried. */
  retried: number;
  /** Completions refused because the task was already done: an earlier attempt had gone through after all. */
  alreadyDone: number;
}

/**
 * The clerk's side of the chaos run over the in-process API (as the bench drives it), retrying through outages: a
 * create request carries an Idempotency-Key so its retry answers the first document; a task completion re-reads the
 * task first, so one that went through before its answer was lost is never sent twice as new.
 */
export class ChaosClerk {
  readonly stats: DriveStats = { completions: 0, retried: 0, alreadyDone: 0 };
  private headers: Record<string, string> = {};

  constructor(
    private readonly app: FastifyInstance,
    private readonly runId: string,
    private readonly deadline: number,
  ) {}

  async login(username = 'clerk'): Promise<void> {
    const reply = await this.untilAnswered('POST', '/api/auth/login', { username, password: DEMO_PASSWORD }, [200]);
    this.headers = { authorization: `Bearer ${String(reply.body.token)}` };
  }

  async call(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    extra: Record<string, string> = {},
    timeoutMs = 30_000,
  ): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Reply>((resolve) => {
      timer = setTimeout(() => resolve({ status: 0, body: {}, text: `no answer within ${timeoutMs} ms` }), timeoutMs);
    });
    const answered = this.app
      .inject({
        method,
        url,
        headers: { ...this.headers, ...extra },
        ...(payload === undefined ? {} : { payload: payload as object }),
      })
      .then(
        (response): Reply => {
          let body: Reply['body'] = {};
          try {
            body = response.json();
          } catch {
            body = {};
          }
          return { status: response.statusCode, body, text: response.body.slice(0, 400) };
        },
        (error: unknown): Reply => ({ status: 0, body: {}, text: String(error) }),
      );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Repeats a request while it fails for a passing reason (5xx, no answer, 429); any other status is the answer. */
  private async untilAnswered(
    method: 'GET' | 'POST',
    url: string,
    payload: unknown,
    expected: number[],
    extra: Record<string, string> = {},
  ): Promise<Reply> {
    for (let attempt = 1; ; attempt += 1) {
      const reply = await this.call(method, url, payload, extra);
      if (expected.includes(reply.status)) return reply;
      const passing = reply.status === 0 || reply.status >= 500 || reply.status === 429;
      if (!passing) throw new Error(`${method} ${url}: ${reply.status} ${reply.text}`);
      this.passDeadline(`${method} ${url} (last ${reply.status} ${reply.text})`);
      this.stats.retried += 1;
      await sleep(Math.min(5_000, 250 * attempt));
    }
  }

  private passDeadline(what: string): void {
    if (Date.now() > this.deadline) throw new Error(`gave up at the overall deadline: ${what}`);
  }

  /** Places a sales order for the bench customer; its retries carry the same Idempotency-Key. */
  async placeOrder(index: number, lines: OrderLine[]): Promise<{ orderNumber: string; workflowId: string }> {
    const key = { 'idempotency-key': `chaos-${this.runId}-order-${index}` };
    const reply = await this.untilAnswered('POST', '/api/orders', { customerCode: CUSTOMER, lines }, [201], key);
    return reply.body as { orderNumber: string; workflowId: string };
  }

  /** Places a purchase order of `lines` at MAIN; its retries carry the same Idempotency-Key. */
  async placePurchaseOrder(
    index: number,
    lines: Array<{ itemSku: string; quantity: number; unitCost: number }>,
  ): Promise<{ orderNumber: string; workflowId: string }> {
    const key = { 'idempotency-key': `chaos-${this.runId}-po-${index}` };
    const body = { supplierCode: 'S-NORD', warehouseCode: 'MAIN', lines };
    const reply = await this.untilAnswered('POST', '/api/purchase-orders', body, [201], key);
    return reply.body as { orderNumber: string; workflowId: string };
  }

  /**
   * Completes a task once it is open: reads it (waiting while the workflow has not opened it yet), completes it with
   * the payload `build` makes of what it reads, and on any failure reads it again before retrying. A task found
   * completed, or refused as finished, counts as done: the earlier attempt went through.
   */
  async completeTask(taskId: string, build: (task: TaskView) => Record<string, unknown>): Promise<void> {
    const url = `/api/tasks/${encodeURIComponent(taskId)}`;
    let refusals = 0;
    for (let attempt = 1; ; attempt += 1) {
      this.passDeadline(`task ${taskId}`);
      const read = await this.call('GET', url);
      const task = read.body as unknown as TaskView;
      if (read.status === 200 && task.status === 'completed') {
        this.stats.completions += 1;
        return;
      }
      if (read.status === 200 && (task.status === 'open' || task.status === 'claimed')) {
        // A ship task waits for its pack check: done first (checked packages are skipped, so a retry is safe).
        const checked = await packCheckShipment((method, path, body) => this.call(method, path, body), task).then(
          () => true,
          () => false,
        );
        const done = checked
          ? await this.call('POST', `${url}/complete`, { payload: build(task) }, {}, 45_000)
          : { status: 0, body: {}, text: 'pack check not through' };
        if (done.status === 200) {
          this.stats.completions += 1;
          return;
        }
        if (done.body.error?.code === 'TASK_FINISHED') {
          this.stats.alreadyDone += 1;
          this.stats.completions += 1;
          return;
        }
        if (done.status >= 400 && done.status < 500) {
          refusals += 1;
          if (refusals >= 5) throw new Error(`task ${taskId} refused ${refusals} times: ${done.status} ${done.text}`);
        } else this.stats.retried += 1;
      } else if (read.status === 200) {
        throw new Error(`task ${taskId} is ${task.status}`);
      } else if (read.status !== 404) this.stats.retried += 1;
      // Not there yet (404 until the workflow opens it), or an outage: wait and look again.
      await sleep(Math.min(3_000, 200 * attempt));
    }
  }

  /** One sales order from placement to shipped: pick, pack and ship completed through the API. */
  async fulfil(index: number, lines: OrderLine[], placed: (order: Placed) => void): Promise<Placed> {
    const order = await this.placeOrder(index, lines);
    placed(order);
    await this.completeTask(`${order.workflowId}:pick`, (task) => ({ picks: pickAll(task) }));
    await this.completeTask(`${order.workflowId}:pack`, (task) => packAll(task));
    await this.completeTask(`${order.workflowId}:ship`, (task) => shipAll(task));
    return order;
  }

  /** One purchase order received in full in one delivery at MAIN's dock and put away into the first bin offered. */
  async receive(
    index: number,
    lines: Array<{ itemSku: string; quantity: number; unitCost: number }>,
    placed: (order: Placed) => void,
  ): Promise<Placed> {
    const order = await this.placePurchaseOrder(index, lines);
    placed(order);
    await this.completeTask(`${order.workflowId}:receipt`, (task) => ({
      lines: ((task.payload.lines ?? []) as Array<{ lineNo: number; openQuantity?: number }>).map((line) => ({
        lineNo: line.lineNo,
        quantity: line.openQuantity ?? 0,
      })),
    }));
    await this.completeTask(`${order.workflowId}:putaway`, (task) => {
      const locations = (task.payload as { locations?: string[] }).locations ?? [];
      return {
        lines: ((task.payload.lines ?? []) as Array<{ lineNo: number }>).map((line, i) => ({
          lineNo: line.lineNo,
          toLocation: locations[i % Math.max(1, Math.min(3, locations.length))] ?? '',
        })),
      };
    });
    return order;
  }
}
