import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/** What a pack check policy row is about: every order shipping from a warehouse, or every order of a customer. */
export const PACK_CHECK_SCOPES = ['warehouse', 'customer'] as const;
export type PackCheckScope = (typeof PACK_CHECK_SCOPES)[number];

/**
 * Pack check policy (issue 20): every order's packages are checked before they ship, unless its customer or a warehouse
 * it is staged in opted out (`required = false`, set by a supervisor or admin, audited); a `required = true` row keeps
 * the check even where the other side opted out. Decided once per dispatch, when packed.
 */
export class PackCheckPolicy {
  id!: number;
  scope!: PackCheckScope;
  code!: string;
  required = true;
  updatedBy!: string;
  updatedAt: Date = new Date();
}

export const PackCheckPolicySchema = new EntitySchema<PackCheckPolicy>({
  class: PackCheckPolicy,
  tableName: 'pack_check_policy',
  uniques: [{ name: 'pack_check_policy_scope_code_unique', properties: ['scope', 'code'] }],
  checks: [{ name: 'pack_check_policy_scope_known', expression: "scope = 'warehouse' or scope = 'customer'" }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    scope: { type: 'string', length: 16 },
    code: { type: 'string', length: 40 },
    required: { type: 'boolean', default: true },
    updatedBy: { type: 'string', length: 64 },
    updatedAt: { ...timestampColumn },
  },
});

/**
 * One attempt at checking a package: what the clerk scanned, whether it matched and every problem named (line and
 * field). Kept for every attempt, matched or not, with who and when (the audit log has the same).
 */
export class PackCheckAttempt {
  id!: number;
  orderNumber!: string;
  workflowId!: string;
  shipTaskId!: string;
  packageNo!: string;
  matched!: boolean;
  lines!: unknown[];
  problems!: unknown[];
  checkedBy!: string;
  checkedAt: Date = new Date();
}

export const PackCheckAttemptSchema = new EntitySchema<PackCheckAttempt>({
  class: PackCheckAttempt,
  tableName: 'pack_check_attempt',
  indexes: [{ name: 'pack_check_attempt_order_index', properties: ['orderNumber', 'checkedAt'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    orderNumber: { type: 'string', length: 30 },
    workflowId: { type: 'string', length: 200 },
    shipTaskId: { type: 'string', length: 240 },
    packageNo: { type: 'string', length: 40 },
    matched: { type: 'boolean' },
    lines: { type: 'json' },
    problems: { type: 'json' },
    checkedBy: { type: 'string', length: 64 },
    checkedAt: { ...timestampColumn },
  },
});
