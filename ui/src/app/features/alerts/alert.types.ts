/** The kinds of alert the sweep raises (api/alerts/alert-list.ts). */
export const ALERT_KINDS = ['late-production', 'below-reorder-point', 'near-expiry', 'wave-at-risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** How the console names each kind. */
export const ALERT_KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  'late-production': 'Late production',
  'below-reorder-point': 'Below reorder point',
  'near-expiry': 'Near expiry',
  'wave-at-risk': 'Wave at risk of its cut-off',
};

/** One alert as GET /api/alerts lists it. */
export interface AlertSummary {
  id: number;
  kind: AlertKind;
  /** Production order number, `sku@warehouse`, `sku/lot` or the wave's id. */
  subject: string;
  status: 'open' | 'acknowledged' | 'resolved';
  reason: string;
  facts: Record<string, unknown>;
  firstRaisedAt: string;
  raisedAt: string;
  raiseCount: number;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** The roles the kind concerns: who may acknowledge it. */
  roles: string[];
}
