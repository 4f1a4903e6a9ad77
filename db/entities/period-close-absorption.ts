import { EntitySchema } from '@mikro-orm/core';
import { moneyColumn, timestampColumn } from './columns';

/**
 * A production order's share of a labour or overhead pool at a period close (issue 17 step 4): per close attempt,
 * pool and order, with the account it landed on and the cost-distribution rule version and decision behind it.
 */
export class PeriodCloseAbsorption {
  id!: number;
  periodCode!: string;
  workflowId!: string;
  attempt!: number;
  pool!: string;
  orderNumber!: string;
  actual!: number;
  applied!: number;
  basis?: string | null;
  basisValue!: number;
  share!: number;
  accountCode!: string;
  journalEntryId?: number | null;
  decisionId?: number | null;
  ruleSetId?: number | null;
  ruleVersion?: number | null;
  rule?: string | null;
  reason!: string;
  decision!: Record<string, unknown>;
  createdAt: Date = new Date();
}

export const PeriodCloseAbsorptionSchema = new EntitySchema<PeriodCloseAbsorption>({
  class: PeriodCloseAbsorption,
  tableName: 'period_close_absorption',
  uniques: [{ properties: ['workflowId', 'pool', 'orderNumber'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    periodCode: { type: 'string', length: 7, index: true },
    workflowId: { type: 'string', length: 200 },
    attempt: { type: 'number' },
    pool: { type: 'string', length: 10 },
    orderNumber: { type: 'string', length: 20 },
    actual: { ...moneyColumn },
    applied: { ...moneyColumn },
    basis: { type: 'string', length: 20, nullable: true },
    basisValue: { type: 'double' },
    share: { ...moneyColumn },
    accountCode: { type: 'string', length: 20 },
    journalEntryId: { type: 'number', nullable: true },
    decisionId: { type: 'number', nullable: true },
    ruleSetId: { type: 'number', nullable: true },
    ruleVersion: { type: 'number', nullable: true },
    rule: { type: 'string', length: 120, nullable: true },
    reason: { type: 'string', length: 1000 },
    decision: { type: 'json' },
    createdAt: { ...timestampColumn },
  },
});
