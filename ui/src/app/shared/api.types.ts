/**
 * Wire types for the Millwright HTTP API (/api/...).
 * Mirrors the server contract; dates are ISO-8601 strings as sent on the wire.
 */

export type Role =
  'admin' | 'clerk' | 'planner' | 'controller' | 'auditor' | 'supervisor' | 'inspector' | 'quality-engineer';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

// ---- auth ----------------------------------------------------------------

export interface User {
  id: string;
  username: string;
  displayName: string;
  // Kept as string[] (not Role[]) so an unknown future role does not break parsing.
  roles: string[];
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export interface MeResponse {
  user: User;
}

// ---- master data -----------------------------------------------------------

export interface Customer {
  code: string;
  name: string;
  minShelfLifeDays: number;
}

export interface Item {
  sku: string;
  name: string;
  uom: string;
  lotTracked: boolean;
  shelfLifeDays: number | null;
  available: number;
}

// ---- orders ----------------------------------------------------------------

export interface OrderSummary {
  orderNumber: string;
  customerCode: string;
  customerName: string;
  status: string;
  requestedDate: string | null;
  createdAt: string;
  lineCount: number;
  workflowId: string | null;
}

export interface OrderLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  quantity: number;
  uom: string;
  reservedQuantity: number;
  shippedQuantity: number;
  unitPrice: number;
  /** quantity x unit price */
  value: number;
}

export interface OrderDetail extends OrderSummary {
  lines: OrderLine[];
  /** The sum of the lines' values: what the credit check counts as this order's exposure. */
  value: number;
}

export interface CreateOrderRequest {
  customerCode: string;
  /** YYYY-MM-DD */
  requestedDate?: string;
  lines: { itemSku: string; quantity: number }[];
}

export interface CreateOrderResponse {
  orderNumber: string;
  workflowId: string;
}

// ---- processes -------------------------------------------------------------

/** Running, or how the process ended (an order cancelled or credit-rejected is not 'completed'). */
export const PROCESS_STATUSES = ['running', 'completed', 'cancelled', 'rejected', 'failed', 'terminated'] as const;
export type ProcessStatus = (typeof PROCESS_STATUSES)[number];

/** Every process the platform runs (each workflow contract's process type), for the lists' process filter. */
export const PROCESS_TYPES = [
  'order-fulfillment',
  'purchase-receipt',
  'quality-inspection',
  'supplier-return',
  'supplier-invoice',
  'carrier-receipt',
  'stock-count',
  'production-order',
  'merged-issue',
  'subcontract-order',
  'mrp-run',
  'mrp-net-change',
  'inventory-revaluation',
  'period-close',
] as const;

export interface ProcessInstance {
  workflowId: string;
  runId: string;
  processType: string;
  businessKey: string;
  status: ProcessStatus;
  currentStep: string | null;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** What a failed instance reported. */
  lastError?: string | null;
}

export interface HistoryEvent {
  eventId: number;
  time: string;
  type: string;
  summary: string;
}

export interface ProcessDetail {
  instance: ProcessInstance;
  state: unknown;
  tasks: Task[];
  history: HistoryEvent[];
  /** The same history in business terms, with the person of each human step (older servers: absent). */
  timeline?: BusinessStep[];
  /** Admins only: null for everyone else. */
  temporalUiUrl: string | null;
}

/** One step of an instance in business terms (credit checked, picked by …). */
export interface BusinessStep {
  time: string;
  summary: string;
  /** Who did it; null for what the system did on its own. */
  actor: string | null;
  eventId: number | null;
}

export interface ProcessQuery {
  processType?: string;
  status?: string;
  businessKey?: string;
  page: number;
  pageSize: number;
}

// ---- tasks -----------------------------------------------------------------

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TaskScope = 'inbox' | 'mine' | 'all';

export interface Task<P = unknown> {
  id: string;
  workflowId: string;
  processType: string;
  businessKey: string;
  taskType: string;
  title: string;
  candidateRole: string;
  assignee: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  dueAt: string | null;
  escalatedAt: string | null;
  formKind: string;
  payload: P;
  outcome: unknown;
  completedBy: string | null;
  completedAt: string | null;
  createdAt: string;
}

export interface TaskQuery {
  scope?: TaskScope;
  status?: 'open' | 'completed';
  page: number;
  pageSize: number;
}

export interface CompleteTaskRequest<P = unknown> {
  payload: P;
}

// ---- pick confirmation form -------------------------------------------------

export interface ProposedPick {
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  quantity: number;
}

export interface PickLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  quantity: number;
  uom: string;
  picks: ProposedPick[];
}

/** One stop of the picker's walk (bins in walking order), as the workflow computes it. */
export interface PickStop {
  stop: number;
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  lineNo: number;
  itemSku: string;
  quantity: number;
}

export interface PickConfirmationPayload {
  orderNumber: string;
  customerCode: string;
  customerName: string;
  lines: PickLine[];
  /** Absent on tasks created before the walk was added. */
  walk?: PickStop[];
}

export interface ConfirmedPick {
  lineNo: number;
  locationCode: string;
  lotCode: string | null;
  quantity: number;
}

export interface PickConfirmationOutcome {
  picks: ConfirmedPick[];
}

// ---- pack, ship and credit-approval forms ----------------------------------------

/** Picked stock waiting at the dock for packing. */
export interface StagedPick {
  lineNo: number;
  itemSku: string;
  lotCode: string | null;
  fromLocation: string;
  stagingLocation: string;
  quantity: number;
}

export interface PackTaskPayload {
  orderNumber: string;
  customerName: string | null;
  staged: StagedPick[];
}

export interface PackageRecord {
  packageNo: string;
  weightKg: number;
  /** The dock (staging location) it is packed at: one warehouse's stock per package, one shipment per dock. */
  dock?: string;
  contents: { lineNo: number; quantity: number }[];
}

/** The pack task's completion: per line, the packed totals must equal what is staged. */
export interface PackOutcome {
  packages: PackageRecord[];
}

export interface ShipTaskPayload {
  orderNumber: string;
  customerName: string | null;
  packages: PackageRecord[];
  /** Every package must pass its pack check (scanned on the pack-check screen) before the shipment is confirmed. */
  packCheck?: boolean;
}

export interface ShipOutcome {
  carrier: string;
  trackingNumber: string;
}

/** The credit check's decision: the rule version that decided, the rule that fired and the figures it saw. */
export interface CreditDecision {
  action: 'pass' | 'hold';
  reason: string;
  ruleSetCode: string | null;
  version: number | null;
  rule: string | null;
  decisionId: number | null;
  exposureAfter: number;
  creditLimit: number;
  overdueAmount: number;
  resolution?: { outcome: 'approved' | 'rejected' | 'timed-out'; by: string | null; comment: string | null };
}

export interface CreditApprovalTaskPayload extends CreditDecision {
  orderNumber: string;
}

export interface CreditApprovalOutcome {
  decision: 'approve' | 'reject';
  comment?: string;
}

// ---- reports ---------------------------------------------------------------

export interface Warehouse {
  code: string;
  name: string;
  virtual: boolean;
}

export interface StockOnHandRow {
  itemSku: string;
  itemName: string;
  uom: string;
  warehouseCode: string;
  virtualWarehouse: boolean;
  locationCode: string;
  lotCode: string | null;
  expiryDate: string | null;
  status: string;
  /** The lot's expiry date has passed (shown apart from the blocked status). */
  expired: boolean;
  quantity: number;
  reserved: number;
  free: number;
  unitValue: number;
  value: number;
}

export interface QuantityValue {
  quantity: number;
  value: number;
}

export interface StockOnHandReport extends Paged<StockOnHandRow> {
  totals: QuantityValue & { expired: QuantityValue; blocked: QuantityValue };
}

export interface StockOnHandQuery {
  itemSku?: string;
  warehouseCode?: string;
  page: number;
  pageSize: number;
}

export interface ItemLedgerRow {
  moveId: number;
  effectiveAt: string;
  moveType: string;
  documentType: string;
  documentRef: string;
  lineNo: number | null;
  fromLocation: string | null;
  toLocation: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  lotCode: string | null;
  quantity: number;
  quantityIn: number;
  quantityOut: number;
  runningQuantity: number;
  valueIn: number;
  valueOut: number;
  runningValue: number;
}

export interface ItemLedgerReport extends Paged<ItemLedgerRow> {
  item: { sku: string; name: string; uom: string; valuationMethod: string };
  onHand: number;
  value: number;
}

export const AGING_BUCKETS = ['0-30', '31-90', '91-180', '180+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface StockAgingRow {
  itemSku: string;
  itemName: string;
  uom: string;
  lotCode: string;
  receivedAt: string;
  expiryDate: string | null;
  ageDays: number;
  bucket: AgingBucket;
  quantity: number;
  value: number;
}

export interface StockAgingReport extends Paged<StockAgingRow> {
  buckets: { bucket: AgingBucket; lots: number; quantity: number; value: number }[];
}

export interface SlowMovingRow {
  itemSku: string;
  itemName: string;
  uom: string;
  lastOutgoingAt: string | null;
  daysSinceLastOutgoing: number | null;
  quantity: number;
  value: number;
}

export interface SlowMovingReport extends Paged<SlowMovingRow> {
  days: number;
  totals: { value: number };
}

export type TrialBalanceBasis = 'cumulative' | 'period';

export interface TrialBalanceAccount {
  code: string;
  name: string;
  type: string;
  normalSide: 'debit' | 'credit';
  active: boolean;
  /** Balances are debit minus credit. */
  opening: number;
  debitMovement: number;
  creditMovement: number;
  closing: number;
  /** Totals of every posting through `to`. */
  debit: number;
  credit: number;
  balance: number;
}

export interface TrialBalanceReport {
  /** cumulative: balances as of `to`, movement the fiscal year to date; period: the movement from..to. */
  basis: TrialBalanceBasis;
  period: string | null;
  from: string;
  to: string | null;
  timeZone: string;
  accounts: TrialBalanceAccount[];
  totals: {
    debit: number;
    credit: number;
    difference: number;
    opening: number;
    debitMovement: number;
    creditMovement: number;
    closing: number;
  };
  balanced: boolean;
}

export interface InventoryValuationRow {
  itemSku: string;
  itemName: string;
  uom: string;
  method: string;
  valuedPerWarehouse: boolean;
  scopes: number;
  quantity: number;
  value: number;
  unitValue: number;
}

export interface InventoryValuationReport extends Paged<InventoryValuationRow> {
  totals: {
    quantity: number;
    value: number;
    inventoryAccount: string;
    inventoryAccountBalance: number;
    difference: number;
    reconciled: boolean;
  };
}

// ---- accounting periods ----------------------------------------------------

export interface AccountingPeriod {
  code: string;
  startsOn: string;
  endsOn: string;
  status: 'open' | 'soft-locked' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  /** The reason given at the latest close, while closed. */
  closeReason: string | null;
  entries: number;
}

// ---- rule sets ---------------------------------------------------------------

export type RuleVersionStatus = 'draft' | 'published' | 'retired';

/** A rule-set version without its content (as listed). */
export interface RuleSetVersionSummary {
  id: number;
  ruleSetCode: string;
  type: string;
  version: number;
  status: RuleVersionStatus;
  contentHash: string;
  effectiveFrom: string | null;
  author: string;
  publishedBy: string | null;
  publishedAt: string | null;
  createdAt: string;
}

/** One version with its content; content is whatever the server stored (validated when saved). */
export interface RuleSetVersion extends RuleSetVersionSummary {
  content: RuleSetContent;
}

export interface RuleSetSummary {
  code: string;
  type: string;
  name: string;
  /** The version in force now, or null. */
  inForce: number | null;
  /** Newest first. */
  versions: RuleSetVersionSummary[];
}

/** A leaf condition: `fact` (narrowed by `path` for attributes facts) `operator` `value`. */
export interface RuleLeafCondition {
  fact: string;
  operator: string;
  /** A literal, a list (in / notIn), or `{ fact }` to compare with another fact. */
  value: unknown;
  path?: string;
  name?: string;
}

export type RuleCondition =
  | RuleLeafCondition
  | { all: RuleCondition[]; name?: string }
  | { any: RuleCondition[]; name?: string }
  | { not: RuleCondition; name?: string };

/** A policy: its shape depends on the rule-set type (allocation, valuation, expiry, cost-distribution). */
export type RulePolicy = Record<string, unknown>;

export interface RuleDefinition {
  name: string;
  priority: number;
  conditions: RuleCondition;
  event: { type: 'policy'; params: RulePolicy };
}

export interface RuleSetContent {
  rules: RuleDefinition[];
  defaultPolicy: RulePolicy;
}

/** How one condition evaluated in a decision; leaves show the fact's value next to the expected one. */
export type RuleConditionTrace =
  | { all: RuleConditionTrace[]; result: boolean | null; name?: string }
  | { any: RuleConditionTrace[]; result: boolean | null; name?: string }
  | { not: RuleConditionTrace; result: boolean | null; name?: string }
  | RuleLeafTrace;

export interface RuleLeafTrace {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  valueFact?: string;
  factResult: unknown;
  result: boolean | null;
  name?: string;
}

export interface RuleTrace {
  name: string;
  priority: number;
  conditions: RuleConditionTrace;
}

/** What a version decided for a set of facts and why (a dry run, or a recorded decision). */
export interface RuleDecision {
  ruleSetId: number;
  version: number;
  contentHash: string;
  facts: Record<string, unknown>;
  firedRules: RuleTrace[];
  rejectedRules?: RuleTrace[];
  /** The winning rule, or null when the default policy applied. */
  rule: string | null;
  policy: RulePolicy;
  usedDefault: boolean;
}

export interface RuleDryRunRequest {
  facts?: Record<string, unknown>;
  decisionId?: number;
}

export interface RuleBackTestRow {
  decisionId: number;
  recordedVersion: number;
  changed: boolean;
  before: { rule: string | null; policy: unknown };
  after: { rule: string | null; policy: unknown } | null;
  error: string | null;
}

export interface RuleBackTestResult {
  version: number;
  examined: number;
  changed: number;
  results: RuleBackTestRow[];
}

export interface RuleDiffChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface RuleDiff {
  from: number;
  to: number;
  changes: RuleDiffChange[];
}

/** A decision a version made in a running process, as stored. */
export interface RuleDecisionRecord {
  id: number;
  workflowId: string | null;
  businessKey: string | null;
  facts: unknown;
  firedRules: unknown;
  /** For allocation: { lineNo, rule, usedDefault, policy, picks, backorder }. */
  result: unknown;
  createdAt: string;
}

/** Rule-set errors also list every problem with its JSON path (`$.rules[0].conditions.all[1].operator`). */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

// ---- order-fulfillment state (the parts the instance page explains) -----------

/** Why a line was allocated as it was: the version, the rule that fired (null: the default policy), the decision. */
export interface AllocationReason {
  ruleSetCode: string;
  version: number;
  rule: string | null;
  usedDefault: boolean;
  sortKeys: string[];
  partial: string;
  decisionId: number;
}

export interface ReservedOrderLine {
  lineNo: number;
  itemSku: string;
  itemName: string;
  uom: string;
  quantity: number;
  picks: ProposedPick[];
  backorder?: number;
  reason?: AllocationReason;
}

export interface ReservedOrderLineState extends ReservedOrderLine {
  shipped?: number;
}

export interface ShipmentRecord {
  round: number;
  packages: PackageRecord[];
  carrier: string;
  trackingNumber: string;
  shippedBy: string;
  result: { moveIds: number[]; shippedByLine: Record<string, number>; status: 'shipped' | 'partially-shipped' };
  invoice: { invoiceNumber: string; amount: number; journalEntryId: number | null } | null;
}

/** One allocation decision for one line in one round (older instances recorded only those that reserved stock). */
export interface OrderAllocation {
  round: number;
  lineNo: number;
  picks: ProposedPick[];
  reason?: AllocationReason;
  backorder?: number;
}

/** The live state of an order-fulfillment instance (the workflow's `getState` query). */
export interface OrderFulfillmentState {
  orderNumber: string;
  step: string;
  customerCode: string | null;
  customerName: string | null;
  lines: ReservedOrderLineState[];
  ruleVersions: Record<string, { ruleSetCode: string; version: number } | undefined>;
  credit: CreditDecision | null;
  /** Every allocation decision, round by round: its picks, or none and what it left on backorder. */
  allocations: OrderAllocation[];
  round: number;
  pickedBy: string | null;
  staged: StagedPick[];
  openByLine: Record<string, number>;
  backorderedSince: string | null;
  shipments: ShipmentRecord[];
  cancellation: { reason: string; requestedBy: string } | null;
}

export interface CancelOrderResponse {
  orderNumber: string;
  accepted: true;
  step: string;
}
