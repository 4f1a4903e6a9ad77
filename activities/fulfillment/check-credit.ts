import type { EntityManager } from '@mikro-orm/postgresql';
import { decide, type CompiledRuleSet } from '../../rules/engine';
import type { CreditDecision } from '../../workflows/order-fulfillment/order-fulfillment.contract';
import { appendAudit } from '../../db/repositories/audit-repository';
import { lockOrder, setOrderStatus } from '../../db/repositories/order-repository';
import { insertDecision } from '../../db/rules/rule-repository';
import { num, query } from '../../db/sql';
import { reject } from '../errors';

/** Order statuses that still count as credit exposure (not yet invoiced, not cancelled). */
const OPEN_ORDER_STATUSES = ['open', 'credit-hold', 'allocated', 'picked', 'backordered', 'partially-shipped'];

/** The figures a credit decision is made on: receivables (open, overdue) and exposure including this order. */
export async function creditFacts(em: EntityManager, orderNumber: string): Promise<Record<string, unknown>> {
  const [row] = await query<Record<string, unknown>>(
    em,
    `select c.code, c.segment, c.credit_limit, to_char(o.requested_date, 'YYYY-MM-DD') as requested_date,
            coalesce(inv.open, 0) as open_receivables, coalesce(inv.overdue, 0) as overdue,
            coalesce(inv.oldest_days, 0) as oldest_days,
            (select coalesce(sum(l.quantity * l.unit_price), 0) from sales_order_line l where l.order_id = o.id) as value,
            (select coalesce(sum((l.quantity - l.invoiced_quantity) * l.unit_price), 0)
               from sales_order o2 join sales_order_line l on l.order_id = o2.id
              where o2.customer_id = c.id and o2.id <> o.id and o2.status in (?)) as open_orders
       from sales_order o join customer c on c.id = o.customer_id
       left join lateral (
         select sum(i.amount - i.paid_amount) as open,
                sum(i.amount - i.paid_amount) filter (where i.due_on < current_date) as overdue,
                max(current_date - i.due_on) filter (where i.due_on < current_date) as oldest_days
           from customer_invoice i where i.customer_id = c.id and i.paid_amount < i.amount) inv on true
      where o.order_number = ?`,
    [OPEN_ORDER_STATUSES, orderNumber],
  );
  if (!row) return reject('ORDER_NOT_FOUND', `Sales order ${orderNumber} does not exist`);
  const limit = num(row.credit_limit);
  const exposure = round2(num(row.open_receivables) + num(row.open_orders) + num(row.value));
  return {
    'customer.code': row.code,
    'customer.segment': row.segment,
    'customer.country': null,
    'customer.minShelfLifeDays': null,
    'customer.tags': [],
    'customer.creditLimit': limit,
    'customer.openReceivables': num(row.open_receivables),
    'customer.overdueAmount': num(row.overdue),
    'customer.oldestOverdueDays': num(row.oldest_days),
    'order.value': num(row.value),
    'order.exposureAfter': exposure,
    'order.exposureRatio': limit > 0 ? Math.round((exposure / limit) * 10_000) / 10_000 : 0,
    'order.type': 'standard',
    'order.channel': 'api',
    'order.requestedDate': row.requested_date ?? null,
    'order.shipToCountry': null,
  };
}

/**
 * Decides pass or hold under the pinned credit rules (no published rules: pass), stores the decision with its
 * facts and fired rules, and puts a held order on `credit-hold`.
 */
export async function checkCredit(
  em: EntityManager,
  input: { workflowId: string; orderNumber: string },
  rules: { compiled: CompiledRuleSet<'credit'>; ruleSetCode: string } | null,
): Promise<CreditDecision> {
  const order = await lockOrder(em, input.orderNumber);
  if (!order) return reject('ORDER_NOT_FOUND', `Sales order ${input.orderNumber} does not exist`);
  const facts = await creditFacts(em, input.orderNumber);
  const figures = {
    exposureAfter: Number(facts['order.exposureAfter']),
    creditLimit: Number(facts['customer.creditLimit']),
    overdueAmount: Number(facts['customer.overdueAmount']),
  };
  if (!rules) {
    const reason = 'No credit rules are published';
    return { action: 'pass', reason, ruleSetCode: null, version: null, rule: null, decisionId: null, ...figures };
  }
  const decision = await decide(rules.compiled, facts);
  const decisionId = await insertDecision(em, {
    ruleSetId: decision.ruleSetId,
    ruleSetType: 'credit',
    version: decision.version,
    contentHash: decision.contentHash,
    workflowId: input.workflowId,
    businessKey: input.orderNumber,
    facts: decision.facts,
    firedRules: decision.firedRules,
    result: { policy: decision.policy, rule: decision.rule, usedDefault: decision.usedDefault },
  });
  const { action, reason } = decision.policy;
  if (action === 'hold') await setOrderStatus(em, order.orderId, 'credit-hold');
  await appendAudit(em, {
    actor: 'system',
    action: action === 'hold' ? 'order.credit-held' : 'order.credit-passed',
    entityType: 'sales_order',
    entityId: input.orderNumber,
    workflowId: input.workflowId,
    details: { reason, rule: decision.rule, version: decision.version, decisionId, ...figures },
  });
  return {
    action,
    reason,
    ruleSetCode: rules.ruleSetCode,
    version: decision.version,
    rule: decision.rule,
    decisionId,
    ...figures,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
