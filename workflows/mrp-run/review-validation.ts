import type { MrpReviewAnswer } from './mrp-run.contract';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the planner's review answer before the task is accepted (deterministic, pure): the decision is known, a
 * rejection names its reason, each decided order is named once, with a positive quantity and a real date when
 * changed. Whether a named order is one of the run's suggestions is the activity's to check (the workflow does not
 * carry the plan). Returns the problem, naming the field, or undefined.
 */
export function findReviewProblem(payload: Record<string, unknown>): string | undefined {
  const answer = payload as Partial<MrpReviewAnswer>;
  if (!['approve-all', 'decide', 'reject'].includes(String(answer.decision))) {
    return 'payload.decision: must be approve-all, decide or reject';
  }
  if (answer.decision === 'reject') {
    return typeof answer.reason === 'string' && answer.reason.trim() !== ''
      ? undefined
      : 'payload.reason: say why the plan is rejected';
  }
  if (answer.decision === 'approve-all') return undefined;
  if (!Array.isArray(answer.orders) || answer.orders.length === 0) {
    return 'payload.orders: name the suggestions you approve or reject';
  }
  const seen = new Set<string>();
  for (const [index, order] of answer.orders.entries()) {
    const field = `payload.orders[${index}]`;
    if (!order || typeof order.plannedRef !== 'string' || order.plannedRef === '') {
      return `${field}.plannedRef: name the suggestion (its reference, e.g. ITEM/3/1)`;
    }
    if (seen.has(order.plannedRef)) return `${field}.plannedRef: ${order.plannedRef} is named twice`;
    seen.add(order.plannedRef);
    if (typeof order.approve !== 'boolean') return `${field}.approve: must be true or false`;
    if (order.quantity !== undefined && !(typeof order.quantity === 'number' && order.quantity > 0)) {
      return `${field}.quantity: must be more than 0`;
    }
    if (
      order.receiptDate !== undefined &&
      !(
        typeof order.receiptDate === 'string' &&
        ISO_DATE.test(order.receiptDate) &&
        !Number.isNaN(Date.parse(order.receiptDate))
      )
    ) {
      return `${field}.receiptDate: must be a date (YYYY-MM-DD)`;
    }
  }
  return undefined;
}
