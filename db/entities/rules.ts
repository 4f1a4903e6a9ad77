import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

export type RuleSetType =
  | 'allocation'
  | 'valuation'
  | 'expiry'
  | 'cost-distribution'
  | 'quality-sampling'
  | 'credit'
  | 'invoice-match'
  | 'cycle-count'
  | 'material-issue'
  | 'lot-sizing'
  | 'subcontract-consumption'
  | 'wave';

/** A named body of rules of one type; its content lives in versions. */
export class RuleSet {
  id!: number;
  code!: string;
  type!: RuleSetType;
  name!: string;
  description = '';
  createdBy!: string;
  createdAt: Date = new Date();
}

export const RuleSetSchema = new EntitySchema<RuleSet>({
  class: RuleSet,
  tableName: 'rule_set',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    code: { type: 'string', length: 60, unique: true },
    type: { type: 'string', length: 24, index: true },
    name: { type: 'string', length: 120 },
    description: { type: 'text', default: '' },
    createdBy: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
  },
});

export type RuleVersionStatus = 'draft' | 'published' | 'retired';

/**
 * One version of a rule set. A draft may change; once published its content and hash are frozen (a database
 * trigger refuses any change but retiring it), and publishing needs a second admin (four-eyes).
 */
export class RuleSetVersion {
  id!: number;
  ruleSet!: RuleSet;
  version!: number;
  status: RuleVersionStatus = 'draft';
  content!: Record<string, unknown>;
  contentHash!: string;
  effectiveFrom: Date | null = null;
  author!: string;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  publishedBy: string | null = null;
  publishedAt: Date | null = null;
  retiredAt: Date | null = null;
}

export const RuleSetVersionSchema = new EntitySchema<RuleSetVersion>({
  class: RuleSetVersion,
  tableName: 'rule_set_version',
  uniques: [{ properties: ['ruleSet', 'version'] }],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    ruleSet: { kind: 'm:1', entity: () => RuleSet },
    version: { type: 'number' },
    status: { type: 'string', length: 10, default: 'draft' },
    content: { type: 'json' },
    contentHash: { type: 'string', length: 64 },
    effectiveFrom: { ...timestampColumn, nullable: true },
    author: { type: 'string', length: 64 },
    createdAt: { ...timestampColumn },
    updatedAt: { ...timestampColumn },
    publishedBy: { type: 'string', length: 64, nullable: true },
    publishedAt: { ...timestampColumn, nullable: true },
    retiredAt: { ...timestampColumn, nullable: true },
  },
});

/** Every decision a rule version made: the facts it saw, the rules that fired and why, and the result. */
export class RuleDecision {
  id!: number;
  ruleSetId!: number;
  ruleSetType!: string;
  version!: number;
  contentHash!: string;
  workflowId: string | null = null;
  businessKey: string | null = null;
  facts!: Record<string, unknown>;
  firedRules!: unknown[];
  result!: Record<string, unknown>;
  createdAt: Date = new Date();
}

export const RuleDecisionSchema = new EntitySchema<RuleDecision>({
  class: RuleDecision,
  tableName: 'rule_decision',
  indexes: [
    { properties: ['ruleSetId', 'version'] },
    { properties: ['ruleSetType', 'createdAt'] },
    { properties: ['workflowId'] },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    ruleSetId: { type: 'number' },
    ruleSetType: { type: 'string', length: 24 },
    version: { type: 'number' },
    contentHash: { type: 'string', length: 64 },
    workflowId: { type: 'string', length: 200, nullable: true },
    businessKey: { type: 'string', length: 60, nullable: true },
    facts: { type: 'json' },
    firedRules: { type: 'json' },
    result: { type: 'json' },
    createdAt: { ...timestampColumn },
  },
});
