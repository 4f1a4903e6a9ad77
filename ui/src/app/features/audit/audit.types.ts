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
