import type { EntityManager } from '@mikro-orm/postgresql';
import { RulesError } from '../../db/errors';
import {
  bomLinesOf,
  effectiveBomsOf,
  effectiveRoutingOf,
  routingOperationsOf,
  type PinnedBomLine,
} from '../../db/repositories/production-master-repository';
import { lockProductionOrder, setProductionStatus } from '../../db/repositories/production-order-repository';
import { query } from '../../db/sql';
import { versionInForce } from '../../db/rules/rule-repository';
import type { RulePin } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { refuse, round3 } from './production-refusals';
import type { ReleasedOrder } from './production-types';
import { decideComponentModes, type IssueRules } from './issue-decisions';

/** A component row as release writes it: a stocked component of the order's item, phantoms passed through. */
export interface ReleasedComponent {
  line: PinnedBomLine;
  /** Per ONE unit of the order's item, phantom quantities multiplied through. */
  quantityPer: number;
  /** Planned scrap of every level it came through, compounded: (1 + s1)(1 + s2) − 1, in percent. */
  scrapFactor: number;
  viaPhantomSku: string | null;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The components issued to the item itself (skip-level): each line of the pinned BOM, except that a phantom line is
 * replaced by its own effective BOM's lines (recursively), quantities multiplied through and planned scrap compounded.
 */
async function skipLevelComponents(em: EntityManager, bomId: number, date: string): Promise<ReleasedComponent[]> {
  const out: ReleasedComponent[] = [];
  const visit = async (id: number, per: number, factor: number, via: string | null, path: string[]) => {
    const lines = (await bomLinesOf(em, [id])).get(id) ?? [];
    const boms = await effectiveBomsOf(
      em,
      lines.map((line) => line.itemId),
      date,
    );
    for (const line of lines) {
      const quantityPer = round6(per * line.quantityPer);
      const scrapFactor = factor * (1 + line.scrapPercent / 100);
      const bom = boms.get(line.itemId);
      if (!bom?.phantom) {
        out.push({ line, quantityPer, scrapFactor, viaPhantomSku: via });
        continue;
      }
      if (path.includes(line.sku)) {
        refuse('RELEASE_REFUSED', `The bills of materials form a cycle: ${[...path, line.sku].join(' -> ')}`);
      }
      await visit(bom.id, quantityPer, scrapFactor, line.sku, [...path, line.sku]);
    }
  };
  await visit(bomId, 1, 1, null, []);
  return out;
}

/**
 * A customer-supplied component (issue 15) is picked per order from that customer's own stock: never in a merged pick
 * (one pick for several orders, and so for several owners); a kit instead. Backflush stays (it takes the owner's stock).
 */
function customerSupplied<M extends { mode: string; note: string | null }>(component: ReleasedComponent, mode: M): M {
  if (component.line.provision !== 'customer' || mode.mode !== 'merged') return mode;
  const why = 'customer-supplied: picked from the customer’s own stock for this order alone';
  return { ...mode, mode: 'kit', note: mode.note ? `${mode.note}; ${why}` : why };
}

/** The material-issue rules the order decides with: pinned before (by whoever created it) or in force now. */
async function pinIssueRules(em: EntityManager, stored: unknown): Promise<RulePin | null> {
  const pin = stored as Partial<RulePin> | null;
  if (pin && typeof pin.ruleSetCode === 'string' && typeof pin.version === 'number') return pin as RulePin;
  const version = await versionInForce(em, 'material-issue', new Date()).catch((error: unknown) => {
    if (error instanceof RulesError && error.code === 'NO_PUBLISHED_RULES') return null;
    throw error;
  });
  if (!version) return null;
  const { ruleSetId, ruleSetCode, contentHash } = version;
  return { ruleSetId, ruleSetCode, version: version.version, contentHash };
}

/**
 * Releases a created order: pins the BOM and routing versions effective on its start date, writes its component
 * rows (skip-level) with the issue mode the pinned material-issue rules chose for each, and its operation rows.
 * Backflushed components are consumed at the last operation's report (at completion when the routing has none).
 */
export async function releaseOrder(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
  rules: IssueRules,
): Promise<ReleasedOrder> {
  const order = await lockProductionOrder(em, input.orderNumber);
  if (!order) return refuse('RELEASE_REFUSED', `Production order ${input.orderNumber} does not exist`, 'orderNumber');
  if (order.status !== 'created') {
    return refuse('RELEASE_REFUSED', `Production order ${order.number} is ${order.status}, not created`, 'status');
  }
  const bom = (await effectiveBomsOf(em, [order.itemId], order.startDate)).get(order.itemId);
  if (!bom) {
    return refuse(
      'RELEASE_REFUSED',
      `${order.itemSku} has no bill of materials effective on ${order.startDate}`,
      'startDate',
    );
  }
  const routing = await effectiveRoutingOf(em, order.itemId, order.startDate);
  if (!routing) {
    return refuse('RELEASE_REFUSED', `${order.itemSku} has no routing effective on ${order.startDate}`, 'startDate');
  }
  const components = await skipLevelComponents(em, bom.id, order.startDate);
  const operations = await routingOperationsOf(em, routing.id);
  const last = operations.at(-1) ?? null;
  const pin = await pinIssueRules(em, order.issueRules);
  const modes = await decideComponentModes(em, rules, pin, { workflowId: input.workflowId, order, components, last });
  const customerLine = components.find((component) => component.line.provision === 'customer');
  if (customerLine && order.customerId === null) {
    return refuse(
      'RELEASE_REFUSED',
      `${customerLine.line.sku} is supplied by the customer the order is made for, and the order names no customer`,
      'customerCode',
    );
  }
  const released: ReleasedOrder['components'] = [];
  for (const [index, component] of components.entries()) {
    const lineNo = index + 1;
    const mode = customerSupplied(component, modes[index]!);
    const required = round3(order.quantity * component.quantityPer * component.scrapFactor);
    await query(
      em,
      `insert into production_order_component (production_order_id, line_no, item_id, via_phantom_sku, quantity_per,
              scrap_percent, required_quantity, operation_seq, issue_mode, when_short, decision_id, issue_note, provision)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        order.id,
        lineNo,
        component.line.itemId,
        component.viaPhantomSku,
        component.quantityPer,
        Math.round((component.scrapFactor - 1) * 100 * 10_000) / 10_000,
        required,
        last?.seq ?? null,
        mode.mode,
        mode.whenShort,
        mode.decisionId,
        mode.note,
        component.line.provision,
      ],
    );
    released.push({ lineNo, sku: component.line.sku, required, mode: mode.mode, whenShort: mode.whenShort });
  }
  for (const op of operations) {
    await query(
      em,
      `insert into production_order_operation (production_order_id, seq, work_centre_id, description, setup_hours,
              run_hours_per_unit) values (?, ?, ?, ?, ?, ?)`,
      [order.id, op.seq, op.workCentreId, op.description, op.setupHours, op.runHoursPerUnit],
    );
  }
  await query(em, `update production_order set bom_id = ?, routing_id = ?, issue_rules = ? where id = ?`, [
    bom.id,
    routing.id,
    pin === null ? null : JSON.stringify(pin),
    order.id,
  ]);
  await setProductionStatus(em, order.id, 'released', { column: 'released_at' });
  return {
    orderNumber: order.number,
    itemSku: order.itemSku,
    quantity: order.quantity,
    dueDate: order.dueDate,
    warehouseCode: order.warehouseCode,
    components: released,
    operations: operations.map((op) => ({
      seq: op.seq,
      workCentreCode: op.workCentreCode,
      description: op.description,
    })),
  };
}
