import { EntitySchema } from '@mikro-orm/core';
import { timestampColumn } from './columns';

/** What an alert is about (issue 20): a production order, an item in a warehouse, a lot, a released pick wave. */
export const ALERT_KINDS = ['late-production', 'below-reorder-point', 'near-expiry', 'wave-at-risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** `open` until a person acknowledges it; `resolved` by the sweep once its cause is gone (never by a person). */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * One alert a person acts on: its kind and subject (production order number, `sku@warehouse`, `sku/lot`), why it was
 * raised (a sentence and the figures behind it), who acknowledged it. At most one open-or-acknowledged alert per kind
 * and subject (a partial unique index); an acknowledged alert whose cause persists is raised again on the same row
 * (status back to open, `raiseCount` + 1, the acknowledgement kept only in the audit trail); a resolved one stays as
 * history and a cause that comes back gets a new row.
 */
export class Alert {
  id!: number;
  kind!: AlertKind;
  subject!: string;
  status: AlertStatus = 'open';
  reason!: string;
  facts!: Record<string, unknown>;
  /** When it was first raised; `raisedAt` is the latest (re-)raise. */
  firstRaisedAt: Date = new Date();
  raisedAt: Date = new Date();
  acknowledgedAt: Date | null = null;
  acknowledgedBy: string | null = null;
  resolvedAt: Date | null = null;
  raiseCount = 1;
  updatedAt: Date = new Date();
}

export const AlertSchema = new EntitySchema<Alert>({
  class: Alert,
  tableName: 'alert',
  indexes: [
    {
      name: 'alert_live_unique',
      expression: `create unique index "alert_live_unique" on "alert" ("kind", "subject") where status in ('open', 'acknowledged')`,
    },
    { properties: ['status', 'kind'] },
  ],
  // Spelled with `or`: MikroORM reads a check of the form `column in (...)` as an enum and would diff it forever.
  checks: [
    {
      name: 'alert_kind_known',
      expression:
        "kind = 'late-production' or kind = 'below-reorder-point' or kind = 'near-expiry' or kind = 'wave-at-risk'",
    },
    { name: 'alert_status_known', expression: "status = 'open' or status = 'acknowledged' or status = 'resolved'" },
  ],
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    kind: { type: 'string', length: 30 },
    subject: { type: 'string', length: 120 },
    status: { type: 'string', length: 16, default: 'open' },
    reason: { type: 'string', length: 1000 },
    facts: { type: 'json' },
    firstRaisedAt: { ...timestampColumn },
    raisedAt: { ...timestampColumn },
    acknowledgedAt: { ...timestampColumn, nullable: true },
    acknowledgedBy: { type: 'string', length: 64, nullable: true },
    resolvedAt: { ...timestampColumn, nullable: true },
    raiseCount: { type: 'number', default: 1 },
    updatedAt: { ...timestampColumn },
  },
});
