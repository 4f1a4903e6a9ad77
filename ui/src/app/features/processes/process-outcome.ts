import { ProcessInstance } from '../../shared/api.types';
import { orderStateOf } from '../orders/order-fulfillment-state';

/**
 * How a finished instance ended, in a sentence for the detail page: who cancelled an order and why, who rejected
 * its credit (or that the hold timed out), what a failure said. Null while it runs or when it simply completed.
 */
export function outcomeOf(instance: ProcessInstance, state: unknown): string | null {
  const order = orderStateOf(state);
  switch (instance.status) {
    case 'cancelled': {
      const cancellation = order?.cancellation;
      if (!cancellation) return 'Cancelled before anything shipped';
      return `Cancelled by ${cancellation.requestedBy}: ${cancellation.reason}`;
    }
    case 'rejected': {
      const resolution = order?.credit?.resolution;
      if (!resolution) return 'Credit not approved';
      if (resolution.outcome === 'timed-out') return 'Credit hold timed out: nobody approved it in time';
      const comment = resolution.comment ? `: ${resolution.comment}` : '';
      return `Credit rejected by ${resolution.by ?? 'a controller'}${comment}`;
    }
    case 'failed':
    case 'terminated':
      return instance.lastError ? `Failed: ${instance.lastError}` : 'Stopped without finishing';
    default:
      return null;
  }
}
