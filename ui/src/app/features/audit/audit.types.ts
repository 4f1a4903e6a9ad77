/** One row of GET /api/audit/trail (api/audit/audit-trail.ts auditTrailRow). */
export interface AuditTrailRow {
  id: number;
  /** Chain position; null while the sealer has not reached the row. */
  seq: number | null;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  workflowId: string | null;
  details: unknown;
  contentHash: string | null;
  previousHash: string | null;
  chainHash: string | null;
}

/** GET /api/audit/verify (api/audit/audit-schemas.ts chainVerificationSchema). */
export interface ChainVerification {
  ok: boolean;
  verified: number;
  head: { seq: number; chainHash: string } | null;
  firstBreak: {
    kind: 'content' | 'link' | 'row-missing' | 'position-missing' | 'checkpoint';
    seq: number;
    auditId: number | null;
    detail: string;
  } | null;
  unsealed: { count: number; firstIds: number[] };
  checkpointsChecked: number;
}

/** The kind of a history event (api/audit/history-words.ts HISTORY_CATEGORIES). */
export type HistoryCategory =
  'process' | 'activity' | 'update' | 'signal' | 'timer' | 'child' | 'marker' | 'workflow-task' | 'other';

/** One Temporal history event in words (api/audit/process-history-routes.ts historyLine). */
export interface HistoryLine {
  eventId: number;
  time: string;
  type: string;
  category: HistoryCategory;
  title: string;
  name: string | null;
  detail: string | null;
  bookkeeping: boolean;
  relatedEventId: number | null;
  updateId: string | null;
  /** Who caused an update or a signal: from its arguments (`payload`) or the nearest human audit row (`audit`). */
  user: { username: string; displayName: string; source: 'payload' | 'audit'; auditId: number | null } | null;
  decisionIds: number[];
}

/** GET /api/audit/processes/:workflowId/history. */
export interface ProcessHistory {
  workflowId: string;
  processType: string;
  businessKey: string;
  status: string;
  events: HistoryLine[];
  decisions: {
    id: number;
    ruleSetType: string;
    ruleSetCode: string;
    version: number;
    rule: string | null;
    createdAt: string;
  }[];
}

/** GET /api/audit/decisions/:id (api/audit/decision-explanation.ts). */
export interface DecisionExplanation {
  decision: {
    id: number;
    ruleSetCode: string;
    ruleSetType: string;
    version: number;
    contentHash: string;
    workflowId: string | null;
    businessKey: string | null;
    facts: unknown;
    firedRules: unknown;
    result: unknown;
    createdAt: string;
  };
  winner: string | null;
  usedDefault: boolean;
  policy: unknown;
  because: string;
  outranked: { name: string; priority: number; policy: unknown }[];
  rejected: { name: string; priority: number; conditions: unknown }[];
  replay: { matches: boolean; problem: string | null };
}
