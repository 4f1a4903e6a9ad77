import { Pipe, PipeTransform } from '@angular/core';
import { isRecord } from './rule-content';

/**
 * One line per policy for tables: `expiry-asc → warehouse-priority · backorder-rest · shelf life ≥ customer` for
 * allocation, `method: fifo` for the others.
 */
@Pipe({ name: 'policySummary' })
export class PolicySummaryPipe implements PipeTransform {
  transform(policy: unknown): string {
    if (!isRecord(policy)) return policy === null || policy === undefined ? '—' : JSON.stringify(policy);
    if (!Array.isArray(policy['sortKeys'])) {
      return Object.entries(policy)
        .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' · ');
    }
    const parts = [policy['sortKeys'].join(' → '), String(policy['partial'] ?? '')];
    const filters = isRecord(policy['filters']) ? policy['filters'] : {};
    const shelfLife = filters['minRemainingShelfLifeDays'];
    if (shelfLife !== undefined) parts.push(`shelf life ≥ ${shelfLife === 'customer' ? 'customer' : `${shelfLife} d`}`);
    if (Array.isArray(filters['allowedWarehouses'])) parts.push(`only ${filters['allowedWarehouses'].join(', ')}`);
    return parts.filter((part) => part !== '').join(' · ');
  }
}
